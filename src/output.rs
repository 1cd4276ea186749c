//! Stage 5: the files of the site. The build writes each page into a fresh
//! folder beside the output as soon as it is rendered, and swaps the folder
//! in only when everything was written and checked, so a failed or killed
//! build leaves the previous site as it was.
//!
//! Nothing else is touched: the only other folders sitrep writes or deletes
//! are its own temporary ones beside the output, named exactly
//! `.<output>.sitrep-<new|old|del>-<pid>`. Every file path is checked again
//! here, whatever the earlier stages did, so none can leave the output.

use crate::error::{Error, Result};
use crate::fs;
use rayon::prelude::*;
use std::ffi::OsString;
use std::path::{Component, Path, PathBuf};

/// The marker sitrep leaves in every output folder it creates; a non-empty
/// folder without it is never replaced.
pub const MARKER: &str = ".sitrep-output";

/// The folder being written.
const NEW: &str = "new";
/// The previous output during the swap: a whole site, put back if the swap was cut short.
const OLD: &str = "old";
/// The previous output once replaced, being deleted.
const DEL: &str = "del";

/// What a file's bytes are.
#[derive(Debug, Clone)]
pub enum Content {
    /// Rendered in memory.
    Bytes(Vec<u8>),
    /// Built into sitrep.
    Embedded(&'static [u8]),
    /// Copied from a file (assets, site static files).
    Copy(PathBuf),
}

/// One file of the built site.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path relative to the output folder, `/`-separated, checked safe.
    pub path: String,
    /// Its content.
    pub content: Content,
}

impl OutputFile {
    /// A rendered file.
    pub fn new(path: String, bytes: Vec<u8>) -> Self {
        OutputFile {
            path,
            content: Content::Bytes(bytes),
        }
    }
}

/// Refuses output folders whose replacement would destroy something else.
pub fn check_output_dir(output: &Path, root: &Path) -> Result<()> {
    let refuse = |reason: &str| Err(unsafe_output(output, reason));
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let home_real = home.as_deref().and_then(|h| h.canonicalize().ok());
    if output.parent().is_none() || home.as_deref() == Some(output) {
        return refuse(
            "it is the file-system root or your home folder; choose a folder such as `public`",
        );
    }
    let (parent, name) = locate(output)?;
    let resolved = parent.join(name);
    if home_real.as_deref() == Some(&resolved) {
        return refuse("it is your home folder; choose a folder such as `public`");
    }
    // Compared as the kernel resolves it (links, `..`), since that is what
    // the swap renames; the root both as given and resolved.
    let roots = [
        root.to_owned(),
        root.canonicalize().unwrap_or(root.to_owned()),
    ];
    for root in &roots {
        // The root itself is covered: it holds `content/`.
        let inputs = ["content", "templates", "static"].map(|d| root.join(d));
        if inputs.iter().any(|i| i.starts_with(&resolved)) {
            return refuse("it holds the site's own files; choose a folder such as `public`");
        }
        if inputs.iter().any(|i| resolved.starts_with(i)) {
            return refuse(
                "it is inside the site's input folders, so its pages would be read back as input; choose a folder such as `public`",
            );
        }
    }
    if resolved.is_file() {
        return refuse("it is a file; choose a folder");
    }
    let non_empty = std::fs::read_dir(&resolved).is_ok_and(|mut d| d.next().is_some());
    if non_empty && !resolved.join(MARKER).exists() {
        return refuse(
            "it is not empty and was not created by sitrep; empty it or choose another folder",
        );
    }
    Ok(())
}

fn unsafe_output(path: &Path, reason: &str) -> Error {
    Error::UnsafeOutput {
        path: path.to_owned(),
        reason: reason.into(),
    }
}

/// Where the output really is: its parent with links and `..` resolved, as
/// the swap's renames will follow them, and its own plain name. A `..` under
/// a folder that does not exist yet cannot be resolved before it is created,
/// and could then land anywhere (`missing/../content`), so it is refused.
fn locate(output: &Path) -> Result<(PathBuf, OsString)> {
    let Some(Component::Normal(name)) = output.components().next_back() else {
        return Err(unsafe_output(
            output,
            "it does not end in a folder name; give a path such as `public`",
        ));
    };
    let parent = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let parent = match parent.canonicalize() {
        Ok(p) => p,
        Err(_) if parent.components().any(|c| c == Component::ParentDir) => {
            return Err(unsafe_output(
                output,
                "its path goes through `..` in a folder that does not exist; give a path without `..`",
            ));
        }
        Err(_) => parent.to_owned(),
    };
    Ok((parent, name.to_owned()))
}

/// Checked here again, whatever produced it: a path that is absolute or has a
/// `..`, `.`, backslash or NUL segment could land outside the output folder.
fn check_file_path(path: &str) -> Result<()> {
    if crate::url::safe_path(path).as_deref() == Some(path) && !path.ends_with('/') {
        Ok(())
    } else {
        Err(unsafe_output(
            Path::new(path),
            "an output file's path must be relative and plain: no `..`, `.` or empty segment, no `\\`, `:` or NUL",
        ))
    }
}

/// Where rendered files go as they are made: straight into the staging folder
/// for `build` (so the site is never held in memory whole), into memory for
/// `serve`, nowhere for `check`.
pub trait Sink: Sync {
    /// Takes one file.
    fn put(&self, file: OutputFile) -> Result<()>;

    /// Whether this sink keeps pages from an earlier build, so that
    /// [`Sink::unchanged`] can answer yes. Pages are keyed only when it does.
    fn keyed(&self) -> bool {
        false
    }

    /// True when the sink already holds `path` made from inputs with this
    /// `key` (see `render::keys`): the page is not rendered again and the
    /// held one stays. Only `serve` keeps pages between builds.
    fn unchanged(&self, _path: &str, _key: u64) -> bool {
        false
    }

    /// True when the files are no longer wanted: `serve` has a newer change
    /// to build. Long stages look between pages and stop ([`Sink::go_on`]).
    fn superseded(&self) -> bool {
        false
    }

    /// [`Error::Superseded`](crate::Error::Superseded) once the files are no
    /// longer wanted.
    fn go_on(&self) -> Result<()> {
        if self.superseded() {
            Err(crate::Error::Superseded)
        } else {
            Ok(())
        }
    }
}

/// Keeps every file in memory.
#[derive(Debug, Default)]
pub struct Memory(std::sync::Mutex<Vec<OutputFile>>);

impl Memory {
    /// The files, in no set order.
    pub fn into_files(self) -> Vec<OutputFile> {
        self.0.into_inner().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Memory {
    fn put(&self, file: OutputFile) -> Result<()> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(file);
        Ok(())
    }
}

/// Drops every file: `check` renders everything but writes nothing.
#[derive(Debug, Default)]
pub struct Discard;

impl Sink for Discard {
    fn put(&self, _: OutputFile) -> Result<()> {
        Ok(())
    }
}

/// A fresh folder beside the output that files are written into as they are
/// rendered; [`Staging::commit`] swaps it in. Dropped without a commit (an
/// error, content that failed its checks), it is removed and the previous
/// site stays as it was.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    parent: PathBuf,
    name: String,
    output: PathBuf,
    /// Folders already made, so each is created once.
    made: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
    committed: bool,
}

impl Staging {
    /// Makes the staging folder for `output`, after removing what killed
    /// builds left behind.
    pub fn create(output: &Path) -> Result<Staging> {
        let (parent, name) = locate(output)?;
        fs::create_dir_all(&parent)?;
        let parent = fs::canonicalize(&parent)?;
        let output = parent.join(&name);
        let name = name.to_string_lossy().into_owned();
        clean_leftovers(&parent, &name, &output);
        let dir = parent.join(temp_name(&name, NEW));
        fs::create_dir(&dir)?;
        Ok(Staging {
            dir,
            parent,
            name,
            output,
            made: Default::default(),
            committed: false,
        })
    }

    /// Marks the folder as sitrep's and swaps it in for the output.
    pub fn commit(mut self) -> Result<()> {
        fs::write(
            &self.dir.join(MARKER),
            b"This folder is generated by sitrep build and replaced on every build.\n",
        )?;
        swap(&self.dir, &self.output, &self.parent, &self.name)?;
        self.committed = true;
        Ok(())
    }
}

impl Sink for Staging {
    fn put(&self, file: OutputFile) -> Result<()> {
        check_file_path(&file.path)?;
        let target = self.dir.join(&file.path);
        if let Some(folder) = target.parent() {
            let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
            if !made.contains(folder) {
                fs::create_dir_all(folder)?;
                made.insert(folder.to_owned());
            }
        }
        match &file.content {
            Content::Bytes(b) => fs::write(&target, b),
            Content::Embedded(b) => fs::write(&target, b),
            Content::Copy(src) => fs::copy(src, &target),
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Writes `files` as the new content of `output`, atomically replacing it.
/// Every path is checked before anything is created.
pub fn write(files: &[OutputFile], output: &Path) -> Result<()> {
    for f in files {
        check_file_path(&f.path)?;
    }
    let staging = Staging::create(output)?;
    files.par_iter().try_for_each(|f| staging.put(f.clone()))?;
    staging.commit()
}

/// This process's temporary folder of `kind` for the output called `name`.
fn temp_name(name: &str, kind: &str) -> String {
    format!(".{name}.sitrep-{kind}-{}", std::process::id())
}

/// The kind of sitrep temporary folder `file_name` is for the output `name`:
/// the exact shape of [`temp_name`], so near misses are never taken for one.
fn temp_kind(file_name: &str, name: &str) -> Option<&'static str> {
    let rest = file_name
        .strip_prefix('.')?
        .strip_prefix(name)?
        .strip_prefix(".sitrep-")?;
    let (kind, pid) = rest.split_once('-')?;
    let kind = [NEW, OLD, DEL].into_iter().find(|k| *k == kind)?;
    (!pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())).then_some(kind)
}

fn swap(staging: &Path, output: &Path, parent: &Path, name: &str) -> Result<()> {
    if output.symlink_metadata().is_err() {
        return fs::rename(staging, output);
    }
    let old = parent.join(temp_name(name, OLD));
    fs::rename(output, &old)?;
    if let Err(e) = fs::rename(staging, output) {
        let _ = std::fs::rename(&old, output);
        return Err(e);
    }
    // Renamed before it is emptied, so an `old` folder is always a whole site.
    let del = parent.join(temp_name(name, DEL));
    fs::rename(&old, &del)?;
    fs::remove_dir_all(&del)
}

/// Removes the temporary folders of earlier builds that were killed half-way.
/// Only real folders with exactly sitrep's names count; links and near misses
/// (`public.tmp`, `.public.sitrep-new-1.bak`) are someone else's.
fn clean_leftovers(parent: &Path, name: &str, output: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let mut found: Vec<(&str, PathBuf)> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| Some((temp_kind(&e.file_name().to_string_lossy(), name)?, e.path())))
        .collect();
    found.sort();
    for (kind, path) in found {
        // A kill between the swap's two renames left no output: put the old site back.
        if kind == OLD
            && output.symlink_metadata().is_err()
            && std::fs::rename(&path, output).is_ok()
        {
            continue;
        }
        let _ = std::fs::remove_dir_all(&path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_are_recognised_exactly() {
        let pid = std::process::id();
        assert_eq!(temp_kind(&temp_name("public", NEW), "public"), Some(NEW));
        assert_eq!(
            temp_kind(&format!(".public.sitrep-old-{pid}"), "public"),
            Some(OLD)
        );
        assert_eq!(temp_kind(".public.sitrep-del-1", "public"), Some(DEL));
        for near in [
            "public",
            "public.tmp",
            ".public",
            ".public.sitrep-tmp-1",
            ".public.sitrep-new-",
            ".public.sitrep-new-1a",
            ".public.sitrep-new-1.bak",
            ".public.sitrep-new",
            ".publicx.sitrep-new-1",
            ".pub.sitrep-new-1",
            "public.sitrep-new-1",
            ".public.sitrep-NEW-1",
        ] {
            assert_eq!(temp_kind(near, "public"), None, "{near}");
        }
    }

    #[test]
    fn file_paths_that_could_leave_the_output_are_refused() {
        for bad in [
            "../x",
            "/abs",
            "a/../../b",
            "a\\..\\b",
            "a\0b",
            "",
            "./a",
            "a/./b",
            "a//b",
            "a/",
        ] {
            assert!(check_file_path(bad).is_err(), "{bad:?}");
        }
        for good in ["index.html", "briefings/a/index.html", "a..b/c..d.png"] {
            assert!(check_file_path(good).is_ok(), "{good}");
        }
    }
}
