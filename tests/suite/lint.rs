//! Editorial checks (`src/lint.rs`) on the briefings a build shows. Errors (an
//! empty body, `updated` before `date`) stop every build; warnings (no summary,
//! no key takeaways, in review without reviewers, one title on two briefings)
//! come from `sitrep check` and preview builds, never from public builds.
//!
//! `TestSite::minimal` holds `content/2023/target.md`, which has neither a
//! summary nor takeaways: tests that keep every diagnostic either filter to
//! their own files with [`about`] or list the target's warnings too.

use crate::common::{TestSite, assert_clean, messages};

const EMPTY_HELP: &str =
    "write the briefing below the closing `---`, or set `status: draft` until it is written";
const UPDATED_HELP: &str =
    "`updated` is when the briefing last changed; it cannot precede publication";
const SUMMARY_HELP: &str =
    "add `summary:` with one or two sentences; lists, feeds and search show it";
const TAKEAWAYS_HELP: &str =
    "add `takeaways:` in the front matter or a `## Key takeaways` list in the body";
const REVIEWERS_HELP: &str = "name who signs it off: `reviewers: [Name]`";
const TITLE_HELP: &str = "readers tell briefings apart by title; make this one more specific";

/// The rendered diagnostics of `report` about `file`, in report order.
fn about(report: &sitrep::Report, file: &str) -> Vec<String> {
    report
        .diagnostics
        .iter()
        .filter(|d| d.file == file)
        .map(ToString::to_string)
        .collect()
}

fn empty_body(file: &str) -> String {
    format!(
        "{file}:2:1: error[briefing/empty-body]: the briefing has no body\n  help: {EMPTY_HELP}"
    )
}

fn no_summary(file: &str) -> String {
    format!("{file}:2:1: warning[briefing/no-summary]: no `summary`\n  help: {SUMMARY_HELP}")
}

fn no_takeaways(file: &str) -> String {
    format!(
        "{file}:2:1: warning[briefing/no-takeaways]: no key takeaways\n  help: {TAKEAWAYS_HELP}"
    )
}

#[test]
fn empty_body_is_an_error_at_the_title_and_stops_a_public_build() {
    let site = TestSite::minimal("lint-empty-body");
    site.write(
        "content/2024/empty.md",
        "---\ntitle: Empty\ndate: 2024-05-01\n---\n",
    );
    site.write(
        "content/2024/blank.md",
        "---\ntitle: Blank\ndate: 2024-05-01\nsummary: S.\ntakeaways: [T.]\n---\n\n   \n\t\n\n",
    );
    let expected = [
        empty_body("content/2024/blank.md"),
        empty_body("content/2024/empty.md"),
    ];
    let check = site.check();
    assert_eq!(messages(&check), expected);
    assert_eq!(check.diagnostics.counts(), (2, 0));
    let build = site.build();
    assert_eq!(messages(&build), expected);
    assert!(!build.written && !site.output().exists());
}

#[test]
fn body_of_only_a_heading_is_not_empty() {
    // The heading's words count (`words == 1`) and it renders as an `<h2>`.
    let site = TestSite::minimal("lint-heading-only");
    site.write(
        "content/2024/heading.md",
        "---\ntitle: Heading only\ndate: 2024-05-01\n---\n\n## Background\n",
    );
    assert!(site.check().diagnostics.is_empty());
    assert_clean(&site.build());
}

#[test]
fn empty_draft_does_not_stop_a_preview() {
    let site = TestSite::minimal("lint-empty-draft");
    site.write(
        "content/2024/empty.md",
        "---\ntitle: Empty\ndate: 2024-05-01\nstatus: draft\n---\n",
    );
    assert_clean(&site.build());
    let preview = site.build_with(|o| o.mode = sitrep::Mode::Preview);
    assert_eq!(messages(&preview), Vec::<String>::new());
    assert!(preview.written);
}

#[test]
fn updated_before_date_is_an_error_at_the_updated_value() {
    let site = TestSite::minimal("lint-updated");
    site.write(
        "content/2024/late.md",
        "---\ntitle: Late\ndate: 2024-05-10\nupdated: 2024-05-09\n---\n\nText.\n",
    );
    site.write(
        "content/2024/same-day.md",
        "---\ntitle: Same day\ndate: 2024-05-10\nupdated: 2024-05-10\n---\n\nText.\n",
    );
    site.write(
        "content/2024/later-that-day.md",
        "---\ntitle: Later that day\ndate: 2024-05-10\nupdated: 2024-05-10T09:30:00Z\n---\n\nText.\n",
    );
    let expected = [format!(
        "content/2024/late.md:4:10: error[briefing/updated-before-date]: `updated` (2024-05-09) is before `date` (2024-05-10)\n  help: {UPDATED_HELP}"
    )];
    assert_eq!(messages(&site.check()), expected);
    let build = site.build();
    assert_eq!(messages(&build), expected);
    assert!(!build.written);
}

#[test]
fn updated_on_the_same_calendar_day_is_not_before_date() {
    let site = TestSite::minimal("lint-updated-zone");
    site.write(
        "content/2024/tokyo.md",
        "---\ntitle: Tokyo desk\ndate: 2024-05-10\nupdated: 2024-05-10T08:00:00+09:00\n---\n\nText.\n",
    );
    assert_eq!(messages(&site.check()), Vec::<String>::new());
}

#[test]
fn missing_summary_and_takeaways_are_warnings_at_the_title() {
    let site = TestSite::minimal("lint-incomplete");
    site.write(
        "content/2024/bare.md",
        "---\ntitle: Bare\ndate: 2024-05-01\n---\n\nText.\n",
    );
    let report = site.check_all(|_| {});
    assert_eq!(
        messages(&report),
        [
            no_summary("content/2023/target.md"),
            no_takeaways("content/2023/target.md"),
            no_summary("content/2024/bare.md"),
            no_takeaways("content/2024/bare.md"),
        ]
    );
    assert_eq!(report.diagnostics.counts(), (0, 4));
}

#[test]
fn summary_or_takeaways_silence_their_warning() {
    let site = TestSite::minimal("lint-complete");
    for (name, front, body) in [
        ("complete", "summary: S.\ntakeaways: [T.]\n", "Text.\n"),
        ("summary", "summary: S.\n", "Text.\n"),
        (
            "blank-summary",
            "summary: \"  \"\ntakeaways: [T.]\n",
            "Text.\n",
        ),
        ("front-takeaways", "takeaways: [T.]\n", "Text.\n"),
        ("empty-takeaways", "summary: S.\ntakeaways: []\n", "Text.\n"),
        ("body-takeaways", "", "## Key takeaways\n\n- T.\n\nText.\n"),
        (
            "takeaways-heading-without-list",
            "summary: S.\n",
            "## Key takeaways\n\nA paragraph, not a list.\n",
        ),
    ] {
        site.write(
            &format!("content/2024/{name}.md"),
            format!("---\ntitle: {name}\ndate: 2024-05-01\n{front}---\n\n{body}"),
        );
    }
    let report = site.check_all(|_| {});
    let file = |name: &str| format!("content/2024/{name}.md");
    assert_eq!(about(&report, &file("complete")), Vec::<String>::new());
    assert_eq!(
        about(&report, &file("summary")),
        [no_takeaways(&file("summary"))]
    );
    assert_eq!(
        about(&report, &file("blank-summary")),
        [no_summary(&file("blank-summary"))]
    );
    assert_eq!(
        about(&report, &file("front-takeaways")),
        [no_summary(&file("front-takeaways"))]
    );
    assert_eq!(
        about(&report, &file("empty-takeaways")),
        [no_takeaways(&file("empty-takeaways"))]
    );
    assert_eq!(
        about(&report, &file("body-takeaways")),
        [no_summary(&file("body-takeaways"))]
    );
    assert_eq!(
        about(&report, &file("takeaways-heading-without-list")),
        [no_takeaways(&file("takeaways-heading-without-list"))]
    );
}

#[test]
fn editorial_warnings_come_from_check_and_preview_builds_not_public_builds() {
    let site = TestSite::minimal("lint-public-preview");
    site.write(
        "content/2024/bare.md",
        "---\ntitle: Bare\ndate: 2024-05-01\n---\n\nText.\n",
    );
    let bare = "content/2024/bare.md";
    let expected = [no_summary(bare), no_takeaways(bare)];

    // The library directly: `TestSite::build_with` would drop these two rules.
    let public = sitrep::build(&site.opts()).expect("public build runs");
    assert!(
        public.diagnostics.is_empty(),
        "a public build reports no editorial warnings:\n{}",
        public.diagnostics
    );
    assert!(public.written);

    let mut opts = site.opts();
    opts.mode = sitrep::Mode::Preview;
    let preview = sitrep::build(&opts).expect("preview build runs");
    assert_eq!(about(&preview, bare), expected);
    assert_eq!(
        preview.diagnostics.counts(),
        (0, 4),
        "{}",
        preview.diagnostics
    );
    assert!(preview.written, "warnings do not stop a preview build");

    let check = sitrep::check(&site.opts()).expect("check runs");
    assert_eq!(about(&check, bare), expected);
}

#[test]
fn review_without_reviewers_is_a_warning_at_status_in_a_preview_check() {
    let site = TestSite::minimal("lint-reviewers");
    site.write(
        "content/2024/pending.md",
        "---\ntitle: Pending\ndate: 2024-05-01\nsummary: S.\nstatus: review\ntakeaways: [T.]\n---\n\nText.\n",
    );
    site.write(
        "content/2024/signed.md",
        "---\ntitle: Signed\ndate: 2024-05-01\nsummary: S.\nstatus: review\nreviewers: [Hana Kurosawa]\ntakeaways: [T.]\n---\n\nText.\n",
    );
    let preview = site.check_all(|o| o.mode = sitrep::Mode::Preview);
    assert_eq!(
        about(&preview, "content/2024/pending.md"),
        [format!(
            "content/2024/pending.md:5:1: warning[review/no-reviewers]: in review, but no `reviewers`\n  help: {REVIEWERS_HELP}"
        )]
    );
    assert_eq!(
        about(&preview, "content/2024/signed.md"),
        Vec::<String>::new()
    );

    // A public check hides briefings in review, so it does not look at them;
    // `sitrep check --drafts` does.
    let public = site.check_all(|_| {});
    assert!(
        public
            .diagnostics
            .iter()
            .all(|d| d.rule != "review/no-reviewers"),
        "{}",
        public.diagnostics
    );
    assert_eq!(
        about(&public, "content/2024/pending.md"),
        Vec::<String>::new()
    );
}

#[test]
fn one_title_on_two_briefings_warns_on_the_later_file_by_path() {
    let site = TestSite::minimal("lint-duplicate-title");
    // The earlier file by path is the newer briefing: the order is by path, not date.
    site.write(
        "content/2024/a-talks.md",
        "---\ntitle: \"  Gas talks stall  \"\ndate: 2024-06-01\n---\n\nText.\n",
    );
    site.write(
        "content/2024/b-talks.md",
        "---\ntitle: GAS TALKS Stall\ndate: 2024-01-01\n---\n\nText.\n",
    );
    site.write(
        "content/2024/c-talks.md",
        "---\ntitle: Gas talks resume\ndate: 2024-07-01\n---\n\nText.\n",
    );
    let expected = [format!(
        "content/2024/b-talks.md:2:1: warning[site/duplicate-title]: title `GAS TALKS Stall` is also used by `content/2024/a-talks.md`\n  help: {TITLE_HELP}"
    )];
    assert_eq!(messages(&site.check()), expected);
    let preview = site.build_with(|o| o.mode = sitrep::Mode::Preview);
    assert_eq!(messages(&preview), expected);
    assert!(site.build().diagnostics.is_empty(), "not in a public build");
}

#[test]
fn titles_differing_in_inner_whitespace_are_one_title() {
    let site = TestSite::minimal("lint-duplicate-title-space");
    site.write(
        "content/2024/a-talks.md",
        "---\ntitle: Gas talks stall\ndate: 2024-06-01\n---\n\nText.\n",
    );
    site.write(
        "content/2024/b-talks.md",
        "---\ntitle: Gas  talks\tstall\ndate: 2024-01-01\n---\n\nText.\n",
    );
    let report = site.check();
    assert_eq!(report.diagnostics.len(), 1, "{}", report.diagnostics);
    let d = report.diagnostics.iter().next().unwrap();
    assert_eq!(
        (d.file.as_str(), d.rule),
        ("content/2024/b-talks.md", "site/duplicate-title")
    );
}

#[test]
fn check_exits_zero_on_warnings_and_one_with_deny_warnings() {
    let site = TestSite::minimal("lint-exit");
    let root = site.root_arg();
    let target = "content/2023/target.md";
    let warnings = format!("{}\n{}\n", no_summary(target), no_takeaways(target));

    let lenient = site.run(&["check", "--root", &root]);
    assert_eq!(lenient.code, 0, "{lenient}");
    assert_eq!(
        lenient.stderr,
        format!("{warnings}checked 1 briefings: 0 error(s), 2 warning(s)\n"),
        "{lenient}"
    );
    assert!(lenient.stdout.is_empty(), "{lenient}");

    let strict = site.run(&["check", "--root", &root, "--deny-warnings"]);
    assert_eq!(strict.code, 1, "{strict}");
    assert_eq!(strict.stderr, lenient.stderr, "{strict}");

    // The same warnings do not stop a public build from the binary, and are not printed.
    let build = site.run(&["build", "--root", &root]);
    assert_eq!(build.code, 0, "{build}");
    assert!(build.stderr.is_empty(), "{build}");

    // An editorial error fails a check without `--deny-warnings`.
    site.write(
        "content/2024/empty.md",
        "---\ntitle: Empty\ndate: 2024-05-01\nsummary: S.\ntakeaways: [T.]\n---\n",
    );
    let failing = site.run(&["check", "--root", &root]);
    assert_eq!(failing.code, 1, "{failing}");
    assert!(
        failing.stderr.ends_with(&format!(
            "{}\nchecked 2 briefings: 1 error(s), 2 warning(s)\n",
            empty_body("content/2024/empty.md")
        )),
        "{failing}"
    );
}

#[test]
fn check_drafts_reports_a_review_without_reviewers() {
    let site = TestSite::minimal("lint-exit-drafts");
    site.write(
        "content/2024/pending.md",
        "---\ntitle: Pending\ndate: 2024-05-01\nstatus: review\nsummary: S.\ntakeaways: [T.]\n---\n\nText.\n",
    );
    let root = site.root_arg();
    let warning = format!(
        "content/2024/pending.md:4:1: warning[review/no-reviewers]: in review, but no `reviewers`\n  help: {REVIEWERS_HELP}\n"
    );
    let public = site.run(&["check", "--root", &root]);
    assert_eq!(public.code, 0, "{public}");
    assert!(!public.stderr.contains("review/no-reviewers"), "{public}");

    let drafts = site.run(&["check", "--root", &root, "--drafts"]);
    assert_eq!(drafts.code, 0, "{drafts}");
    assert!(drafts.stderr.contains(&warning), "{drafts}");
    assert!(
        drafts
            .stderr
            .ends_with("checked 2 briefings: 0 error(s), 3 warning(s)\n"),
        "{drafts}"
    );
    let strict = site.run(&["check", "--root", &root, "--drafts", "--deny-warnings"]);
    assert_eq!(strict.code, 1, "{strict}");
}
