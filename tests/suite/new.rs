//! `sitrep new`: the skeleton it writes (front matter that reads back as
//! written and checks clean), where it writes it, and what it refuses.

use crate::common::{TestSite, list_files, messages, read_text};
use sitrep::scaffold::{NewError, new_briefing};
use std::path::Path;

fn day() -> jiff::civil::Date {
    jiff::civil::date(2025, 3, 14)
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// The title as `check` reads it back from the file.
fn parsed_title(path: &Path) -> String {
    let text = read_text(path);
    let split = sitrep::frontmatter::split(&text).expect("the skeleton has front matter");
    let (fm, diags) = sitrep::frontmatter::parse(&split, "new.md");
    assert!(diags.is_empty(), "{diags:?}");
    fm.title
}

fn assert_checks_clean(site: &TestSite) {
    for mode in [sitrep::Mode::Preview, sitrep::Mode::Public] {
        let report = site.check_with(|o| o.mode = mode);
        assert!(
            !report.diagnostics.has_errors(),
            "{mode:?}: {:#?}",
            messages(&report)
        );
    }
}

#[test]
fn new_writes_a_draft_skeleton_that_checks_clean() {
    let site = TestSite::copy("basic");
    let topics = strings(&["Energy", "Shipping"]);
    let regions = strings(&["Arctic"]);
    let path = new_briefing(
        &site.root,
        "Arctic LNG: what next",
        &topics,
        &regions,
        None,
        day(),
    )
    .expect("the briefing is written");
    assert_eq!(path, site.root.join("content/2025/arctic-lng-what-next.md"));
    let text = read_text(&path);
    assert!(
        text.starts_with(
            "---\n\
             title: \"Arctic LNG: what next\"\n\
             date: 2025-03-14\n\
             status: draft\n\
             topics: [\"Energy\", \"Shipping\"]\n\
             regions: [\"Arctic\"]\n\
             summary: \"\"\n\
             authors: []\n\
             ---\n\
             \n\
             ## Key takeaways\n\
             \n"
        ),
        "{text}"
    );
    assert_eq!(
        text.matches("\n- ").count(),
        3,
        "three placeholder takeaways"
    );
    assert!(text.matches("\n## ").count() >= 3, "takeaways and sections");
    assert_eq!(parsed_title(&path), "Arctic LNG: what next");
    assert_checks_clean(&site);

    let preview = site.build_with(|o| o.mode = sitrep::Mode::Preview);
    assert!(preview.written);
    assert!(
        site.page("briefings/arctic-lng-what-next/index.html")
            .contains("DRAFT"),
        "the preview shows it as a draft"
    );
}

#[test]
fn new_writes_into_the_path_given() {
    let site = TestSite::copy("basic");
    let path = new_briefing(&site.root, "Sahel", &[], &[], Some("desk/africa/"), day())
        .expect("the briefing is written");
    assert_eq!(path, site.root.join("content/desk/africa/sahel.md"));
    assert_checks_clean(&site);
}

#[test]
fn awkward_titles_round_trip() {
    let site = TestSite::copy("basic");
    let title = r#"Gas: the "deal" #1 — it's \done\ [maybe] {or not} & more"#;
    let path = new_briefing(
        &site.root,
        title,
        &strings(&["Energy: gas"]),
        &[],
        None,
        day(),
    )
    .expect("the briefing is written");
    assert_eq!(parsed_title(&path), title);
    assert_checks_clean(&site);
}

#[test]
fn new_refuses_to_overwrite_a_file() {
    let site = TestSite::copy("basic");
    // The fixture's own `content/2024/gas-deal.md` is in the way.
    let path = site.root.join("content/2024/gas-deal.md");
    let original = read_text(&path);
    let again = new_briefing(&site.root, "Gas deal", &[], &[], Some("2024"), day());
    match again {
        Err(NewError::Exists(p)) => assert_eq!(p, path),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(read_text(&path), original);

    let run = site.run(&[
        "new",
        "Gas deal",
        "--path",
        "2024",
        "--root",
        &site.root_arg(),
    ]);
    assert_eq!(run.code, 1, "{run}");
    assert!(run.stdout.is_empty(), "{run}");
    assert!(
        run.stderr
            .contains("`[ROOT]/content/2024/gas-deal.md` already exists; nothing was written"),
        "{run}"
    );
    assert!(run.stderr.contains("choose another title"), "{run}");
    assert_eq!(read_text(&path), original);
}

#[test]
fn new_refuses_a_path_that_leaves_content() {
    let site = TestSite::copy("basic");
    let before = list_files(&site.tmp);
    for bad in ["../x", "a/../../x", "..", "/tmp/x", "./x", "a\\..\\..\\x"] {
        let result = new_briefing(&site.root, "Escape", &[], &[], Some(bad), day());
        assert!(
            matches!(result, Err(NewError::OutsideContent(_))),
            "{bad}: {result:?}"
        );
    }
    assert_eq!(list_files(&site.tmp), before, "nothing was written");

    let run = site.run(&[
        "new",
        "Escape",
        "--path",
        "../x",
        "--root",
        &site.root_arg(),
    ]);
    assert_eq!(run.code, 2, "{run}");
    assert!(
        run.stderr
            .contains("`--path ../x` must be a folder inside `content/`"),
        "{run}"
    );
}

#[test]
fn new_command_prints_the_path_it_wrote() {
    let site = TestSite::copy("basic");
    let run = site.run(&[
        "new",
        "Icebreaker fleet grows",
        "--topic",
        "Shipping",
        "--region",
        "Arctic",
        "--root",
        &site.root_arg(),
    ]);
    assert_eq!(run.code, 0, "{run}");
    let written: Vec<String> = list_files(&site.root.join("content"))
        .into_iter()
        .filter(|f| f.ends_with("icebreaker-fleet-grows.md"))
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
    let year = jiff::ZonedDateTime::now().year().to_string();
    assert_eq!(written[0], format!("{year}/icebreaker-fleet-grows.md"));
    assert_eq!(
        run.stdout,
        format!("wrote [ROOT]/content/{year}/icebreaker-fleet-grows.md\n")
    );
    let text = read_text(&site.root.join("content").join(&written[0]));
    assert!(text.contains("topics: [\"Shipping\"]\nregions: [\"Arctic\"]\n"));
    assert_checks_clean(&site);
}
