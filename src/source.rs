//! Stage 1: walk `content/` and read every briefing, in a sorted, deterministic
//! order. Other files there (images, PDFs) are assets, copied to the output.
//!
//! Input: the site root. Output: `Vec<SourceFile>`, `Vec<Asset>` and diagnostics
//! for files that cannot be briefings (invalid UTF-8) and for links that are
//! not followed (loops, links that leave `content/`).

use crate::diag::{Diagnostic, Pos};
use crate::error::Result;
use crate::fs;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// One Markdown file under `content/`.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to `content/`, `/`-separated: `2024/power-of-siberia.md`.
    pub rel: String,
    /// Path relative to the site root, for diagnostics: `content/2024/...`.
    pub display: String,
    /// The text, BOM removed, line ends normalised to `\n`.
    pub text: String,
}

/// A non-Markdown file under `content/`, copied to the output as is.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Path relative to `content/`, `/`-separated.
    pub rel: String,
    /// Absolute path on disk.
    pub path: PathBuf,
}

/// What stage 1 found.
#[derive(Debug, Default)]
pub struct Sources {
    /// Briefing sources, sorted by path.
    pub files: Vec<SourceFile>,
    /// Other files, sorted by path.
    pub assets: Vec<Asset>,
    /// Files that could not be read as briefings.
    pub diagnostics: Vec<Diagnostic>,
}

/// Names that are never content: hidden files and editor leftovers.
pub(crate) fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || name.ends_with('~') || (name.starts_with('#') && name.ends_with('#'))
}

/// Reads every briefing and lists every asset under `content_dir`.
pub fn scan(content_dir: &Path, root: &Path) -> Result<Sources> {
    let mut sources = Sources::default();
    if !content_dir.is_dir() {
        return Ok(sources);
    }
    let md_paths = walk(content_dir, root, &mut sources);
    let read: Vec<Result<std::result::Result<SourceFile, Diagnostic>>> = md_paths
        .into_par_iter()
        .map(|(rel, path)| {
            let bytes = fs::read(&path)?;
            Ok(decode(bytes, &rel, display_path(&path, root)))
        })
        .collect();
    for r in read {
        match r? {
            Ok(f) => sources.files.push(f),
            Err(d) => sources.diagnostics.push(d),
        }
    }
    Ok(sources)
}

/// Reads the one briefing at `rel` under `content_dir` again, for `serve`
/// after an edit: `None` when it is gone, or is not a plain file (a link
/// goes through [`scan`], which decides whether to follow it). A file that
/// is there but cannot be read is an error, as in [`scan`].
pub fn read_one(
    content_dir: &Path,
    rel: &str,
    root: &Path,
) -> Result<Option<std::result::Result<SourceFile, Diagnostic>>> {
    let path = content_dir.join(rel);
    match std::fs::symlink_metadata(&path) {
        Ok(meta) if meta.file_type().is_file() => {
            let bytes = fs::read(&path)?;
            Ok(Some(decode(bytes, rel, display_path(&path, root))))
        }
        _ => Ok(None),
    }
}

/// Lists `content/`: Markdown paths are returned, assets and diagnostics go
/// into `sources`.
///
/// Links are followed only while they stay inside `content/`, so a link to
/// `/` or `~` can neither leak files nor walk the whole disk. A linked folder
/// inside a linked folder is not followed either: walkdir stops loops, but
/// folders linking to each other without a loop could still multiply the walk.
fn walk(content_dir: &Path, root: &Path, sources: &mut Sources) -> Vec<(String, PathBuf)> {
    let canonical_content = content_dir
        .canonicalize()
        .unwrap_or_else(|_| content_dir.to_owned());
    let mut md_paths = Vec::new();
    let mut walker = walkdir::WalkDir::new(content_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
    // The depth of the linked folder being walked, if any.
    let mut in_linked: Option<usize> = None;
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                sources
                    .diagnostics
                    .push(walk_error(&err, [content_dir, &canonical_content], root));
                continue;
            }
        };
        if in_linked.is_some_and(|depth| entry.depth() <= depth) {
            in_linked = None;
        }
        let is_dir = entry.file_type().is_dir();
        if entry.path_is_symlink() {
            if let Some(d) = refuse_link(&entry, in_linked.is_some(), &canonical_content, root) {
                sources.diagnostics.push(d);
                if is_dir {
                    walker.skip_current_dir();
                }
                continue;
            }
            if is_dir {
                in_linked = Some(entry.depth());
            }
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path();
        let rel = rel_path(path, content_dir);
        if path.extension().is_some_and(|e| e == "md") {
            md_paths.push((rel, path.to_owned()));
        } else {
            sources.assets.push(Asset {
                rel,
                path: path.to_owned(),
            });
        }
    }
    md_paths
}

/// Why a link is not followed, if it is not: it leads outside `content/`, or
/// it is a folder link inside a folder reached through a link (`in_linked`).
fn refuse_link(
    entry: &walkdir::DirEntry,
    in_linked: bool,
    canonical_content: &Path,
    root: &Path,
) -> Option<Diagnostic> {
    let path = entry.path();
    let is_dir = entry.file_type().is_dir();
    let inside = path
        .canonicalize()
        .is_ok_and(|p| p.starts_with(canonical_content));
    if !inside {
        Some(outside(&display_path(path, root), is_dir))
    } else if is_dir && in_linked {
        Some(nested(&display_path(path, root)))
    } else {
        None
    }
}

/// A folder or file walkdir could not enter: a link loop, a broken link, no
/// permission. walkdir counts a link to a folder above `content/` (`/`, the
/// site root) as a loop too; that one is reported as leaving `content/`.
fn walk_error(err: &walkdir::Error, content: [&Path; 2], root: &Path) -> Diagnostic {
    let file = display_path(err.path().unwrap_or(Path::new("")), root);
    match err.loop_ancestor() {
        Some(above) if !content.iter().any(|c| above.starts_with(c)) => outside(&file, true),
        Some(ancestor) => Diagnostic::warning(
            &file,
            None,
            "content/symlink-loop",
            format!(
                "symbolic link loops back to `{}`, not followed",
                display_path(ancestor, root)
            ),
        )
        .with_help("remove the link, or point it at a folder that does not contain it"),
        None => Diagnostic::warning(
            &file,
            None,
            "content/unreadable",
            "cannot read, skipped".into(),
        ),
    }
}

fn outside(file: &str, is_dir: bool) -> Diagnostic {
    let what = if is_dir { "folder" } else { "file" };
    Diagnostic::warning(
        file,
        None,
        "content/symlink-outside",
        "symbolic link points outside `content/`, not followed".into(),
    )
    .with_help(format!(
        "copy the {what} into `content/` instead of linking to it"
    ))
}

fn nested(file: &str) -> Diagnostic {
    Diagnostic::warning(
        file,
        None,
        "content/symlink-nested",
        "symbolic link to a folder inside a linked folder, not followed".into(),
    )
    .with_help("link to the folder from outside the linked folder, or copy it")
}

fn rel_path(path: &Path, base: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// A path as shown in diagnostics: relative to the site root, `/`-separated.
pub(crate) fn display_path(path: &Path, root: &Path) -> String {
    rel_path(path, root)
}

/// Turns bytes into text: UTF-8 required, BOM dropped, CRLF and CR made `\n`.
fn decode(
    bytes: Vec<u8>,
    rel: &str,
    display: String,
) -> std::result::Result<SourceFile, Diagnostic> {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let bad = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = bytes[..bad].iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = bytes[..bad]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let col = String::from_utf8_lossy(&bytes[line_start..bad])
                .chars()
                .count()
                + 1;
            return Err(Diagnostic::error(
                &display,
                Some(Pos::new(line as u32, col as u32)),
                "content/encoding",
                format!("invalid UTF-8 (byte 0x{:02x} at offset {bad})", bytes[bad]),
            )
            .with_help("save the file as UTF-8"));
        }
    };
    let text = text
        .strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text);
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    };
    // CommonMark would keep NUL; replacing it keeps NUL free for link slots.
    let text = if text.contains('\0') {
        text.replace('\0', "\u{fffd}")
    } else {
        text
    };
    Ok(SourceFile {
        rel: rel.to_string(),
        display,
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_strips_bom_and_crlf() {
        let f = decode(
            b"\xef\xbb\xbf---\r\ntitle: A\r\n---\r\n".to_vec(),
            "a.md",
            "content/a.md".into(),
        )
        .unwrap();
        assert_eq!(f.text, "---\ntitle: A\n---\n");
    }

    #[test]
    fn decode_replaces_nul_so_it_cannot_forge_link_slots() {
        let f = decode(
            b"---\ntitle: a\0\n---\nx\0".to_vec(),
            "a.md",
            "content/a.md".into(),
        )
        .unwrap();
        assert!(!f.text.contains('\0'));
        assert!(f.text.contains('\u{fffd}'));
    }

    #[test]
    fn decode_names_line_and_byte_of_bad_utf8() {
        let d = decode(
            b"---\ntitle: \xff\n".to_vec(),
            "a.md",
            "content/a.md".into(),
        )
        .unwrap_err();
        assert_eq!(d.pos, Some(Pos::new(2, 8)));
        assert_eq!(d.message, "invalid UTF-8 (byte 0xff at offset 11)");
    }

    #[test]
    fn editor_leftovers_and_hidden_files_are_ignored() {
        for name in [".DS_Store", "a.md~", "#a.md#", ".#a.md", ".git"] {
            assert!(is_ignored(name), "{name}");
        }
        assert!(!is_ignored("a.md"));
    }
}
