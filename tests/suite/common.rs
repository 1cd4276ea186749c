//! Helpers shared by the suite: copy a fixture site from `tests/sites/<name>`
//! into a fresh folder under `CARGO_TARGET_TMPDIR`, run it through the library
//! (`sitrep::build` / `sitrep::check`) or the `sitrep` binary, and read back
//! what a reader would see: the output file list, a page, the `<main>` of a page.
//! Paths of the temporary folder are redacted as `[ROOT]` (the site root) and
//! `[TMP]` (the folder around it) so snapshots do not depend on the machine.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The crate's own folder: the sample site and `tests/` live here.
pub fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/sites/<name>`.
pub fn fixture(name: &str) -> PathBuf {
    manifest_dir().join("tests/sites").join(name)
}

/// `tests/invalid`.
pub fn invalid_dir() -> PathBuf {
    manifest_dir().join("tests/invalid")
}

/// The briefing every minimal site holds, so that link fixtures have a real
/// file, slug and heading to be a near miss of.
pub const TARGET_BRIEFING: &str = "---
title: Pipeline politics
date: 2023-03-01
topics: [Energy]
regions: [Russia]
---

## Energy cooperation

Text.
";

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A site in a temporary folder: `[TMP]/site` is the root, its output is `[TMP]/site/public`.
pub struct TestSite {
    /// The temporary folder around the site (the root's parent).
    pub tmp: PathBuf,
    /// The site root.
    pub root: PathBuf,
}

impl TestSite {
    /// An empty site root (no `content/` yet).
    pub fn empty(label: &str) -> TestSite {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("sitrep-suite")
            .join(format!("{label}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&tmp);
        let root = tmp.join("site");
        std::fs::create_dir_all(&root).expect("temporary site folder can be created");
        TestSite { tmp, root }
    }

    /// A copy of `tests/sites/<name>`.
    pub fn copy(name: &str) -> TestSite {
        let site = TestSite::empty(name);
        copy_dir(&fixture(name), &site.root);
        site
    }

    /// A site with only [`TARGET_BRIEFING`] at `content/2023/target.md`.
    pub fn minimal(label: &str) -> TestSite {
        let site = TestSite::empty(label);
        site.write("content/2023/target.md", TARGET_BRIEFING);
        site
    }

    /// Writes a file under the root, creating folders.
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) {
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().expect("a file has a parent folder"))
            .expect("folder can be created");
        std::fs::write(&path, bytes).expect("fixture file can be written");
    }

    /// Options for this site with defaults: public build into `public/`.
    pub fn opts(&self) -> sitrep::Options {
        sitrep::Options::new(&self.root)
    }

    /// The default output folder.
    pub fn output(&self) -> PathBuf {
        self.root.join("public")
    }

    /// Builds with default options; a fatal error fails the test.
    pub fn build(&self) -> sitrep::Report {
        self.build_with(|_| {})
    }

    /// Builds with options changed by `f`.
    pub fn build_with(&self, f: impl FnOnce(&mut sitrep::Options)) -> sitrep::Report {
        let mut opts = self.opts();
        f(&mut opts);
        let report =
            sitrep::build(&opts).unwrap_or_else(|e| panic!("build failed with a fatal error: {e}"));
        without_incomplete(report)
    }

    /// Builds and insists on a clean, written result.
    pub fn build_clean(&self) -> sitrep::Report {
        let report = self.build();
        assert_clean(&report);
        report
    }

    /// Checks with options changed by `f`.
    pub fn check_with(&self, f: impl FnOnce(&mut sitrep::Options)) -> sitrep::Report {
        without_incomplete(self.check_all(f))
    }

    /// Checks with options changed by `f`, keeping every diagnostic.
    pub fn check_all(&self, f: impl FnOnce(&mut sitrep::Options)) -> sitrep::Report {
        let mut opts = self.opts();
        f(&mut opts);
        sitrep::check(&opts).unwrap_or_else(|e| panic!("check failed with a fatal error: {e}"))
    }

    /// Checks with default options.
    pub fn check(&self) -> sitrep::Report {
        self.check_with(|_| {})
    }

    /// Every file of the default output, relative and `/`-separated, sorted.
    pub fn files(&self) -> Vec<String> {
        list_files(&self.output())
    }

    /// A page of the default output as text.
    pub fn page(&self, rel: &str) -> String {
        read_text(&self.output().join(rel))
    }

    /// The `<main>` element of a page of the default output.
    pub fn main(&self, rel: &str) -> String {
        main_of(&self.page(rel)).to_string()
    }

    /// Runs the `sitrep` binary in the temporary folder.
    pub fn run(&self, args: &[&str]) -> Run {
        let out = Command::new(env!("CARGO_BIN_EXE_sitrep"))
            .args(args)
            .current_dir(&self.tmp)
            .env("NO_COLOR", "1")
            .env_remove("COLUMNS")
            .output()
            .expect("the sitrep binary runs");
        Run {
            code: out.status.code().expect("sitrep exits with a code"),
            stdout: self.redact(&String::from_utf8_lossy(&out.stdout)),
            stderr: self.redact(&String::from_utf8_lossy(&out.stderr)),
        }
    }

    /// The root as a string for command lines.
    pub fn root_arg(&self) -> String {
        self.root.display().to_string()
    }

    /// Replaces the site root with `[ROOT]` and the folder around it with `[TMP]`.
    pub fn redact(&self, text: &str) -> String {
        text.replace(&self.root.display().to_string(), "[ROOT]")
            .replace(&self.tmp.display().to_string(), "[TMP]")
    }
}

impl Drop for TestSite {
    fn drop(&mut self) {
        // Keep the folder of a failing test for inspection.
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.tmp);
        }
    }
}

/// What a run of the binary gave.
#[derive(Debug)]
pub struct Run {
    /// Exit code.
    pub code: i32,
    /// Standard output, redacted.
    pub stdout: String,
    /// Standard error, redacted.
    pub stderr: String,
}

impl fmt::Display for Run {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "exit code: {}", self.code)?;
        writeln!(f, "--- stdout")?;
        write!(f, "{}", self.stdout)?;
        writeln!(f, "--- stderr")?;
        write!(f, "{}", self.stderr)
    }
}

/// Panics with the diagnostics unless the build wrote the site without any.
pub fn assert_clean(report: &sitrep::Report) {
    assert!(
        report.diagnostics.is_empty(),
        "expected no diagnostics, got:\n{}",
        report.diagnostics
    );
    assert!(report.written, "a clean build writes its output");
}

/// Staging or backup folders a build left beside the default output.
pub fn leftovers(site: &TestSite) -> Vec<String> {
    std::fs::read_dir(&site.root)
        .expect("the site root is readable")
        .map(|e| {
            e.expect("entry is readable")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.starts_with(".public.sitrep-"))
        .collect()
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("folder can be created");
    for entry in std::fs::read_dir(from).expect("fixture folder exists") {
        let entry = entry.expect("fixture entry is readable");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type is readable").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("fixture file can be copied");
        }
    }
}

/// Every file under `dir`, relative and `/`-separated, sorted.
pub fn list_files(dir: &Path) -> Vec<String> {
    read_tree(dir).into_keys().collect()
}

/// Every file under `dir` with its bytes, by relative `/`-separated path.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).expect("folder is readable") {
            let path = entry.expect("entry is readable").path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let rel = path.strip_prefix(base).expect("path is under its base");
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                out.insert(rel, std::fs::read(&path).expect("file is readable"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The HTML pages of a tree, as text.
pub fn html_pages(dir: &Path) -> BTreeMap<String, String> {
    read_tree(dir)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p, String::from_utf8(b).expect("pages are UTF-8")))
        .collect()
}

/// Reads a UTF-8 file.
pub fn read_text(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The `<main ...>...</main>` element of a page.
pub fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("page has a <main> element");
    let end = html[start..].find("</main>").expect("<main> is closed") + start + "</main>".len();
    &html[start..end]
}

/// Every value of `attr="..."` in `html`, in order.
pub fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let needle = format!(" {attr}=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            &rest[..rest.find('"').expect("attribute is closed")]
        })
        .collect()
}

/// The hrefs of `html`, in order.
pub fn hrefs(html: &str) -> Vec<&str> {
    attr_values(html, "href")
}

/// Rules every one-line fixture breaks: tests of other behaviour drop them
/// (through `build_with` and `check_with`) so each asserts only its own
/// diagnostics; `check_all` keeps them, and `lint` tests assert them.
pub const INCOMPLETE: &[&str] = &["briefing/no-summary", "briefing/no-takeaways"];

fn without_incomplete(mut report: sitrep::Report) -> sitrep::Report {
    let mut kept = sitrep::Diagnostics::default();
    for d in std::mem::take(&mut report.diagnostics) {
        if !INCOMPLETE.contains(&d.rule) {
            kept.push(d);
        }
    }
    report.diagnostics = kept;
    report
}

/// The rendered text of each diagnostic.
pub fn messages(report: &sitrep::Report) -> Vec<String> {
    report.diagnostics.iter().map(ToString::to_string).collect()
}
