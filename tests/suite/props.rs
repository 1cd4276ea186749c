//! Property tests for slugs, heading anchors and the routes built from slugs,
//! over arbitrary Unicode (path tricks, NUL, emoji, RTL, CJK, punctuation only,
//! very long), and for how slug collisions reach the site: two briefings with
//! one slug are a `site/duplicate-slug` error, two spellings of a term share
//! one term page.

use proptest::prelude::*;
use sitrep::slug::{self, MAX_LEN, Slug};
use sitrep::source::SourceFile;
use sitrep::url::{Route, TermKind};
use sitrep::{Config, Diagnostics, Options};

/// Text made of pieces that have broken slug functions elsewhere.
fn tricky() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        prop::sample::select(vec![
            "../",
            "..",
            "/",
            "\\",
            "\0",
            ".",
            "-",
            "--",
            " ",
            "\t",
            "\n",
            "'",
            "\u{2019}",
            "🚀",
            "👩‍👩‍👧",
            "🇫🇷",
            "\u{202e}",
            "\u{200f}",
            "مرحبا بالعالم",
            "שלום",
            "東京",
            "한국어",
            "İ",
            "ß",
            "ǅ",
            "ϒ",
            "\u{301}",
            "Ⅻ",
            "½",
            "!?.,;:",
            "%2e%2e",
            "<script>",
            "\u{fffd}",
        ])
        .prop_map(str::to_string),
        "[a-zA-Z0-9]{1,8}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..24).prop_map(|v| v.concat())
}

/// Any text: arbitrary, tricky, or tricky and very long.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        tricky(),
        (tricky(), 1..300usize).prop_map(|(s, n)| s.repeat(n)),
    ]
}

/// The documented contract: `[a-z0-9]+(-[a-z0-9]+)*`, at most `MAX_LEN` bytes.
fn check_slug(s: &str) -> Result<(), TestCaseError> {
    prop_assert!(!s.is_empty(), "empty slug");
    prop_assert!(s.len() <= MAX_LEN, "slug of {} bytes: {s}", s.len());
    prop_assert!(
        s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
        "slug `{s}` has a byte outside [a-z0-9-]"
    );
    prop_assert!(
        !s.starts_with('-') && !s.ends_with('-') && !s.contains("--"),
        "slug `{s}` has a stray `-`"
    );
    Ok(())
}

/// Letters and digits of any script, lowered, single `-` between words.
fn check_anchor(text: &str, a: &str) -> Result<(), TestCaseError> {
    prop_assert!(!a.is_empty(), "empty anchor");
    prop_assert!(
        a.chars()
            .all(|c| c == '-' || (c.is_alphanumeric() && c.to_lowercase().eq(std::iter::once(c)))),
        "anchor `{a}` has a char that is not a lowered letter, digit or `-`"
    );
    prop_assert!(
        !a.starts_with('-') && !a.ends_with('-') && !a.contains("--"),
        "anchor `{a}` has a stray `-`"
    );
    prop_assert!(a.chars().count() <= text.chars().count().max("section".len()));
    Ok(())
}

/// A route's output file stays inside the output folder.
fn check_route(route: &Route) -> Result<(), TestCaseError> {
    let file = route.output_file();
    prop_assert!(!route.as_str().contains(".."), "route `{}`", route.as_str());
    prop_assert!(!file.starts_with('/') && !file.contains(['\\', '\0', ':']));
    prop_assert!(
        file.split('/')
            .all(|s| !matches!(s, "" | "." | "..") && s.len() <= 255),
        "output file `{file}`"
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn slugs_are_url_safe_bounded_and_idempotent(s in text()) {
        let slug = Slug::new(&s);
        check_slug(slug.as_str())?;
        prop_assert_eq!(Slug::new(slug.as_str()), slug);
    }

    #[test]
    fn anchors_are_clean_bounded_and_idempotent(s in text()) {
        let a = slug::anchor(&s);
        check_anchor(&s, &a)?;
        prop_assert_eq!(slug::anchor(&a), a);
    }

    #[test]
    fn routes_from_slugs_stay_in_the_output(s in text(), page in 1..5usize) {
        let slug = Slug::new(&s);
        let route = Route::briefing(&slug);
        prop_assert_eq!(route.output_file(), format!("briefings/{slug}/index.html"));
        check_route(&route)?;
        for kind in [TermKind::Topic, TermKind::Region] {
            check_route(&Route::term(kind, &slug, page))?;
            check_route(&Route::term_feed(kind, &slug))?;
        }
        check_route(&Route::intersection(&slug, &slug, page))?;
    }
}

#[test]
fn every_single_char_gives_a_valid_slug_and_anchor() {
    for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
        let text = c.to_string();
        let slug = Slug::new(&text);
        check_slug(slug.as_str()).unwrap();
        assert_eq!(Slug::new(slug.as_str()), slug, "slug of U+{:04X}", c as u32);
        let a = slug::anchor(&text);
        check_anchor(&text, &a).unwrap();
        assert_eq!(slug::anchor(&a), a, "anchor of U+{:04X}", c as u32);
    }
}

/// Renders briefings given as (path under `content/`, front matter lines).
fn site(files: &[(&str, String)]) -> (sitrep::Report, Vec<sitrep::OutputFile>) {
    let sources: Vec<SourceFile> = files
        .iter()
        .map(|(rel, fm)| SourceFile {
            rel: rel.to_string(),
            display: format!("content/{rel}"),
            text: format!("---\n{fm}date: 2024-05-01\n---\n\nText.\n"),
        })
        .collect();
    let mut opts = Options::new("/nonexistent-props-root");
    opts.future = true;
    sitrep::render_sources(
        &sources,
        Vec::new(),
        Config::default(),
        &opts,
        Diagnostics::default(),
    )
    .expect("the default theme renders")
}

fn duplicate_slugs(report: &sitrep::Report) -> usize {
    report
        .diagnostics
        .iter()
        .filter(|d| d.rule == "site/duplicate-slug")
        .count()
}

#[test]
fn file_names_that_slug_alike_are_a_duplicate_slug_error() {
    let (report, _) = site(&[
        ("Côte d'Ivoire.md", "title: One\n".into()),
        ("2024/cote divoire.md", "title: Two\n".into()),
    ]);
    assert_eq!(duplicate_slugs(&report), 1, "{:?}", report.diagnostics);
    assert_eq!(report.briefings, 1);
}

/// Another spelling with the same slug: other case, `-` or `_` for spaces,
/// punctuation and apostrophes added.
fn respell(words: &[String], style: usize) -> String {
    let sep = ["-", "_", "  ", " - "][style % 4];
    let joined = words.join(sep);
    match style % 3 {
        0 => joined.to_uppercase(),
        1 => format!("{joined}!"),
        _ => joined.replace('a', "a'"),
    }
}

proptest! {
    // Each case renders a whole site; a few dozen keep the file under 5 s.
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn names_that_slug_alike_collide_loudly(
        words in prop::collection::vec("[a-zA-Z]{1,8}", 1..4),
        style in 0..12usize,
    ) {
        let name = words.join(" ");
        let other = respell(&words, style);
        prop_assert_eq!(Slug::new(&name), Slug::new(&other));
        let (report, _) = site(&[
            (&format!("{name}.md"), "title: One\n".into()),
            (&format!("2024/{other}.md"), "title: Two\n".into()),
        ]);
        prop_assert_eq!(duplicate_slugs(&report), 1);
        prop_assert_eq!(report.briefings, 1);
    }

    #[test]
    fn spellings_of_a_term_share_one_term_page(
        words in prop::collection::vec("[a-zA-Z]{1,8}", 1..4),
        style in 0..12usize,
    ) {
        let name = words.join(" ");
        let other = respell(&words, style);
        let slug = Slug::new(&name);
        let (report, files) = site(&[
            ("a.md", format!("title: One\ntopics: [\"{name}\"]\n")),
            ("b.md", format!("title: Two\ntopics: [\"{other}\"]\n")),
        ]);
        prop_assert!(!report.diagnostics.has_errors(), "{:?}", report.diagnostics);
        prop_assert_eq!(report.terms, 1);
        let topic_pages: Vec<&str> = files
            .iter()
            .map(|f| f.path.as_str())
            .filter(|p| p.starts_with("topics/") && p.ends_with("/index.html") && p.matches('/').count() == 2)
            .collect();
        let expected = format!("topics/{slug}/index.html");
        prop_assert_eq!(topic_pages, vec![expected.as_str()]);
    }
}
