//! `sitrep::build` over the fixture sites in `tests/sites/`: which pages exist,
//! what links they carry, what a reader sees in their `<main>`, and what the
//! build does to the output folder.

use crate::common::{
    TestSite, assert_clean, attr_values, hrefs, html_pages, leftovers, list_files, main_of,
    manifest_dir, messages, read_tree,
};

/// Every file of the basic fixture's output.
/// (China and Russia roll up into their gazetteer regions: Asia, Eastern Asia, Europe, Eastern Europe.)
const BASIC_FILES: &[&str] = &[
    ".nojekyll",
    ".sitrep-output",
    "2024/route-map.svg",
    "404.html",
    "archive/index.html",
    "atom.xml",
    "briefings/arctic-route/index.html",
    "briefings/gas-deal/index.html",
    "briefings/gas-talks/index.html",
    "feeds.opml",
    "feeds/index.html",
    "index.html",
    "matrix/index.html",
    "regions/arctic/atom.xml",
    "regions/arctic/index.html",
    "regions/asia/atom.xml",
    "regions/asia/index.html",
    "regions/china/atom.xml",
    "regions/china/index.html",
    "regions/eastern-asia/atom.xml",
    "regions/eastern-asia/index.html",
    "regions/eastern-europe/atom.xml",
    "regions/eastern-europe/index.html",
    "regions/europe/atom.xml",
    "regions/europe/index.html",
    "regions/index.html",
    "regions/russia/atom.xml",
    "regions/russia/index.html",
    "robots.txt",
    "search.js",
    "search/index.html",
    "search/index.json",
    "style.css",
    "topics/diplomacy/atom.xml",
    "topics/diplomacy/eastern-europe/index.html",
    "topics/diplomacy/europe/index.html",
    "topics/diplomacy/index.html",
    "topics/diplomacy/russia/index.html",
    "topics/energy/asia/index.html",
    "topics/energy/atom.xml",
    "topics/energy/china/index.html",
    "topics/energy/eastern-asia/index.html",
    "topics/energy/eastern-europe/index.html",
    "topics/energy/europe/index.html",
    "topics/energy/index.html",
    "topics/energy/russia/index.html",
    "topics/index.html",
    "topics/shipping/arctic/index.html",
    "topics/shipping/atom.xml",
    "topics/shipping/eastern-europe/index.html",
    "topics/shipping/europe/index.html",
    "topics/shipping/index.html",
    "topics/shipping/russia/index.html",
];

/// The links to briefings in a list page's `<main>`, in order, each once.
fn briefing_links(html: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for h in hrefs(main_of(html)) {
        if h.starts_with("/briefings/") && !out.iter().any(|o| o == h) {
            out.push(h.to_string());
        }
    }
    out
}

// ---------------------------------------------------------------- sample site

#[test]
fn sample_site_builds_without_diagnostics() {
    let tmp = TestSite::empty("sample");
    let mut opts = sitrep::Options::new(manifest_dir());
    opts.output = tmp.tmp.join("out");
    let report = sitrep::build(&opts).expect("the sample site builds");
    assert_clean(&report);
    let files = list_files(&opts.output);
    let briefing_pages = files.iter().filter(|f| f.starts_with("briefings/")).count();
    assert_eq!(briefing_pages, report.briefings);
    assert_eq!(
        files.iter().filter(|f| f.ends_with(".html")).count(),
        report.pages
    );
    insta::assert_snapshot!(files.join("\n"));
}

// ---------------------------------------------------------------- basic

#[test]
fn basic_site_has_every_page() {
    let site = TestSite::copy("basic");
    let report = site.build_clean();
    assert_eq!(site.files(), BASIC_FILES);
    assert_eq!(
        (report.briefings, report.pages, report.terms),
        (3, 34, 10),
        "briefings, HTML pages, topics + regions"
    );
}

#[test]
fn briefing_page_links_its_terms_and_rewrites_body_links() {
    let site = TestSite::copy("basic");
    site.build_clean();
    let main = site.main("briefings/gas-deal/index.html");
    for chip in [
        "href=\"/topics/energy/\">Energy</a>",
        "href=\"/regions/china/\">China</a>",
        "href=\"/regions/russia/\">Russia</a>",
    ] {
        assert!(main.contains(chip), "missing chip `{chip}` in:\n{main}");
    }
    for link in [
        "<a href=\"/briefings/gas-talks/\">last year’s stalled talks</a>",
        "<a href=\"/briefings/gas-talks/#pricing\">the pricing question</a>",
        "<a href=\"/briefings/arctic-route/\">Arctic route opens</a>",
    ] {
        assert!(
            main.contains(link),
            "missing body link `{link}` in:\n{main}"
        );
    }
    let arctic = site.main("briefings/arctic-route/index.html");
    assert!(arctic.contains("<a href=\"/briefings/gas-deal/\">gas deal</a>"));
    assert!(arctic.contains("<img src=\"/2024/route-map.svg\" alt=\"Route map\""));
    assert_eq!(
        std::fs::read(site.output().join("2024/route-map.svg")).unwrap(),
        std::fs::read(site.root.join("content/2024/route-map.svg")).unwrap(),
        "assets beside a briefing are copied as they are"
    );
    for (path, html) in html_pages(&site.output()) {
        for h in hrefs(&html) {
            assert!(!h.contains(".md"), "{path}: link to a Markdown file `{h}`");
        }
    }
}

#[test]
fn briefing_page_lists_backlinks_and_neighbours() {
    let site = TestSite::copy("basic");
    site.build_clean();
    // gas-talks is linked from gas-deal only; the link from a page to itself never counts.
    let talks = site.main("briefings/gas-talks/index.html");
    let referenced = &talks[talks
        .find("Referenced by")
        .expect("gas-talks has backlinks")..];
    assert!(referenced.contains("<a href=\"/briefings/gas-deal/\">Gas deal signed</a>"));
    assert!(!referenced.contains("Arctic route opens</a> <time"));
    // Newest first: arctic-route, gas-deal, gas-talks.
    let deal = site.main("briefings/gas-deal/index.html");
    assert!(deal.contains("href=\"/briefings/gas-talks/\" rel=\"prev\""));
    assert!(deal.contains("href=\"/briefings/arctic-route/\" rel=\"next\""));
    let newest = site.main("briefings/arctic-route/index.html");
    assert!(!newest.contains("rel=\"next\""), "the newest has no newer");
}

#[test]
fn briefing_without_summary_uses_its_first_paragraph_and_default_author() {
    let site = TestSite::copy("basic");
    site.build_clean();
    let main = site.main("briefings/arctic-route/index.html");
    assert!(
        main.contains(
            "The first convoy of the season has sailed, a few months after the gas deal was signed."
        ),
        "{main}"
    );
    assert!(main.contains("Test Desk"), "author from sitrep.yaml");
    let deal = site.main("briefings/gas-deal/index.html");
    assert!(deal.contains("Ana Petrova") && !deal.contains("Test Desk"));
}

#[test]
fn briefing_page_main_snapshot() {
    let site = TestSite::copy("basic");
    site.build_clean();
    insta::assert_snapshot!(site.main("briefings/gas-talks/index.html"));
}

#[test]
fn topic_page_main_snapshot() {
    let site = TestSite::copy("basic");
    site.build_clean();
    insta::assert_snapshot!(site.main("topics/energy/index.html"));
}

#[test]
fn home_page_main_snapshot() {
    let site = TestSite::copy("basic");
    site.build_clean();
    insta::assert_snapshot!(site.main("index.html"));
}

#[test]
fn topic_page_is_newest_first_and_links_its_regions() {
    let site = TestSite::copy("basic");
    site.build_clean();
    let html = site.page("topics/energy/index.html");
    assert_eq!(
        briefing_links(&html),
        ["/briefings/gas-deal/", "/briefings/gas-talks/"]
    );
    let main = main_of(&html);
    assert!(main.contains("href=\"/topics/energy/china/\">China</a>"));
    assert!(main.contains("href=\"/topics/energy/russia/\">Russia</a>"));
    let both = site.page("topics/energy/russia/index.html");
    assert_eq!(
        briefing_links(&both),
        ["/briefings/gas-deal/", "/briefings/gas-talks/"]
    );
    let china = site.page("topics/energy/china/index.html");
    assert_eq!(briefing_links(&china), ["/briefings/gas-deal/"]);
}

#[test]
fn archive_lists_every_briefing_by_year() {
    let site = TestSite::copy("basic");
    site.build_clean();
    let html = site.page("archive/index.html");
    assert_eq!(
        briefing_links(&html),
        [
            "/briefings/arctic-route/",
            "/briefings/gas-deal/",
            "/briefings/gas-talks/"
        ]
    );
    let main = main_of(&html);
    let (y2024, y2023) = (main.find("2024").unwrap(), main.find("2023").unwrap());
    assert!(y2024 < y2023, "newest year first");
    assert!(main.contains("August 2024") && main.contains("May 2024"));
}

// ---------------------------------------------------------------- terms

#[test]
fn term_spellings_share_one_page_named_by_the_first_file() {
    let site = TestSite::copy("terms");
    let report = site.build_clean();
    assert_eq!(report.terms, 2, "one topic and one region");
    let files = site.files();
    let regions: Vec<&String> = files
        .iter()
        .filter(|f| f.starts_with("regions/") && f.ends_with(".html") && *f != "regions/index.html")
        .collect();
    assert_eq!(regions, ["regions/middle-east/index.html"]);

    // The region page lists all three, newest first, under the name in `a.md`.
    let page = site.page("regions/middle-east/index.html");
    assert_eq!(
        briefing_links(&page),
        ["/briefings/c/", "/briefings/a/", "/briefings/b/"]
    );
    assert!(main_of(&page).contains("<h1>Middle-East</h1>"));
    assert!(main_of(&page).contains("3 briefings"));

    // The index shows the region once, with its count.
    let index = site.main("regions/index.html");
    assert_eq!(index.matches("/regions/middle-east/").count(), 1, "{index}");
    assert!(index.contains(">Middle-East</a> <span class=\"count\">3 briefings</span>"));
    for other in [">Middle East<", ">middle-east<", ">middle east<"] {
        assert!(
            !index.contains(other),
            "spelling {other} shown in:\n{index}"
        );
    }

    // Every briefing's chip uses the same name; one topic page for three spellings.
    for slug in ["a", "b", "c"] {
        let main = site.main(&format!("briefings/{slug}/index.html"));
        assert!(main.contains("href=\"/regions/middle-east/\">Middle-East</a>"));
        assert_eq!(main.matches("/regions/middle-east/").count(), 1, "{slug}");
        assert!(main.contains("href=\"/topics/diplomacy/\">Diplomacy</a>"));
    }
    let home = site.main("index.html");
    assert!(home.contains(">Middle-East</a> <span class=\"count\">3</span>"));
}

// ---------------------------------------------------------------- pagination

fn pagination_nav(html: &str) -> &str {
    let start = html
        .find("<nav class=\"pagination\"")
        .expect("page has pagination");
    &html[start..start + html[start..].find("</nav>").unwrap()]
}

/// The href of the one link marked `aria-current="page"`.
fn current_page_link(nav: &str) -> &str {
    assert_eq!(nav.matches("aria-current=\"page\"").count(), 1, "{nav}");
    let at = nav.find("aria-current=\"page\"").unwrap();
    let tag_start = nav[..at].rfind("<a ").unwrap();
    hrefs(&nav[tag_start..at + 1])[0]
}

#[test]
fn topic_pages_paginate_newest_first_with_ties_by_slug() {
    let site = TestSite::copy("pagination");
    site.build_clean();
    let topic_files: Vec<String> = site
        .files()
        .into_iter()
        .filter(|f| f.starts_with("topics/x/") && f.ends_with(".html"))
        .collect();
    assert_eq!(
        topic_files,
        [
            "topics/x/index.html",
            "topics/x/page/2/index.html",
            "topics/x/page/3/index.html"
        ]
    );
    // bravo and charlie share a date: bravo first by slug, although
    // charlie comes first by path (a/ before b/) and by title.
    let pages = [
        (
            "topics/x/index.html",
            vec!["/briefings/echo/", "/briefings/bravo/"],
        ),
        (
            "topics/x/page/2/index.html",
            vec!["/briefings/charlie/", "/briefings/delta/"],
        ),
        ("topics/x/page/3/index.html", vec!["/briefings/alpha/"]),
    ];
    for (n, (path, expected)) in pages.iter().enumerate() {
        let html = site.page(path);
        assert_eq!(&briefing_links(&html), expected, "{path}");
        assert!(
            main_of(&html).contains(&format!("5 briefings · page {} of 3", n + 1)),
            "{path}"
        );
    }
}

#[test]
fn pagination_links_first_previous_next_last_and_marks_the_current_page() {
    let site = TestSite::copy("pagination");
    site.build_clean();
    let (p1, p2, p3) = ("/topics/x/", "/topics/x/page/2/", "/topics/x/page/3/");

    let first = site.page("topics/x/index.html");
    let nav = pagination_nav(&first);
    assert_eq!(hrefs(nav), [p1, p2, p3, p2, p3], "numbers, next, last");
    assert_eq!(current_page_link(nav), p1);
    assert!(nav.contains("<a href=\"/topics/x/page/2/\" rel=\"next\">Next</a>"));
    assert!(nav.contains("<a href=\"/topics/x/page/3/\">Last</a>"));

    let middle = site.page("topics/x/page/2/index.html");
    let nav = pagination_nav(&middle);
    assert_eq!(hrefs(nav), [p1, p1, p1, p2, p3, p3, p3]);
    assert_eq!(current_page_link(nav), p2);
    assert!(nav.contains("<a href=\"/topics/x/\">First</a>"));
    assert!(nav.contains("<a href=\"/topics/x/\" rel=\"prev\">Previous</a>"));

    let last = site.page("topics/x/page/3/index.html");
    let nav = pagination_nav(&last);
    assert_eq!(hrefs(nav), [p1, p2, p1, p2, p3], "first, previous, numbers");
    assert_eq!(current_page_link(nav), p3);
    assert!(nav.contains("<a href=\"/topics/x/page/2/\" rel=\"prev\">Previous</a>"));
}

#[test]
fn paginated_page_main_snapshot() {
    let site = TestSite::copy("pagination");
    site.build_clean();
    insta::assert_snapshot!(site.main("topics/x/page/2/index.html"));
}

#[test]
fn home_page_shows_one_page_and_links_the_archive() {
    let site = TestSite::copy("pagination");
    site.build_clean();
    let home = site.page("index.html");
    assert_eq!(
        briefing_links(&home),
        ["/briefings/echo/", "/briefings/bravo/"]
    );
    assert!(main_of(&home).contains("<a href=\"/archive/\">All 5 briefings in the archive</a>"));
    assert_eq!(briefing_links(&site.page("archive/index.html")).len(), 5);
}

// ---------------------------------------------------------------- escaping

#[test]
fn hostile_metadata_is_escaped_on_every_page() {
    let site = TestSite::copy("escaping");
    site.build_clean();
    let pages = html_pages(&site.output());
    for (path, html) in &pages {
        assert!(
            !html.contains("<script>alert"),
            "{path} has a raw script tag"
        );
        assert!(
            !html.contains("alert(1)</script>"),
            "{path} has a raw script tag"
        );
        assert!(!html.contains("\"quotes\""), "{path} has raw quotes");
        assert!(
            !html.contains("'apostrophes'"),
            "{path} has raw apostrophes"
        );
        assert!(!html.contains("& '"), "{path} has a raw ampersand");
    }
    let script = "&lt;script&gt;alert(1)&lt;/script&gt;";
    let quotes = "&quot;quotes&quot; &amp; &#39;apostrophes&#39;";
    // (page, shows the topic and title, shows the region and title)
    let shown_on = [
        ("index.html", true, true),
        ("archive/index.html", true, true),
        ("briefings/hostile/index.html", true, true),
        ("topics/index.html", true, false),
        ("regions/index.html", false, true),
        ("topics/script-alert-1-script/index.html", true, true),
        ("regions/quotes-apostrophes/index.html", true, true),
        (
            "topics/script-alert-1-script/quotes-apostrophes/index.html",
            true,
            true,
        ),
    ];
    for (path, has_script, has_quotes) in shown_on {
        let main = main_of(&pages[path]);
        assert_eq!(
            main.contains(script),
            has_script,
            "{path}: escaped script text"
        );
        assert_eq!(main.contains(quotes), has_quotes, "{path}: escaped quotes");
    }
    let briefing = &pages["briefings/hostile/index.html"];
    assert!(briefing.contains(&format!("<title>{script} {quotes} · ")));
    assert!(briefing.contains(&format!(
        "<meta name=\"description\" content=\"{script} {quotes}\">"
    )));
}

#[test]
fn hostile_metadata_gives_clean_slugs() {
    let site = TestSite::copy("escaping");
    site.build_clean();
    for f in site.files() {
        assert!(
            f.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "./-".contains(c)),
            "unclean output path `{f}`"
        );
    }
    let files = site.files();
    for expected in [
        "briefings/hostile/index.html",
        "topics/script-alert-1-script/index.html",
        "regions/quotes-apostrophes/index.html",
    ] {
        assert!(files.iter().any(|f| f == expected), "missing {expected}");
    }
}

#[test]
fn raw_html_is_sanitised_by_default_and_passed_through_when_trusted() {
    let site = TestSite::copy("basic");
    site.write(
        "content/2024/script.md",
        "---\ntitle: Script\ndate: 2024-01-01\nsummary: A test.\n---\n\nHello <script>alert(1)</script><sup>1</sup>\n\n<img src=x onerror=alert(2)>\n\n<a href=\"JAVASCRIPT:alert(3)\">x</a>\n",
    );
    site.build_clean();
    let html = site.page("briefings/script/index.html");
    let main = main_of(&html);
    assert!(!main.contains("<script"), "{main}");
    assert!(!main.contains("alert("), "{main}");
    assert!(
        main.contains("<p>Hello <sup>1</sup></p>"),
        "formatting is kept: {main}"
    );
    assert!(main.contains("<img src=\"x\">"), "{main}");

    // A site that trusts its authors gets its HTML unchanged.
    site.write(
        "sitrep.yaml",
        std::fs::read_to_string(site.root.join("sitrep.yaml")).unwrap() + "trusted_html: true\n",
    );
    site.build_clean();
    let main = site.main("briefings/script/index.html");
    assert!(main.contains("<script>alert(1)</script>"), "{main}");
    assert!(main.contains("<img src=x onerror=alert(2)>"), "{main}");
}

// ---------------------------------------------------------------- base path

/// Every root-relative href and src of every page starts with `/repo/`.
fn assert_all_links_under(site: &TestSite, prefix: &str) -> usize {
    let mut checked = 0;
    for (path, html) in html_pages(&site.output()) {
        for value in attr_values(&html, "href")
            .into_iter()
            .chain(attr_values(&html, "src"))
        {
            if value.starts_with('/') {
                assert!(
                    value.starts_with(prefix),
                    "{path}: `{value}` does not start with `{prefix}`"
                );
                checked += 1;
            }
        }
    }
    checked
}

#[test]
fn base_url_prefixes_every_root_relative_link() {
    for fixture in ["basic", "links"] {
        let site = TestSite::copy(fixture);
        let report = site.build_with(|o| o.base_url = Some("https://owner.github.io/repo".into()));
        assert_clean(&report);
        let checked = assert_all_links_under(&site, "/repo/");
        assert!(checked > 50, "{fixture}: only {checked} links checked");
    }
    let site = TestSite::copy("links");
    site.build_with(|o| o.base_url = Some("https://owner.github.io/repo".into()));
    let source = site.page("briefings/source/index.html");
    for expected in [
        "href=\"/repo/style.css\"",
        "<link rel=\"canonical\" href=\"https://owner.github.io/repo/briefings/source/\">",
        "href=\"/repo/briefings/target/#pricing-who-pays\"",
        "href=\"/repo/topics/energy/\">energy topic</a>",
        "href=\"/repo/files/report.pdf\"",
        "src=\"/repo/files/map.svg\"",
        "href=\"https://example.org/page\"",
    ] {
        assert!(source.contains(expected), "missing `{expected}`");
    }
}

#[test]
fn base_url_from_settings_file_is_honoured() {
    let site = TestSite::copy("basic");
    site.write(
        "sitrep.yaml",
        "title: Basic Desk\nbase_url: https://owner.github.io/repo/\n",
    );
    site.build_clean();
    assert!(assert_all_links_under(&site, "/repo/") > 50);
}

// ---------------------------------------------------------------- determinism

#[test]
fn rebuilds_are_byte_identical() {
    for mode in [sitrep::Mode::Public, sitrep::Mode::Preview] {
        let tmp = TestSite::empty("twice");
        let mut opts = sitrep::Options::new(manifest_dir());
        opts.mode = mode;
        let mut trees = Vec::new();
        for name in ["one", "two"] {
            opts.output = tmp.tmp.join(name);
            assert_clean(&sitrep::build(&opts).expect("the sample site builds"));
            trees.push(read_tree(&opts.output));
        }
        let (one, two) = (&trees[0], &trees[1]);
        assert_eq!(
            one.keys().collect::<Vec<_>>(),
            two.keys().collect::<Vec<_>>()
        );
        let differing: Vec<&String> = one.keys().filter(|k| one[*k] != two[*k]).collect();
        assert!(
            differing.is_empty(),
            "{mode:?}: files differ: {differing:?}"
        );
    }
}

// ---------------------------------------------------------------- output folder

const BROKEN_BRIEFING: &str =
    "---\ntitle: Broken\ndate: 2024-09-01\n---\n\nSee [the talks](gas-taks.md).\n";

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let site = TestSite::copy("basic");
    site.build_clean();
    let before = read_tree(&site.output());
    site.write("content/2024/broken.md", BROKEN_BRIEFING);
    let report = site.build();
    assert!(!report.written);
    assert_eq!(
        messages(&report),
        [
            "content/2024/broken.md:6:5: error[link/broken]: broken link `gas-taks.md`: no briefing at `content/2024/gas-taks.md`\n  help: did you mean `../2023/gas-talks.md`?"
        ]
    );
    let after = read_tree(&site.output());
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>()
    );
    assert!(before == after, "the previous site changed");
    assert_eq!(leftovers(&site), Vec::<String>::new());
}

#[test]
fn rebuild_replaces_the_output_and_drops_stale_pages() {
    let site = TestSite::copy("basic");
    site.write(
        "content/2024/fisheries.md",
        "---\ntitle: Fisheries pact\ndate: 2024-10-01\ntopics: [Fisheries]\nregions: [Pacific]\n---\n\nText.\n",
    );
    site.build_clean();
    assert!(
        site.output()
            .join("briefings/fisheries/index.html")
            .exists()
    );
    assert!(
        site.output()
            .join("topics/fisheries/pacific/index.html")
            .exists()
    );
    std::fs::remove_file(site.root.join("content/2024/fisheries.md")).unwrap();
    site.build_clean();
    assert_eq!(site.files(), BASIC_FILES, "stale pages are kept");
    assert!(!site.main("index.html").contains("Fisheries pact"));
    assert_eq!(leftovers(&site), Vec::<String>::new());
}

fn refused(opts: &sitrep::Options, site: &TestSite) -> String {
    match sitrep::build(opts) {
        Err(e @ sitrep::Error::UnsafeOutput { .. }) => site.redact(&e.to_string()),
        Err(e) => panic!("refused for the wrong reason: {e}"),
        Ok(r) => panic!("output `{}` was accepted: {r:?}", opts.output.display()),
    }
}

#[test]
fn output_must_not_be_the_site_or_its_content() {
    let site = TestSite::copy("basic");
    let sources = read_tree(&site.root);
    let cases = [
        (site.root.clone(), "[ROOT]"),
        (site.root.join("content"), "[ROOT]/content"),
        (site.tmp.clone(), "[TMP]"),
    ];
    for (output, shown) in cases {
        let mut opts = site.opts();
        opts.output = output;
        assert_eq!(
            refused(&opts, &site),
            format!(
                "refusing to write to `{shown}`: it holds the site's own files; choose a folder such as `public`"
            )
        );
    }
    assert!(read_tree(&site.root) == sources, "the site's files changed");
}

#[test]
fn output_must_not_be_a_foreign_non_empty_folder() {
    let site = TestSite::copy("basic");
    let foreign = site.tmp.join("notes");
    std::fs::create_dir_all(foreign.join("drafts")).unwrap();
    std::fs::write(foreign.join("todo.txt"), "keep me\n").unwrap();
    std::fs::write(foreign.join("drafts/idea.md"), "an idea\n").unwrap();
    let before = read_tree(&foreign);
    let mut opts = site.opts();
    opts.output = foreign.clone();
    assert_eq!(
        refused(&opts, &site),
        "refusing to write to `[TMP]/notes`: it is not empty and was not created by sitrep; empty it or choose another folder"
    );
    assert!(read_tree(&foreign) == before, "the folder's files changed");

    let file = site.tmp.join("file.txt");
    std::fs::write(&file, "a file\n").unwrap();
    opts.output = file;
    assert_eq!(
        refused(&opts, &site),
        "refusing to write to `[TMP]/file.txt`: it is a file; choose a folder"
    );
}

#[test]
fn output_may_be_an_empty_folder_or_an_earlier_output() {
    let site = TestSite::copy("basic");
    let out = site.tmp.join("out");
    std::fs::create_dir_all(&out).unwrap();
    let report = site.build_with(|o| o.output = out.clone());
    assert_clean(&report);
    assert!(out.join(".sitrep-output").exists(), "the marker is written");
    assert_clean(&site.build_with(|o| o.output = out.clone()));
    assert_eq!(list_files(&out), BASIC_FILES);
}

// ---------------------------------------------------------------- review

const HIDDEN_TITLES: &[&str] = &[
    "Secret draft plan",
    "Pending review memo",
    "Embargoed forecast",
    "Scheduled outlook",
];

#[test]
fn public_build_hides_drafts_reviews_and_embargoes_everywhere() {
    let site = TestSite::copy("review");
    let report = site.build_clean();
    assert_eq!(report.briefings, 1);
    let tree = read_tree(&site.output());
    for (path, bytes) in &tree {
        let text = String::from_utf8_lossy(bytes);
        for title in HIDDEN_TITLES {
            assert!(!text.contains(title), "{path} shows `{title}`");
        }
        for slug in ["draft", "review", "embargoed", "future"] {
            assert!(
                !text.contains(&format!("/briefings/{slug}/")),
                "{path} links `{slug}`"
            );
        }
        assert!(
            !text.contains("Unreleased topic"),
            "{path} shows the draft's topic"
        );
        assert!(
            !text.contains("noindex"),
            "{path} is noindex in a public build"
        );
    }
    let pages: Vec<&String> = tree
        .keys()
        .filter(|p| p.starts_with("briefings/"))
        .collect();
    assert_eq!(pages, ["briefings/published/index.html"]);
    assert!(!tree.keys().any(|p| p.contains("unreleased-topic")));
    // The region count covers public briefings only.
    assert!(site.main("regions/index.html").contains("1 briefing<"));
}

#[test]
fn preview_build_shows_every_status_with_banner_and_noindex() {
    let site = TestSite::copy("review");
    let report = site.build_with(|o| o.mode = sitrep::Mode::Preview);
    assert_clean(&report);
    assert_eq!(report.briefings, 5);
    let banners = [
        ("draft", Some("DRAFT")),
        ("review", Some("IN REVIEW")),
        ("embargoed", Some("EMBARGOED UNTIL 1 Jan 2099 09:00 UTC")),
        ("future", Some("EMBARGOED UNTIL 1 Jun 2099 00:00 UTC")),
        ("published", None),
    ];
    for (slug, banner) in banners {
        let main = site.main(&format!("briefings/{slug}/index.html"));
        match banner {
            Some(b) => assert!(
                main.contains(&format!(">{b}</p>")),
                "{slug}: no `{b}` banner"
            ),
            None => assert!(!main.contains("class=\"banner\""), "{slug} has a banner"),
        }
    }
    for (path, html) in html_pages(&site.output()) {
        assert!(
            html.contains("<meta name=\"robots\" content=\"noindex\">"),
            "{path} is indexable in a preview"
        );
    }
    let home = site.main("index.html");
    for title in HIDDEN_TITLES {
        assert!(home.contains(title), "home lacks `{title}`");
    }
    assert!(home.contains("badge-draft") && home.contains("badge-review"));
    assert!(
        site.files()
            .iter()
            .any(|f| f == "topics/unreleased-topic/index.html")
    );
}

#[test]
fn embargo_lifts_at_its_time() {
    let site = TestSite::copy("review");
    let shown = |now: &str| {
        let report = site.build_with(|o| o.now = now.parse().expect("a valid timestamp"));
        assert_clean(&report);
        let mut slugs: Vec<String> = site
            .files()
            .into_iter()
            .filter_map(|f| {
                f.strip_prefix("briefings/")
                    .map(|s| s.trim_end_matches("/index.html").to_string())
            })
            .collect();
        slugs.sort();
        slugs
    };
    assert_eq!(shown("2099-01-01T08:59:59Z"), ["published"]);
    assert_eq!(shown("2099-01-01T09:00:00Z"), ["embargoed", "published"]);
    assert_eq!(
        shown("2099-06-01T00:00:00Z"),
        ["embargoed", "future", "published"]
    );
    assert!(!site.page("briefings/future/index.html").contains("noindex"));
}

#[test]
fn future_flag_publishes_dated_and_embargoed_briefings_without_banners() {
    let site = TestSite::copy("review");
    let report = site.build_with(|o| o.future = true);
    assert_clean(&report);
    assert_eq!(
        report.briefings, 3,
        "published, embargoed, future; not drafts"
    );
    for slug in ["embargoed", "future"] {
        let html = site.page(&format!("briefings/{slug}/index.html"));
        assert!(
            !html.contains("class=\"banner\"") && !html.contains("noindex"),
            "{slug}"
        );
    }
    assert!(!site.output().join("briefings/draft").exists());
}

#[test]
fn link_to_a_draft_is_an_error_only_in_a_public_build() {
    let site = TestSite::copy("review");
    site.write(
        "content/pointer.md",
        "---\ntitle: Pointer\ndate: 2024-05-01\n---\n\nSee [the plan](draft.md) and [[review]].\n",
    );
    let report = site.build();
    assert!(!report.written);
    assert_eq!(
        messages(&report),
        [
            "content/pointer.md:6:5: error[link/unpublished]: link to unpublished briefing `draft.md`\n  help: `content/draft.md` is not public in this build, so the link would 404; remove the link or publish it first",
            "content/pointer.md:6:30: error[link/unpublished]: link to unpublished briefing `review`\n  help: `content/review.md` is not public in this build, so the link would 404; remove the link or publish it first",
        ]
    );
    let preview = site.build_with(|o| o.mode = sitrep::Mode::Preview);
    assert_clean(&preview);
    let main = site.main("briefings/pointer/index.html");
    assert!(main.contains("<a href=\"/briefings/draft/\">the plan</a>"));
    assert!(main.contains("<a href=\"/briefings/review/\">Pending review memo</a>"));
}

// ---------------------------------------------------------------- empty and overrides

#[test]
fn empty_site_builds_home_and_indexes() {
    let site = TestSite::copy("empty");
    let report = site.build_clean();
    assert_eq!((report.briefings, report.terms), (0, 0));
    assert_eq!(
        site.files(),
        [
            ".nojekyll",
            ".sitrep-output",
            "404.html",
            "archive/index.html",
            "atom.xml",
            "feeds.opml",
            "feeds/index.html",
            "index.html",
            "matrix/index.html",
            "regions/index.html",
            "robots.txt",
            "search.js",
            "search/index.html",
            "search/index.json",
            "style.css",
            "topics/index.html"
        ]
    );
    assert!(site.main("index.html").contains("No briefings yet."));
    assert!(
        site.main("archive/index.html")
            .contains("No briefings yet.")
    );
    assert!(site.main("topics/index.html").contains("None yet."));

    let bare = TestSite::empty("no-content");
    assert_clean(&bare.build());
    assert_eq!(
        bare.files(),
        site.files(),
        "a missing content/ is an empty one"
    );
}

#[test]
fn site_templates_and_static_files_override_the_defaults() {
    let site = TestSite::copy("overrides");
    site.build_clean();
    let not_found = site.page("404.html");
    assert!(main_of(&not_found).contains("<h1>Lost at sea</h1>"));
    assert!(!not_found.contains("Page not found"));
    assert!(
        not_found.contains("href=\"/style.css\""),
        "the override still extends the default base"
    );
    assert_eq!(
        std::fs::read(site.output().join("style.css")).unwrap(),
        std::fs::read(site.root.join("static/style.css")).unwrap()
    );
    assert_eq!(
        std::fs::read(site.output().join("robots.txt")).unwrap(),
        b"User-agent: *\nAllow: /\n"
    );
    // Templates the site does not override stay the default ones.
    let briefing = site.main("briefings/note/index.html");
    assert!(briefing.contains("<h1>Override test</h1>"));
    assert!(briefing.contains("A briefing rendered with the default briefing template."));
}

#[test]
fn broken_site_template_is_a_fatal_error_naming_file_and_line() {
    let site = TestSite::copy("overrides");
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}\n{% block main %}\n{% if %}\n{% endblock main %}\n",
    );
    let err = sitrep::build(&site.opts()).expect_err("a broken template stops the build");
    assert!(matches!(err, sitrep::Error::Template { .. }), "{err}");
    assert!(
        err.to_string()
            .starts_with("templates/404.html:3:7: template error: "),
        "{err}"
    );
    assert!(!site.output().exists());
}

// ---------------------------------------------------------------- matrix

/// The matrix as text rows: `region: cell|cell|...`, a cell `count@url` or `-`.
fn matrix_rows(main: &str) -> Vec<String> {
    let body = &main[main.find("<tbody>").expect("matrix has a body")..];
    body.split("<tr>")
        .skip(1)
        .map(|row| {
            let region = row
                .split("\">")
                .nth(2)
                .and_then(|r| r.split('<').next())
                .unwrap_or_default();
            let cells: Vec<String> = row
                .split("<td")
                .skip(1)
                .map(|td| match td.split("href=\"").nth(1) {
                    Some(rest) => {
                        let (url, rest) = rest.split_once("\">").unwrap_or_default();
                        let count = rest.split('<').next().unwrap_or_default();
                        format!("{count}@{url}")
                    }
                    None => "-".into(),
                })
                .collect();
            format!("{region}: {}", cells.join("|"))
        })
        .collect()
}

#[test]
fn matrix_counts_every_topic_and_region_pair_and_links_only_non_empty_cells() {
    let site = TestSite::copy("basic");
    site.build_clean();
    let main = site.main("matrix/index.html");
    // Columns are topics by name; rows regions by name.
    let heads: Vec<&str> = main
        .split("<th scope=\"col\"><a href=\"")
        .skip(1)
        .map(|h| h.split('"').next().unwrap_or_default())
        .collect();
    assert_eq!(
        heads,
        ["/topics/diplomacy/", "/topics/energy/", "/topics/shipping/"]
    );
    assert_eq!(
        matrix_rows(&main),
        [
            "Arctic: -|-|1@/topics/shipping/arctic/",
            "Asia: -|1@/topics/energy/asia/|-",
            "China: -|1@/topics/energy/china/|-",
            "Eastern Asia: -|1@/topics/energy/eastern-asia/|-",
            "Eastern Europe: 1@/topics/diplomacy/eastern-europe/|2@/topics/energy/eastern-europe/|1@/topics/shipping/eastern-europe/",
            "Europe: 1@/topics/diplomacy/europe/|2@/topics/energy/europe/|1@/topics/shipping/europe/",
            "Russia: 1@/topics/diplomacy/russia/|2@/topics/energy/russia/|1@/topics/shipping/russia/",
        ]
    );
    for page in ["topics/index.html", "regions/index.html"] {
        assert!(
            site.main(page)
                .contains("<a href=\"/matrix/\">coverage matrix</a>"),
            "{page} links the matrix"
        );
    }
    assert!(
        site.page("index.html")
            .contains("<a href=\"/matrix/\">Matrix</a>")
    );
}

#[test]
fn matrix_of_a_site_without_terms_says_so() {
    let site = TestSite::empty("matrix-empty");
    site.write(
        "content/a.md",
        "---\ntitle: A\ndate: 2024-01-01\n---\n\nText.\n",
    );
    site.build_clean();
    let main = site.main("matrix/index.html");
    assert!(main.contains("No briefings have both a topic and a region yet."));
    assert!(!main.contains("<table"));
}

// ---------------------------------------------------------------- supersedes

#[test]
fn superseded_briefings_point_to_the_latest_of_their_chain() {
    let site = TestSite::copy("basic");
    let write = |slug: &str, date: &str, extra: &str| {
        site.write(
            &format!("content/chain/{slug}.md"),
            format!("---\ntitle: Outlook {slug}\ndate: {date}\n{extra}---\n\nText.\n"),
        );
    };
    write("one", "2021-01-01", "");
    write("two", "2022-01-01", "supersedes: one\n");
    write("three", "2023-01-01", "supersedes: [two]\n");
    site.build_clean();
    for old in ["one", "two"] {
        let main = site.main(&format!("briefings/{old}/index.html"));
        assert!(
            main.contains("Superseded by <a href=\"/briefings/three/\">Outlook three</a>"),
            "{old}: {main}"
        );
    }
    let latest = site.main("briefings/three/index.html");
    assert!(!latest.contains("Superseded by"));
    // Indexes mark the replaced briefings, not the latest.
    let badge = "<span class=\"badge badge-superseded\">superseded</span>";
    for page in ["archive/index.html", "index.html"] {
        let main = site.main(page);
        for (title, marked) in [("one", true), ("two", true), ("three", false)] {
            let at = main
                .find(&format!(">Outlook {title}</a>"))
                .unwrap_or_else(|| panic!("{page} lists {title}"));
            let line = &main[at..main[at..].find('\n').map_or(main.len(), |n| at + n)];
            assert_eq!(line.contains(badge), marked, "{page}, {title}: {line}");
        }
    }
    assert!(latest.contains("This briefing replaces <a href=\"/briefings/two/\">Outlook two</a>"));
}

// ---------------------------------------------------------------- review dashboard

/// `status: [title, title]` for each group of the dashboard, in page order.
fn dashboard_groups(main: &str) -> Vec<String> {
    main.split("<section class=\"review-group\"")
        .skip(1)
        .map(|g| {
            let status = g.split("id=\"").nth(1).and_then(|s| s.split('"').next());
            let titles: Vec<&str> = g
                .split("<th scope=\"row\"><a href=\"")
                .skip(1)
                .filter_map(|r| r.split("\">").nth(1)?.split('<').next())
                .collect();
            format!("{}: {}", status.unwrap_or_default(), titles.join(" | "))
        })
        .collect()
}

#[test]
fn preview_build_has_a_review_dashboard_grouped_by_status() {
    let site = TestSite::copy("review");
    site.write(
        "content/incomplete.md",
        "---\ntitle: Incomplete memo\ndate: 2024-05-10\nstatus: review\n---\n\nText on [[nowhere]].\n",
    );
    let report = site.build_with(|o| {
        o.mode = sitrep::Mode::Preview;
        o.allow_broken_links = true;
    });
    assert!(report.written, "{}", report.diagnostics);
    let main = site.main("review/index.html");
    assert_eq!(
        dashboard_groups(&main),
        [
            "review: Incomplete memo | Pending review memo",
            "draft: Secret draft plan",
            "embargoed: Scheduled outlook | Embargoed forecast",
            "published: Public assessment",
        ]
    );
    // Who signs it off, and what `check` says about the file.
    let row = &main[main.find("Incomplete memo").expect("listed")..];
    let row = &row[..row.find("</tr>").expect("row ends")];
    assert!(row.contains("content/incomplete.md"), "{row}");
    assert!(row.contains("<span class=\"missing\">none</span>"), "{row}");
    assert!(
        row.contains("<li>4:1: warning[review/no-reviewers]: in review, but no `reviewers`</li>"),
        "{row}"
    );
    // In line order, whichever stage found them.
    let lines: Vec<&str> = row
        .split("<li>")
        .skip(1)
        .filter_map(|li| li.split(':').next())
        .collect();
    assert!(lines.contains(&"7"), "the broken link is listed: {row}");
    let mut sorted = lines.clone();
    sorted.sort_by_key(|l| l.parse::<u32>().unwrap_or(0));
    assert_eq!(lines, sorted, "{row}");
    assert!(
        site.page("index.html").contains(">Review</a>"),
        "linked from the preview's menu"
    );
    // Never in a public build.
    site.build_clean();
    assert!(!site.files().iter().any(|f| f.starts_with("review/")));
    assert!(!site.page("index.html").contains(">Review</a>"));
}

#[test]
fn emoji_rtl_cjk_and_punctuation_only_names_render_and_get_clean_unique_slugs() {
    let site = TestSite::copy("escaping");
    site.build_clean();
    let main = site.main("briefings/unicode/index.html");
    assert!(
        main.contains("<h1>🛢️ Нефть, 石油 and نفط: ../../etc/passwd</h1>"),
        "{main}"
    );
    assert!(main.contains("Right-to-left: مرحبا. CJK: 中俄关系. Emoji: 🇷🇺🇨🇳."));
    assert!(main.contains(">能源</a>") && main.contains(">الشرق الأوسط</a>"));
    // Raw HTML in the body is sanitised, not shown as tags or dropped.
    assert!(main.contains("Text with <b>bold</b>"));
    let files = site.files();
    for f in &files {
        assert!(
            f.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c)),
            "`{f}` is not a clean path"
        );
        assert!(!f.contains(".."), "`{f}` climbs");
    }
    // Titles of punctuation only still get distinct, non-empty slugs.
    assert!(files.contains(&"briefings/punctuation/index.html".to_string()));
    assert!(files.contains(&"briefings/punctuation-2/index.html".to_string()));
    let punct_topics: Vec<&String> = files
        .iter()
        .filter(|f| {
            f.starts_with("topics/x-") && f.ends_with("/index.html") && f.matches('/').count() == 2
        })
        .collect();
    assert_eq!(
        punct_topics.len(),
        2,
        "`!!!` and `???` are two topics: {punct_topics:?}"
    );
    assert!(
        files.contains(&"regions/etc/index.html".to_string()),
        "`../../etc` is a plain slug"
    );
}

#[test]
fn hostile_site_builds_with_a_warning_per_script_link_and_no_live_markup() {
    let site = TestSite::copy("hostile");
    let report = site.build();
    assert!(report.written);
    let lines: Vec<(Option<u32>, &str)> = report
        .diagnostics
        .iter()
        .map(|d| (d.pos.map(|p| p.line), d.rule))
        .collect();
    assert_eq!(
        lines,
        [
            (Some(30), "link/script-url"),
            (Some(31), "link/script-url"),
            (Some(32), "link/script-url"),
        ]
    );
    for (path, html) in html_pages(&site.output()) {
        let lower = html.to_lowercase();
        // Escaped text (`onerror=&quot;`) is harmless; live markup has real quotes and tags.
        for live in [
            "onerror=\"",
            "onload=\"",
            "ontoggle=\"",
            "onmouseover=\"",
            "href=\"javascript",
            "href=\"vbscript",
            "href=\"data:",
            "<svg",
            "<iframe",
            "<object",
            "<embed",
            "<img src=x",
        ] {
            assert!(!lower.contains(live), "{path} contains `{live}`");
        }
        let scripts = lower.matches("<script").count();
        let allowed = lower
            .matches("<script type=\"application/ld+json\">")
            .count()
            + lower.matches("<script src=\"/search.js\" defer>").count();
        assert_eq!(scripts, allowed, "{path} has a script an author wrote");
    }
    let body = site.main("briefings/body/index.html");
    assert!(body.contains("<sup>kept</sup> <abbr title=\"liquefied natural gas\">LNG</abbr>"));
    assert!(
        body.contains("markdown link"),
        "the text of a removed link stays"
    );
}
