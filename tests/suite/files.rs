//! File-system safety: links in `content/` (loops, links that leave it, links
//! that stay inside), output paths that try to leave the output folder, the
//! atomic swap under SIGKILL, and the folders beside the output that sitrep
//! must never touch.

use crate::common::{INCOMPLETE, TARGET_BRIEFING, TestSite, assert_clean, read_tree};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The diagnostics of a build, as text, without the rules one-line fixtures break.
fn shown(report: &sitrep::Report) -> Vec<String> {
    report
        .diagnostics
        .iter()
        .filter(|d| !INCOMPLETE.contains(&d.rule))
        .map(ToString::to_string)
        .collect()
}

/// Builds in another thread and fails the test if that takes a minute: a walk
/// that follows links forever must fail the test, not hang the suite.
fn build_in_time(opts: sitrep::Options) -> sitrep::Report {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(sitrep::build(&opts)));
    rx.recv_timeout(Duration::from_secs(60))
        .expect("the build finishes within a minute")
        .unwrap_or_else(|e| panic!("build failed with a fatal error: {e}"))
}

/// What a folder holds, without following links: each file's bytes, each
/// folder as `dir`, each link as `-> target`. `skip` is left out.
fn tree(dir: &Path, skip: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    fn walk(dir: &Path, skip: &Path, out: &mut BTreeMap<PathBuf, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).expect("folder is readable") {
            let path = entry.expect("entry is readable").path();
            if path == skip {
                continue;
            }
            let meta = path.symlink_metadata().expect("entry has metadata");
            if meta.file_type().is_symlink() {
                let target = std::fs::read_link(&path).expect("link is readable");
                out.insert(path, format!("-> {}", target.display()).into_bytes());
            } else if meta.is_dir() {
                out.insert(path.clone(), b"dir".to_vec());
                walk(&path, skip, out);
            } else {
                out.insert(
                    path.clone(),
                    std::fs::read(&path).expect("file is readable"),
                );
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, skip, &mut out);
    out
}

#[cfg(unix)]
fn link(target: impl AsRef<Path>, site: &TestSite, at: &str) {
    let at = site.root.join(at);
    std::fs::create_dir_all(at.parent().expect("a link has a parent folder")).unwrap();
    std::os::unix::fs::symlink(target, at).expect("link can be created");
}

// ---------------------------------------------------------------- links in content/

#[cfg(unix)]
#[test]
fn symlink_loops_in_content_are_warnings_and_the_build_completes() {
    let site = TestSite::minimal("loops");
    site.write(
        "content/a/x.md",
        "---\ntitle: X\ndate: 2024-01-01\n---\n\nText.\n",
    );
    link("..", &site, "content/a/loop");
    link(".", &site, "content/b/self");
    link("../d", &site, "content/c/to-d");
    link("../c", &site, "content/d/to-c");
    let report = build_in_time(site.opts());
    let help = "\n  help: remove the link, or point it at a folder that does not contain it";
    assert_eq!(
        shown(&report),
        [
            "content/a/loop: warning[content/symlink-loop]: symbolic link loops back to `content`, not followed",
            "content/b/self: warning[content/symlink-loop]: symbolic link loops back to `content/b`, not followed",
            "content/c/to-d/to-c: warning[content/symlink-loop]: symbolic link loops back to `content/c`, not followed",
            "content/d/to-c/to-d: warning[content/symlink-loop]: symbolic link loops back to `content/d`, not followed",
        ]
        .map(|m| format!("{m}{help}"))
    );
    assert!(report.written, "warnings do not stop the build");
    assert!(site.output().join("briefings/x/index.html").exists());
}

#[cfg(unix)]
#[test]
fn folders_linking_to_each_other_without_a_loop_do_not_multiply_the_walk() {
    // Two links per level to the next: followed blindly, 2^24 paths.
    const LEVELS: usize = 24;
    let site = TestSite::minimal("link-fan");
    for i in 0..LEVELS - 1 {
        for name in ["a", "b"] {
            link(
                format!("../d{:02}", i + 1),
                &site,
                &format!("content/d{i:02}/{name}"),
            );
        }
    }
    site.write(&format!("content/d{:02}/leaf.txt", LEVELS - 1), "leaf\n");
    let report = build_in_time(site.opts());
    let messages = shown(&report);
    // Each real folder's two links are followed; the two links inside each are not.
    assert_eq!(messages.len(), 4 * (LEVELS - 2), "{messages:#?}");
    assert_eq!(
        messages[0],
        "content/d00/a/a: warning[content/symlink-nested]: symbolic link to a folder inside a linked folder, not followed\n  help: link to the folder from outside the linked folder, or copy it"
    );
    assert!(
        report
            .diagnostics
            .iter()
            .all(|d| d.rule == "content/symlink-nested" || INCOMPLETE.contains(&d.rule))
    );
    assert!(report.written);
    let last = format!("d{:02}", LEVELS - 1);
    let leaf_copies: Vec<String> = site
        .files()
        .into_iter()
        .filter(|f| f.ends_with("leaf.txt"))
        .collect();
    assert_eq!(
        leaf_copies,
        [
            format!("d{:02}/a/leaf.txt", LEVELS - 2),
            format!("d{:02}/b/leaf.txt", LEVELS - 2),
            format!("{last}/leaf.txt"),
        ]
    );
}

#[cfg(unix)]
#[test]
fn symlinked_folders_leading_outside_content_are_skipped_with_a_warning() {
    let site = TestSite::minimal("links-out");
    site.write(
        "outside/secret.md",
        "---\ntitle: Secret\ndate: 2024-01-01\n---\n\nText.\n",
    );
    site.write("outside/secret.pdf", "secret\n");
    site.write(
        "content/2024/public.md",
        "---\ntitle: Public\ndate: 2024-01-01\n---\n\nText.\n",
    );
    link("../outside", &site, "content/ext");
    link("../../outside/secret.pdf", &site, "content/2024/report.pdf");
    // Followed blindly, this would walk the whole disk.
    link("/", &site, "content/everything");
    // Inside content/ at first sight, outside once resolved.
    link("../2024/../../outside", &site, "content/2023/sneaky");
    let report = build_in_time(site.opts());
    let warning = |file: &str, what: &str| {
        format!(
            "{file}: warning[content/symlink-outside]: symbolic link points outside `content/`, not followed\n  help: copy the {what} into `content/` instead of linking to it"
        )
    };
    assert_eq!(
        shown(&report),
        [
            warning("content/2023/sneaky", "folder"),
            warning("content/2024/report.pdf", "file"),
            warning("content/everything", "folder"),
            warning("content/ext", "folder"),
        ]
    );
    assert!(report.written, "warnings do not stop the build");
    let files = site.files();
    assert!(files.contains(&"briefings/public/index.html".to_string()));
    for f in &files {
        assert!(
            !f.contains("secret") && !f.starts_with("ext/") && !f.starts_with("everything/"),
            "`{f}` came from outside `content/`"
        );
    }
}

#[cfg(unix)]
#[test]
fn symlinks_that_stay_inside_content_are_followed() {
    let site = TestSite::minimal("links-in");
    site.write(
        "content/library/maps/route.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
    );
    site.write(
        "content/.shared/latest-note.md",
        "---\ntitle: Latest note\ndate: 2024-05-01\n---\n\nText.\n",
    );
    link("2023/target.md", &site, "content/pipeline.md");
    link("../library/maps", &site, "content/2024/maps");
    link(".shared", &site, "content/notes");
    link(
        site.root.join("content/library/maps/route.svg"),
        &site,
        "content/route.svg",
    );
    let report = build_in_time(site.opts());
    assert_eq!(shown(&report), Vec::<String>::new());
    assert!(report.written);
    let files = site.files();
    for expected in [
        "briefings/target/index.html",
        "briefings/pipeline/index.html",
        "briefings/latest-note/index.html",
        "2024/maps/route.svg",
        "library/maps/route.svg",
        "route.svg",
    ] {
        assert!(
            files.iter().any(|f| f == expected),
            "missing {expected}: {files:#?}"
        );
    }
    assert!(
        site.page("briefings/pipeline/index.html")
            .contains("Pipeline politics")
    );
}

// ---------------------------------------------------------------- output paths

/// How a hostile build must end.
enum Outcome {
    /// Written, with this page inside the output.
    Page(String),
    /// Not written, with exactly these diagnostics.
    Refused(Vec<String>),
}

/// Absolute places a path that escaped would land in.
const ABSOLUTE: [&str; 3] = ["/abs", "/etc/x", "/outside"];

/// Builds a site whose briefing `content/<file>` has the extra front matter
/// lines `front`, and checks that nothing outside the output changed.
fn hostile_build(file: &str, front: &str, outcome: Outcome) {
    let site = TestSite::minimal("hostile");
    site.write(
        &format!("content/{file}"),
        format!("---\ntitle: Hostile\ndate: 2024-01-01\n{front}---\n\nText.\n"),
    );
    let before = tree(&site.tmp, &site.output());
    let absolute_before = ABSOLUTE.map(|p| Path::new(p).exists());
    let report = build_in_time(site.opts());
    assert!(
        tree(&site.tmp, &site.output()) == before,
        "`{file}` with {front:?} changed files outside the output folder"
    );
    assert_eq!(ABSOLUTE.map(|p| Path::new(p).exists()), absolute_before);
    match outcome {
        Outcome::Page(page) => {
            assert_eq!(
                shown(&report),
                Vec::<String>::new(),
                "`{file}` with {front:?}"
            );
            assert!(report.written);
            let files = site.files();
            assert!(files.contains(&page), "{page} is missing: {files:#?}");
        }
        Outcome::Refused(expected) => {
            assert_eq!(shown(&report), expected, "`{file}` with {front:?}");
            assert!(!report.written && !site.output().exists());
        }
    }
}

fn page(p: &str) -> Outcome {
    Outcome::Page(p.to_string())
}

#[test]
fn hostile_slugs_give_safe_pages_inside_the_output() {
    let dots = sitrep::slug::Slug::new("..");
    let cases = [
        (
            "slug: ../../etc/passwd\n",
            page("briefings/etc-passwd/index.html"),
        ),
        ("slug: /abs\n", page("briefings/abs/index.html")),
        (
            "slug: '..\\..\\windows'\n",
            page("briefings/windows/index.html"),
        ),
        ("slug: \"a\\0b\"\n", page("briefings/a-b/index.html")),
        (
            "slug: '..'\n",
            page(&format!("briefings/{dots}/index.html")),
        ),
    ];
    for (front, outcome) in cases {
        hostile_build("hostile.md", front, outcome);
    }
}

#[test]
fn hostile_terms_give_safe_pages_inside_the_output() {
    hostile_build(
        "hostile.md",
        "topics: [\"../../x\"]\n",
        page("topics/x/index.html"),
    );
    hostile_build(
        "hostile.md",
        "regions: [\"/etc\"]\n",
        page("regions/etc/index.html"),
    );
    hostile_build(
        "hostile.md",
        "topics: ['..\\..\\y']\nregions: [\"..\"]\n",
        page("topics/y/index.html"),
    );
}

#[test]
fn hostile_file_names_give_safe_pages_inside_the_output() {
    hostile_build("a..b.md", "", page("briefings/a-b/index.html"));
    hostile_build(
        "x..%2f..%2fescape.md",
        "",
        page("briefings/x-2f-2fescape/index.html"),
    );
    #[cfg(unix)]
    hostile_build(
        "back\\..\\..\\slash.md",
        "",
        page("briefings/back-slash/index.html"),
    );
}

#[test]
fn hostile_aliases_are_errors_or_stay_inside_the_output() {
    hostile_build(
        "hostile.md",
        "aliases: [\"/etc/x/\"]\n",
        page("etc/x/index.html"),
    );
    // (alias, as written in YAML, where the diagnostic points: an escaped value at its key)
    for (alias, yaml, pos) in [
        ("../../outside/", "\"../../outside/\"", "4:12"),
        ("a/../../b", "\"a/../../b\"", "4:12"),
        ("..\\..\\outside\\", "'..\\..\\outside\\'", "4:12"),
        ("a\0b/", "\"a\\0b/\"", "4:1"),
    ] {
        let refused = format!(
            "content/hostile.md:{pos}: error[alias/invalid]: alias `{alias}` is not a path on this site\n  help: write a path inside the site, such as `old/path/`, without `..`"
        );
        hostile_build(
            "hostile.md",
            &format!("aliases: [{yaml}]\n"),
            Outcome::Refused(vec![refused]),
        );
    }
}

#[test]
fn output_write_refuses_file_paths_that_leave_the_output() {
    use sitrep::output::{Content, OutputFile, write};
    let site = TestSite::empty("write-refuses");
    let out = site.tmp.join("parent/out");
    let good = OutputFile::new("index.html".into(), b"home\n".to_vec());
    for bad in [
        "../escaped.html",
        "/abs/escaped.html",
        "a/../../escaped.html",
        "a\\..\\..\\escaped.html",
        "a\0b.html",
        "",
        "./a.html",
        "a//b.html",
        "folder/",
        "c:/escaped.html",
    ] {
        let before = tree(&site.tmp, Path::new(""));
        let bad_file = OutputFile {
            path: bad.into(),
            content: Content::Embedded(b"escaped\n"),
        };
        let err = write(&[good.clone(), bad_file], &out).expect_err(bad);
        assert!(
            matches!(err, sitrep::Error::UnsafeOutput { .. }),
            "{bad:?}: {err}"
        );
        assert_eq!(
            err.to_string(),
            format!(
                "refusing to write to `{bad}`: an output file's path must be relative and plain: no `..`, `.` or empty segment, no `\\`, `:` or NUL"
            )
        );
        assert!(
            tree(&site.tmp, Path::new("")) == before,
            "{bad:?} wrote something"
        );
    }
    assert!(!Path::new("/abs/escaped.html").exists());
}

fn refused(site: &TestSite, output: PathBuf) -> String {
    let mut opts = site.opts();
    opts.output = output;
    match sitrep::build(&opts) {
        Err(e @ sitrep::Error::UnsafeOutput { .. }) => site.redact(&e.to_string()),
        Err(e) => panic!("refused for the wrong reason: {e}"),
        Ok(r) => panic!("output `{}` was accepted: {r:?}", opts.output.display()),
    }
}

#[test]
fn output_paths_through_dot_dot_or_into_the_inputs_are_refused() {
    let site = TestSite::copy("basic");
    std::fs::create_dir_all(site.root.join("static")).unwrap();
    let before = tree(&site.tmp, Path::new(""));
    assert_eq!(
        refused(&site, site.root.join("missing/../content")),
        "refusing to write to `[ROOT]/missing/../content`: its path goes through `..` in a folder that does not exist; give a path without `..`"
    );
    assert_eq!(
        refused(&site, site.root.join("public/..")),
        "refusing to write to `[ROOT]/public/..`: it does not end in a folder name; give a path such as `public`"
    );
    assert_eq!(
        refused(&site, site.root.join("content/2024/../../content")),
        "refusing to write to `[ROOT]/content/2024/../../content`: it holds the site's own files; choose a folder such as `public`"
    );
    for inside in ["content/public", "static/site", "templates/out"] {
        assert_eq!(
            refused(&site, site.root.join(inside)),
            format!(
                "refusing to write to `[ROOT]/{inside}`: it is inside the site's input folders, so its pages would be read back as input; choose a folder such as `public`"
            )
        );
    }
    assert!(
        tree(&site.tmp, Path::new("")) == before,
        "the site's files changed"
    );
    // A `..` through folders that exist is resolved, as for `--output ../pages`.
    let mut opts = site.opts();
    opts.output = site.root.join("content/../../pages");
    assert_clean(&sitrep::build(&opts).expect("the build runs"));
    assert!(site.tmp.join("pages/index.html").is_file());
}

// ---------------------------------------------------------------- beside the output

/// sitrep's own temporary folders beside `parent/out`.
fn temporaries(parent: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(parent)
        .expect("the parent folder is readable")
        .map(|e| {
            e.expect("entry is readable")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.starts_with(".out.sitrep-"))
        .collect();
    names.sort();
    names
}

/// A write that fails half-way, after the staging folder was made: the
/// second file's source does not exist.
fn failing_write(out: &Path, site: &TestSite) -> sitrep::Error {
    use sitrep::output::{Content, OutputFile, write};
    let files = [
        OutputFile::new("index.html".into(), b"new\n".to_vec()),
        OutputFile {
            path: "gone.pdf".into(),
            content: Content::Copy(site.root.join("no-such-file.pdf")),
        },
    ];
    write(&files, out).expect_err("a missing source fails the write")
}

#[test]
fn builds_never_touch_anything_beside_the_output_folder() {
    let site = TestSite::copy("basic");
    let parent = site.tmp.join("parent");
    let out = parent.join("out");
    let put = |rel: &str| {
        let path = parent.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "keep me\n").unwrap();
    };
    // Near misses of sitrep's temporary names, `.out.sitrep-<new|old|del>-<pid>`.
    for dir in [
        "out.old",
        "out.tmp.d",
        ".out.sitrep-tmp-123",
        ".out.sitrep-new-",
        ".out.sitrep-new-12a",
        ".out.sitrep-old-x",
        ".out.sitrep-new-123.bak",
        ".out.sitrep-NEW-1",
        ".outx.sitrep-new-1",
        "out.sitrep-new-1",
        ".out2.sitrep-old-5",
        "keep/deeper",
        "precious",
    ] {
        put(&format!("{dir}/file.txt"));
    }
    for file in ["out.tmp", ".out", ".out.sitrep-del-7", "notes.txt"] {
        put(file);
    }
    put("out2/.sitrep-output");
    #[cfg(unix)]
    std::os::unix::fs::symlink("precious", parent.join(".out.sitrep-new-8")).unwrap();
    // Real leftovers of killed builds of `out`: the next build removes them.
    put(".out.sitrep-new-4000000001/index.html");
    put(".out.sitrep-del-4000000002/index.html");
    let neighbours = |t: BTreeMap<PathBuf, Vec<u8>>| -> BTreeMap<PathBuf, Vec<u8>> {
        t.into_iter()
            .filter(|(p, _)| !p.to_string_lossy().contains("sitrep-new-400000000"))
            .filter(|(p, _)| !p.to_string_lossy().contains("sitrep-del-400000000"))
            .collect()
    };
    let expected = neighbours(tree(&parent, &out));
    let build = || site.build_with(|o| o.output = out.clone());

    assert_clean(&build());
    assert!(
        tree(&parent, &out) == expected,
        "a successful build touched a neighbour"
    );
    let first = read_tree(&out);

    site.write(
        "content/2024/broken.md",
        "---\ntitle: Broken\ndate: 2024-09-01\n---\n\nSee [the talks](gas-taks.md).\n",
    );
    assert!(!build().written);
    assert!(
        tree(&parent, &out) == expected,
        "a failed build touched a neighbour"
    );
    assert!(
        read_tree(&out) == first,
        "a failed build changed the output"
    );

    assert!(matches!(
        failing_write(&out, &site),
        sitrep::Error::Io { .. }
    ));
    assert!(
        tree(&parent, &out) == expected,
        "a failed write touched a neighbour"
    );
    assert!(
        read_tree(&out) == first,
        "a failed write changed the output"
    );

    std::fs::remove_file(site.root.join("content/2024/broken.md")).unwrap();
    assert_clean(&build());
    assert!(
        tree(&parent, &out) == expected,
        "a rebuild touched a neighbour"
    );
    assert!(read_tree(&out) == first);
}

#[test]
fn a_build_cut_between_the_swaps_renames_is_put_back() {
    let site = TestSite::copy("basic");
    let parent = site.tmp.join("parent");
    let out = parent.join("out");
    assert_clean(&site.build_with(|o| o.output = out.clone()));
    let previous = read_tree(&out);
    // What a kill between `out -> old` and `new -> out` leaves behind.
    std::fs::rename(&out, parent.join(".out.sitrep-old-4000000003")).unwrap();
    std::fs::create_dir_all(parent.join(".out.sitrep-new-4000000003/briefings")).unwrap();
    assert!(matches!(
        failing_write(&out, &site),
        sitrep::Error::Io { .. }
    ));
    assert!(
        read_tree(&out) == previous,
        "the previous site was not put back"
    );
    assert_eq!(temporaries(&parent), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn sigkill_during_a_build_leaves_the_previous_output_whole() {
    use std::os::unix::process::ExitStatusExt;
    use std::process::{Command, Stdio};
    let site = TestSite::empty("sigkill");
    // Few briefings and many assets: rendering is quick and writing is long
    // (over a second on a 2-core machine), so the kill lands while the new
    // site is being written; a kill that comes too late is retried.
    for i in 0..100 {
        site.write(
            &format!("content/{}/b{i:03}.md", 2000 + i % 20),
            format!(
                "---\ntitle: Briefing {i}\ndate: {}-01-02\n---\n\nText {i}.\n",
                2000 + i % 20
            ),
        );
    }
    for i in 0..1200 {
        site.write(
            &format!("content/files/{:02}/f{i:04}.txt", i % 40),
            format!("{i}{}", "x".repeat(2000)),
        );
    }
    site.write("content/2023/target.md", TARGET_BRIEFING);
    let parent = site.tmp.join("parent");
    let out = parent.join("out");
    let build = || site.build_with(|o| o.output = out.clone());
    assert_clean(&build());
    for attempt in 1..=5 {
        let before = read_tree(&out);
        let extra = format!("extra-{attempt}");
        site.write(
            &format!("content/2024/{extra}.md"),
            "---\ntitle: Extra\ndate: 2024-03-03\n---\n\nText.\n",
        );
        let mut child = Command::new(env!("CARGO_BIN_EXE_sitrep"))
            .args(["build", "--root", &site.root_arg(), "--output"])
            .arg(&out)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the sitrep binary starts");
        let staging = parent.join(format!(".out.sitrep-new-{}", child.id()));
        // Wait until the new site is being written: a first file in it.
        let writing = || {
            std::fs::read_dir(&staging)
                .is_ok_and(|mut d| d.any(|e| e.is_ok_and(|e| e.path().is_file())))
        };
        let seen = loop {
            if writing() {
                break true;
            }
            if child.try_wait().expect("the child can be polled").is_some() {
                break false;
            }
            std::thread::yield_now();
        };
        let _ = child.kill();
        let status = child.wait().expect("the child can be waited for");
        if seen && status.signal() == Some(9) && staging.exists() {
            assert!(read_tree(&out) == before, "the previous output changed");
            assert_clean(&build());
            assert_eq!(temporaries(&parent), Vec::<String>::new());
            assert!(out.join(format!("briefings/{extra}/index.html")).is_file());
            return;
        }
        // Too late: the build finished or was already swapping. Settle and retry.
        assert_clean(&build());
    }
    panic!("the kill never landed while the new site was being written");
}

#[test]
fn a_file_whose_name_cannot_be_a_url_is_a_warning_not_a_silent_loss() {
    let site = TestSite::copy("basic");
    site.write(
        "content/2024/map:v2.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    let report = site.build();
    assert!(report.written);
    let found: Vec<String> = report.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(
        found,
        [
            "content/2024/map:v2.svg: warning[content/unsafe-name]: this file's path cannot be a URL, so it is not published\n  help: rename it without `\\`, `:` or control characters"
        ]
    );
}
