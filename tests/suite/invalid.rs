//! The bad-input set: every file under `tests/invalid/<area>/<fault>.md` is
//! wrapped into a minimal site as `content/<area>/<fault>.md` and checked; the
//! exact diagnostics text (file, line, column, rule, message, help) is a snapshot.

use crate::common::{TestSite, invalid_dir};
use std::path::Path;

/// `tests/invalid/front-matter/x.md` → `front-matter/x.md`.
fn rel(path: &Path) -> String {
    let rel = path
        .strip_prefix(invalid_dir())
        .expect("fixture is under tests/invalid");
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Every fixture, by relative path, with its bytes.
fn fixtures() -> Vec<(String, Vec<u8>)> {
    crate::common::read_tree(&invalid_dir())
        .into_iter()
        .filter(|(p, _)| p.ends_with(".md"))
        .collect()
}

/// Checks one fixture alone in a minimal site.
fn check_alone(rel: &str, bytes: &[u8]) -> sitrep::Report {
    let site = TestSite::minimal("invalid");
    site.write(&format!("content/{rel}"), bytes);
    site.check()
}

#[test]
fn invalid_briefing_is_reported() {
    insta::glob!("../invalid", "**/*.md", |path| {
        let rel = rel(path);
        let bytes = std::fs::read(path).expect("fixture is readable");
        let report = check_alone(&rel, &bytes);
        let file = format!("content/{rel}");
        assert!(
            report.diagnostics.has_errors(),
            "`{rel}` should give an error, got:\n{}",
            report.diagnostics
        );
        for d in &report.diagnostics {
            assert_eq!(d.file, file, "every diagnostic is about the bad file: {d}");
        }
        insta::assert_snapshot!(report.diagnostics.to_string());
    });
}

#[test]
fn all_invalid_briefings_are_reported_in_one_run() {
    let fixtures = fixtures();
    assert!(fixtures.len() >= 20, "the bad-input set is missing files");
    let site = TestSite::minimal("invalid-all");
    for (rel, bytes) in &fixtures {
        site.write(&format!("content/{rel}"), bytes);
    }
    let together = site.check();
    for (rel, bytes) in &fixtures {
        let file = format!("content/{rel}");
        // Several fixtures share a title on purpose; that warning needs two files.
        let in_one_run: Vec<String> = together
            .diagnostics
            .iter()
            .filter(|d| d.file == file && d.rule != "site/duplicate-title")
            .map(ToString::to_string)
            .collect();
        let alone: Vec<String> = check_alone(rel, bytes)
            .diagnostics
            .iter()
            .map(ToString::to_string)
            .collect();
        assert!(
            !in_one_run.is_empty(),
            "`{file}` was not reported in the combined run"
        );
        assert_eq!(
            in_one_run, alone,
            "`{file}` is reported differently next to the others"
        );
    }
    let files: Vec<&str> = together
        .diagnostics
        .iter()
        .map(|d| d.file.as_str())
        .collect();
    assert!(
        !files.contains(&"content/2023/target.md"),
        "the valid briefing is not blamed"
    );
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted, "diagnostics are sorted by file");
    let written = site.build();
    assert!(!written.written, "a site with errors is not written");
    assert!(!site.output().exists());
}
