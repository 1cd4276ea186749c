//! The `sitrep` binary: exit codes (0 ok, 1 content errors, 2 usage or fatal),
//! what goes to stdout and stderr, and the `check` output formats.

use crate::common::{Run, TestSite, leftovers, list_files, read_tree};

/// Hides the build time, the one part of the summary that changes between runs.
fn snapshot_run(name: &str, run: &Run) {
    insta::with_settings!({filters => vec![(r" in \d+\.\d+s", " in [TIME]")]}, {
        insta::assert_snapshot!(name, run.to_string());
    });
}

const BROKEN: &str = "---\ntitle: Broken\ndate: 2024-09-01\nsummary: S.\ntakeaways: [T.]\n---\n\nSee [the talks](gas-taks.md).\n";

/// The basic site with a summary and key takeaways on every briefing, so
/// `check` has no editorial warnings about it.
fn complete_site() -> TestSite {
    let site = TestSite::copy("basic");
    for (file, add) in [
        (
            "content/2024/arctic-route.md",
            "summary: S.\ntakeaways: [T.]\n",
        ),
        ("content/2024/gas-deal.md", "takeaways: [T.]\n"),
    ] {
        let text = std::fs::read_to_string(site.root.join(file)).expect("fixture file");
        site.write(file, text.replacen("\ndate:", &format!("\n{add}date:"), 1));
    }
    site
}

/// The complete basic site plus one briefing with a broken link.
fn broken_site() -> TestSite {
    let site = complete_site();
    site.write("content/2024/broken.md", BROKEN);
    site
}

#[test]
fn help_and_version_exit_zero() {
    let site = TestSite::empty("help");
    let help = site.run(&["--help"]);
    assert_eq!(help.code, 0, "{help}");
    assert!(help.stdout.contains("Usage: sitrep"));
    assert!(help.stdout.contains("build") && help.stdout.contains("check"));
    assert!(help.stderr.is_empty());
    snapshot_run("help", &help);

    let build_help = site.run(&["build", "--help"]);
    assert_eq!(build_help.code, 0);
    for flag in [
        "--root",
        "--output",
        "--base-url",
        "--drafts",
        "--future",
        "--allow-broken-links",
    ] {
        assert!(
            build_help.stdout.contains(flag),
            "build --help lacks {flag}"
        );
    }
    let check_help = site.run(&["check", "--help"]);
    for flag in ["--format", "--deny-warnings", "human", "json", "github"] {
        assert!(
            check_help.stdout.contains(flag),
            "check --help lacks {flag}"
        );
    }

    let version = site.run(&["--version"]);
    assert_eq!(version.code, 0);
    assert_eq!(
        version.stdout,
        format!("sitrep {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn bad_usage_exits_two() {
    let site = TestSite::copy("basic");
    let root = site.root_arg();
    let unknown = site.run(&["build", "--root", &root, "--frobnicate"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown
            .stderr
            .contains("unexpected argument '--frobnicate'"),
        "{unknown}"
    );
    assert!(unknown.stdout.is_empty());
    assert!(!site.output().exists());

    let none = site.run(&[]);
    assert_eq!(none.code, 2, "{none}");
    assert!(none.stderr.contains("Usage: sitrep"));

    let format = site.run(&["check", "--root", &root, "--format", "xml"]);
    assert_eq!(format.code, 2, "{format}");
    assert!(format.stderr.contains("invalid value 'xml'"), "{format}");

    let missing = site.run(&["build", "--root", "no-such-site"]);
    assert_eq!(missing.code, 2);
    assert_eq!(
        missing.stderr,
        "error: site root `[TMP]/no-such-site` is not a folder\n"
    );
}

#[test]
fn build_prints_a_summary_and_exits_zero() {
    let site = TestSite::copy("basic");
    let run = site.run(&["build", "--root", &site.root_arg()]);
    assert_eq!(run.code, 0, "{run}");
    snapshot_run("build_ok", &run);
    assert!(site.output().join("index.html").exists());
}

#[test]
fn build_with_errors_exits_one_and_keeps_the_previous_output() {
    let site = TestSite::copy("basic");
    let root = site.root_arg();
    assert_eq!(site.run(&["build", "--root", &root]).code, 0);
    let before = read_tree(&site.output());
    site.write("content/2024/broken.md", BROKEN);
    let run = site.run(&["build", "--root", &root]);
    assert_eq!(run.code, 1, "{run}");
    assert!(run.stdout.is_empty(), "nothing built, nothing on stdout");
    snapshot_run("build_errors", &run);
    assert!(
        read_tree(&site.output()) == before,
        "the previous site changed"
    );
    assert_eq!(leftovers(&site), Vec::<String>::new());
}

#[test]
fn allow_broken_links_builds_with_warnings() {
    let site = broken_site();
    let root = site.root_arg();
    let run = site.run(&["build", "--root", &root, "--allow-broken-links"]);
    assert_eq!(run.code, 0, "{run}");
    assert!(run.stderr.contains("warning[link/broken]"), "{run}");
    assert!(run.stdout.contains("(1 warning(s))"), "{run}");
}

#[test]
fn unsafe_output_folders_exit_two() {
    let site = TestSite::copy("basic");
    let root = site.root_arg();
    std::fs::create_dir_all(site.tmp.join("notes")).unwrap();
    std::fs::write(site.tmp.join("notes/todo.txt"), "keep me\n").unwrap();
    let cases = [
        (
            root.clone(),
            "refusing to write to `[ROOT]`: it holds the site's own files; choose a folder such as `public`",
        ),
        (
            format!("{root}/content"),
            "refusing to write to `[ROOT]/content`: it holds the site's own files; choose a folder such as `public`",
        ),
        (
            site.tmp.display().to_string(),
            "refusing to write to `[TMP]`: it holds the site's own files; choose a folder such as `public`",
        ),
        (
            "notes".to_string(),
            "refusing to write to `[TMP]/notes`: it is not empty and was not created by sitrep; empty it or choose another folder",
        ),
    ];
    for (output, message) in cases {
        let run = site.run(&["build", "--root", &root, "--output", &output]);
        assert_eq!(run.code, 2, "{output}: {run}");
        assert_eq!(run.stderr, format!("error: {message}\n"));
        assert!(run.stdout.is_empty());
    }
    assert_eq!(
        std::fs::read_to_string(site.tmp.join("notes/todo.txt")).unwrap(),
        "keep me\n"
    );
    assert_eq!(list_files(&site.tmp.join("notes")), ["todo.txt"]);
}

#[test]
fn relative_paths_are_resolved_from_the_working_folder() {
    let site = TestSite::copy("basic");
    // The binary runs in the folder around the site.
    let run = site.run(&["build", "--root", "site", "--output", "out"]);
    assert_eq!(run.code, 0, "{run}");
    assert!(run.stdout.contains("into [TMP]/out in "), "{run}");
    assert!(site.tmp.join("out/briefings/gas-deal/index.html").exists());
}

#[test]
fn base_url_flag_prefixes_links() {
    let site = TestSite::copy("basic");
    let root = site.root_arg();
    let run = site.run(&[
        "build",
        "--root",
        &root,
        "--base-url",
        "https://owner.github.io/repo",
    ]);
    assert_eq!(run.code, 0, "{run}");
    let home = std::fs::read_to_string(site.output().join("index.html")).unwrap();
    assert!(home.contains("href=\"/repo/style.css\""));
    assert!(home.contains("href=\"/repo/briefings/gas-deal/\""));
}

#[test]
fn drafts_flag_builds_a_preview() {
    let site = TestSite::copy("review");
    let root = site.root_arg();
    assert_eq!(site.run(&["build", "--root", &root]).code, 0);
    assert!(!site.output().join("briefings/draft/index.html").exists());
    let run = site.run(&["build", "--root", &root, "--drafts"]);
    assert_eq!(run.code, 0, "{run}");
    let draft = std::fs::read_to_string(site.output().join("briefings/draft/index.html")).unwrap();
    assert!(draft.contains(">DRAFT</p>") && draft.contains("noindex"));
    let run = site.run(&["build", "--root", &root, "--future"]);
    assert_eq!(run.code, 0, "{run}");
    assert!(site.output().join("briefings/future/index.html").exists());
    assert!(!site.output().join("briefings/draft/index.html").exists());
}

#[test]
fn check_human_prints_diagnostics_and_a_count_on_stderr() {
    let site = broken_site();
    let run = site.run(&["check", "--root", &site.root_arg()]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.is_empty());
    snapshot_run("check_human", &run);
    assert!(!site.output().exists(), "check writes nothing");

    let clean = complete_site();
    let run = clean.run(&["check", "--root", &clean.root_arg()]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stderr,
        "checked 3 briefings: 0 error(s), 0 warning(s)\n"
    );
}

#[test]
fn check_json_prints_one_object_per_line() {
    let site = broken_site();
    site.write(
        "content/2024/typo.md",
        "---\ntitle: Typo\ndate: 2024-02-30\n---\n",
    );
    let run = site.run(&["check", "--root", &site.root_arg(), "--format", "json"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.is_empty(), "json goes to stdout only: {run}");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines,
        [
            r#"{"file":"content/2024/broken.md","pos":{"line":8,"col":5},"severity":"error","rule":"link/broken","message":"broken link `gas-taks.md`: no briefing at `content/2024/gas-taks.md`","help":"did you mean `../2023/gas-talks.md`?"}"#,
            r#"{"file":"content/2024/typo.md","pos":{"line":3,"col":7},"severity":"error","rule":"front-matter/date","message":"invalid `date` `2024-02-30`: no such day in the calendar","help":"write dates as `YYYY-MM-DD` or RFC 3339 date-times such as `2025-03-14T09:30:00+01:00`"}"#,
        ]
    );
    for line in lines {
        assert!(line.starts_with('{') && line.ends_with('}'));
    }
}

#[test]
fn check_github_prints_workflow_annotations() {
    let site = broken_site();
    let run = site.run(&["check", "--root", &site.root_arg(), "--format", "github"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout,
        "::error file=content/2024/broken.md,line=8,col=5,title=link/broken::broken link `gas-taks.md`: no briefing at `content/2024/gas-taks.md`%0Ahelp: did you mean `../2023/gas-talks.md`?\n"
    );
    let warn = site.run(&[
        "check",
        "--root",
        &site.root_arg(),
        "--format",
        "github",
        "--allow-broken-links",
    ]);
    assert_eq!(warn.code, 0);
    assert!(
        warn.stdout
            .starts_with("::warning file=content/2024/broken.md,line=8,col=5,"),
        "{warn}"
    );
}

#[test]
fn deny_warnings_fails_a_check_with_only_warnings() {
    let site = broken_site();
    let root = site.root_arg();
    let lenient = site.run(&["check", "--root", &root, "--allow-broken-links"]);
    assert_eq!(lenient.code, 0, "{lenient}");
    assert!(
        lenient
            .stderr
            .ends_with("checked 4 briefings: 0 error(s), 1 warning(s)\n"),
        "{lenient}"
    );
    let strict = site.run(&[
        "check",
        "--root",
        &root,
        "--allow-broken-links",
        "--deny-warnings",
    ]);
    assert_eq!(strict.code, 1, "{strict}");
    let clean = complete_site();
    let run = clean.run(&["check", "--root", &clean.root_arg(), "--deny-warnings"]);
    assert_eq!(run.code, 0, "{run}");
    // The basic site as it is: one briefing lacks a summary, two lack takeaways.
    let incomplete = TestSite::copy("basic");
    let run = incomplete.run(&["check", "--root", &incomplete.root_arg(), "--deny-warnings"]);
    assert_eq!(run.code, 1, "{run}");
    assert!(
        run.stderr
            .ends_with("checked 3 briefings: 0 error(s), 3 warning(s)\n"),
        "{run}"
    );
}

#[test]
fn broken_template_exits_two_naming_file_and_line() {
    let site = TestSite::copy("overrides");
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{% if %}\n{% endblock main %}\n",
    );
    let run = site.run(&["build", "--root", &site.root_arg()]);
    assert_eq!(run.code, 2, "{run}");
    assert!(
        run.stderr
            .starts_with("error: templates/404.html:3:7: template error: "),
        "{run}"
    );
    assert!(!site.output().exists());
}
