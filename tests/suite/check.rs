//! `sitrep::check`: every problem of a site in one run, each with its file,
//! line, column and a suggestion where sitrep has one; nothing is written.

use crate::common::{TestSite, assert_clean, hrefs, manifest_dir, messages};

#[test]
fn sample_site_checks_clean() {
    let report = sitrep::check(&sitrep::Options::new(manifest_dir())).expect("check runs");
    assert!(
        report.diagnostics.is_empty(),
        "the sample site must have no diagnostics:\n{}",
        report.diagnostics
    );
    assert!(report.briefings > 0 && !report.written);
}

#[test]
fn check_writes_nothing() {
    let site = TestSite::copy("basic");
    site.write(
        "content/2024/broken.md",
        "---\ntitle: B\ndate: 2024-01-01\n---\n\n[x](y.md)\n",
    );
    let report = site.check();
    assert!(report.diagnostics.has_errors());
    std::fs::remove_file(site.root.join("content/2024/broken.md")).unwrap();
    let report = site.check();
    assert!(report.diagnostics.is_empty() && !report.written);
    assert!(!site.output().exists(), "check created the output folder");
}

#[test]
fn every_kind_of_internal_link_resolves() {
    let site = TestSite::copy("links");
    site.build_clean();
    let main = site.main("briefings/source/index.html");
    for expected in [
        "relative: <a href=\"/briefings/target/\">relative</a>",
        "relative with anchor: <a href=\"/briefings/target/#pricing-who-pays\">anchor</a>",
        "absolute from content: <a href=\"/briefings/target/\">absolute</a>",
        "wiki: <a href=\"/briefings/target/\">Pipeline politics</a>",
        "wiki with label: <a href=\"/briefings/target/\">the pipeline note</a>",
        "own heading: <a href=\"#background\">own</a>",
        "site page: <a href=\"/topics/energy/\">energy topic</a>",
        "asset: <a href=\"/files/report.pdf\">the PDF</a>",
        "external: <a href=\"https://example.org/page\">example</a>",
        "mail: <a href=\"mailto:desk@example.org\">mail</a>",
        "<img src=\"/files/map.svg\" alt=\"Map\"",
    ] {
        assert!(main.contains(expected), "missing `{expected}` in:\n{main}");
    }
    let files = site.files();
    assert!(files.iter().any(|f| f == "files/report.pdf"));
    assert!(files.iter().any(|f| f == "files/map.svg"));
    // The target lists the source as a backlink once, though it is linked five times.
    let target = site.main("briefings/target/index.html");
    let start = target
        .find("Referenced by")
        .expect("the target has backlinks");
    let backlinks = &target[start..start + target[start..].find("</section>").unwrap()];
    assert_eq!(hrefs(backlinks), ["/briefings/source/"], "{backlinks}");
}

const BROKEN: &str = "---
title: Broken links
date: 2024-06-01
---

Missing file: [old note](../2023/targte.md).
Missing anchor: [pricing](../2023/target.md#priceing-who-pays).
Bad wiki: [[targte]].
";

fn broken_messages(severity: &str) -> Vec<String> {
    [
        format!(
            "content/2024/broken.md:6:15: {severity}[link/broken]: broken link `../2023/targte.md`: no briefing at `content/2023/targte.md`\n  help: did you mean `../2023/target.md`?"
        ),
        format!(
            "content/2024/broken.md:7:17: {severity}[link/broken]: broken link `../2023/target.md#priceing-who-pays`: `content/2023/target.md` has no heading with id `priceing-who-pays`\n  help: did you mean `pricing-who-pays`?"
        ),
        format!(
            "content/2024/broken.md:8:11: {severity}[link/broken]: broken link `[[targte]]`: no briefing has the slug `targte`\n  help: did you mean `target`?"
        ),
    ]
    .into()
}

#[test]
fn broken_links_name_line_column_and_a_suggestion() {
    let site = TestSite::copy("links");
    site.write("content/2024/broken.md", BROKEN);
    let report = site.check();
    assert_eq!(messages(&report), broken_messages("error"));
    assert_eq!(report.diagnostics.counts(), (3, 0));
    let build = site.build();
    assert!(!build.written && !site.output().exists());
}

#[test]
fn allow_broken_links_turns_them_into_warnings_and_builds() {
    let site = TestSite::copy("links");
    site.write("content/2024/broken.md", BROKEN);
    let report = site.build_with(|o| o.allow_broken_links = true);
    assert_eq!(messages(&report), broken_messages("warning"));
    assert_eq!(report.diagnostics.counts(), (0, 3));
    assert!(report.written);
    let main = site.main("briefings/broken/index.html");
    assert!(main.contains("<a href=\"#\">old note</a>"), "{main}");
    assert!(main.contains("<a href=\"#\">pricing</a>"), "{main}");
}

#[test]
fn links_from_hidden_briefings_are_not_checked() {
    let site = TestSite::copy("links");
    site.write(
        "content/2024/broken.md",
        BROKEN.replace("date: 2024-06-01\n", "date: 2024-06-01\nstatus: draft\n"),
    );
    assert_clean(&site.build());
    let preview = site.check_with(|o| o.mode = sitrep::Mode::Preview);
    assert_eq!(
        preview.diagnostics.counts(),
        (3, 0),
        "{}",
        preview.diagnostics
    );
}

#[test]
fn settings_errors_name_the_settings_file_and_line() {
    let site = TestSite::copy("basic");
    site.write(
        "sitrep.yaml",
        "title: Desk\nper_pgae: 5\nper_page: 0\nbase_url: [a]\n",
    );
    let report = site.build();
    assert!(!report.written);
    assert_eq!(
        messages(&report),
        [
            "sitrep.yaml:2:1: error[config/unknown-key]: unknown setting `per_pgae`\n  help: did you mean `per_page`?",
            "sitrep.yaml:3:1: error[config/type]: `per_page` must be a whole number above 0, found a number",
            "sitrep.yaml:4:1: error[config/type]: `base_url` must be a string, found a list",
        ]
    );
}

#[test]
fn unreadable_settings_file_is_reported_with_its_line() {
    let site = TestSite::copy("basic");
    site.write("sitrep.yaml", "title: Desk\nper_page: [1\n");
    let report = site.check();
    assert_eq!(report.diagnostics.len(), 1, "{}", report.diagnostics);
    let d = report.diagnostics.iter().next().unwrap();
    assert_eq!((d.file.as_str(), d.rule), ("sitrep.yaml", "config/yaml"));
    assert!(d.message.starts_with("invalid YAML: "), "{d}");
    assert_eq!(
        report.briefings, 0,
        "content is not read with broken settings"
    );
}

#[test]
fn supersedes_cycle_is_an_error_at_the_supersedes_line() {
    let site = TestSite::minimal("cycle");
    site.write(
        "content/a.md",
        "---\ntitle: A\ndate: 2024-01-01\nsupersedes: b\n---\n\nText.\n",
    );
    site.write(
        "content/b.md",
        "---\ntitle: B\ndate: 2024-02-01\nsupersedes: a\n---\n\nText.\n",
    );
    let report = site.check();
    assert_eq!(
        messages(&report),
        [
            "content/a.md:4:1: error[supersedes/cycle]: `supersedes` forms a cycle\n  help: the chain returns to `a`; remove one `supersedes` entry",
            "content/b.md:4:1: error[supersedes/cycle]: `supersedes` forms a cycle\n  help: the chain returns to `b`; remove one `supersedes` entry",
        ]
    );
}

#[cfg(unix)]
#[test]
fn symbolic_link_out_of_content_is_skipped_with_a_warning() {
    let site = TestSite::copy("basic");
    site.write(
        "outside/secret.md",
        "---\ntitle: Secret\ndate: 2024-01-01\n---\n\nText.\n",
    );
    std::os::unix::fs::symlink(
        site.root.join("outside/secret.md"),
        site.root.join("content/secret.md"),
    )
    .unwrap();
    let report = site.build();
    assert_eq!(
        messages(&report),
        [
            "content/secret.md: warning[content/symlink-outside]: symbolic link points outside `content/`, not followed\n  help: copy the file into `content/` instead of linking to it"
        ]
    );
    assert!(report.written, "a warning does not stop the build");
    assert!(!site.output().join("briefings/secret").exists());
}

#[test]
fn two_briefings_with_one_slug_are_an_error() {
    let site = TestSite::copy("basic");
    site.write(
        "content/2025/gas-deal.md",
        "---\ntitle: Another gas deal\ndate: 2025-01-01\n---\n\nText.\n",
    );
    let report = site.check();
    assert_eq!(
        messages(&report),
        [
            "content/2025/gas-deal.md:2:1: error[site/duplicate-slug]: slug `gas-deal` is already used by `content/2024/gas-deal.md`\n  help: both would be written to the same URL; rename one file or set a different `slug:`"
        ]
    );
}

#[test]
fn output_collision_names_the_file_relative_to_the_root() {
    let site = TestSite::copy("basic");
    site.write("content/404.html", "<p>mine</p>\n");
    let report = site.check();
    assert_eq!(
        messages(&report),
        [
            "content/404.html: error[output/collision]: two files would be written to `404.html`\n  help: rename the file or folder so it does not clash with a page sitrep generates"
        ]
    );
}

#[test]
fn unclosed_quote_points_at_the_opening_quote() {
    let site = TestSite::minimal("unclosed-quote");
    site.write(
        "content/a.md",
        "---\ntitle: \"Gas talks stall\ndate: 2024-05-01\n---\n\nText.\n",
    );
    assert_eq!(
        messages(&site.check()),
        [
            "content/a.md:2:8: error[front-matter/yaml]: invalid YAML: found unexpected end of stream, while scanning a quoted scalar\n  help: front matter is YAML: `key: value` lines, indented with spaces, strings with `:` or `#` in quotes"
        ]
    );
}

#[test]
fn broken_link_never_suggests_the_linking_file() {
    let site = TestSite::copy("basic");
    site.write(
        "content/2024/broken.md",
        "---\ntitle: Broken\ndate: 2024-09-01\n---\n\nSee [nothing](nothing.md).\n",
    );
    let report = site.check();
    let d = report.diagnostics.iter().next().expect("one diagnostic");
    assert_eq!(d.rule, "link/broken");
    assert_ne!(d.help.as_deref(), Some("did you mean `broken.md`?"), "{d}");
}

#[test]
fn duplicate_key_points_at_the_repeated_key() {
    let site = TestSite::minimal("duplicate-key");
    site.write(
        "content/a.md",
        "---\ntitle: A\ndate: 2024-05-01\ntopics: [Energy]\ntitle: B\n---\n\nText.\n",
    );
    let report = site.check();
    let d = report.diagnostics.iter().next().expect("one diagnostic");
    assert_eq!(d.pos.map(|p| p.line), Some(5), "{d}");
}

#[test]
fn bom_crlf_and_mixed_line_endings_keep_diagnostics_on_the_right_line() {
    let site = TestSite::minimal("line-endings");
    // BOM, then CRLF, a lone CR and LF mixed; the typo is on line 5.
    site.write(
        "content/mixed.md",
        b"\xef\xbb\xbf---\r\ntitle: Mixed\r\ndate: 2024-05-01\rtopics: [Energy]\nregoin: [Arctic]\r\n---\r\n\r\nBody text.\r\n",
    );
    let report = site.check();
    let d: Vec<String> = messages(&report);
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(
        d[0].starts_with(
            "content/mixed.md:5:1: error[front-matter/unknown-key]: unknown key `regoin`"
        ),
        "{}",
        d[0]
    );
    // Fixed, it builds: the BOM is not part of the title.
    site.write(
        "content/mixed.md",
        b"\xef\xbb\xbf---\r\ntitle: Mixed\r\ndate: 2024-05-01\rtopics: [Energy]\n---\r\n\r\nBody text.\r\n",
    );
    site.build_clean();
    assert!(
        site.main("briefings/mixed/index.html")
            .contains("<h1>Mixed</h1>")
    );
}
