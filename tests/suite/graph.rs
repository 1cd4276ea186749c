//! The link graph of `tests/sites/graph/`, asserted exactly: for every
//! briefing its related briefings, "Referenced by" backlinks, older and newer
//! neighbours, and supersedes (the "Superseded by" banner and the "This
//! briefing replaces" list), each as a whole ordered list.
//!
//! The fixture: nine public briefings and one draft. Dates decide the order,
//! newest first, ties by slug (arctic-convoys and port-deal share a date).
//!
//! | slug (file)                        | date       | topics              | regions        | links to (body)                                                                                   | supersedes                |
//! |------------------------------------|------------|---------------------|----------------|---------------------------------------------------------------------------------------------------|---------------------------|
//! | outlook-2024 (2024/)               | 2024-06-01 | Energy              | Russia, China  | `[[outlook-2023\|…]]`, `/2023/price-cap.md`, `[[outlook-2023#demand]]`, `[[summit-notes]]`, `[[outlook-2024]]` (self) | [outlook-2023, price-cap] |
//! | draft-memo (2024/), **draft**      | 2024-03-01 | Diplomacy, Energy   | China, Russia  | `[[summit-notes]]`, `../2023/price-cap.md`, `[[lunar-base\|…]]`                                    | port-deal                 |
//! | arctic-convoys (2024/)             | 2024-02-01 | Shipping, Energy    | Arctic, Russia | `../2023/price-cap.md#shipping`, `[[port-deal]]`, `[[icebreaker-fleet\|…]]`                       |                           |
//! | port-deal (2024/)                  | 2024-02-01 | Shipping            | Arctic, China  | `[[price-cap#shipping\|…]]`, `arctic-convoys.md`, `[[arctic-convoys]]` (again), `../2023/fleet.md`  |                           |
//! | lunar-base (2023/)                 | 2023-11-01 | Space               | Global         |                                                                                                   |                           |
//! | icebreaker-fleet (2023/fleet.md)   | 2023-10-20 | Shipping            | Arctic         | `#fleet-plan` (own heading)                                                                       |                           |
//! | summit-notes (2023/)               | 2023-09-15 | Diplomacy, Energy   | China, Russia  | `/2023/outlook-2023.md`, `#joint-statement` (own heading)                                         |                           |
//! | outlook-2023 (2023/)               | 2023-06-01 | Energy              | Russia         | `../2022/outlook-2022.md`, `[[price-cap]]`                                                        | outlook-2022              |
//! | price-cap (2023/)                  | 2023-03-01 | energy, Sanctions   | Russia         | `price-cap.md` (self), `../2022/outlook-2022.md`                                                  |                           |
//! | outlook-2022 (2022/)               | 2022-12-01 | Energy              | Russia         |                                                                                                   |                           |
//!
//! icebreaker-fleet lives in `2023/fleet.md` with `slug: icebreaker-fleet`, so
//! path links and wiki links name it differently. The draft links to three
//! public briefings, shares every term of summit-notes and supersedes
//! port-deal: a public build must show none of that.

use crate::common::{TestSite, assert_clean, attr_values, fixture};

/// Slug and title of every public briefing, newest first, ties by slug.
const BRIEFINGS: &[(&str, &str)] = &[
    ("outlook-2024", "Gas outlook 2024"),
    ("arctic-convoys", "Arctic LNG convoys"),
    ("port-deal", "Port access deal"),
    ("lunar-base", "Joint lunar station"),
    ("icebreaker-fleet", "Icebreaker fleet renewal"),
    ("summit-notes", "Beijing summit notes"),
    ("outlook-2023", "Gas outlook 2023"),
    ("price-cap", "Oil price cap review"),
    ("outlook-2022", "Gas outlook 2022"),
];

/// The draft: shown only in a preview build.
const DRAFT: (&str, &str) = ("draft-memo", "Gas diplomacy memo");

// Related, public build. n = 9 shown briefings (the draft is hidden, so it is
// neither counted nor a candidate); idf(t) = ln((n + 1) / df) = ln(10 / df).
//
//   Energy    df 6 (all but port-deal, icebreaker-fleet, lunar-base)  ln(10/6) = 0.5108
//   Russia    df 6 (the same six briefings)                           ln(10/6) = 0.5108
//   China     df 3 (outlook-2024, port-deal, summit-notes)            ln(10/3) = 1.2040
//   Shipping  df 3 (arctic-convoys, port-deal, icebreaker-fleet)      ln(10/3) = 1.2040
//   Arctic    df 3 (the same three)                                   ln(10/3) = 1.2040
//   Sanctions, Diplomacy, Space, Global: df 1, shared with nobody.
//   ("energy" in price-cap is the same term as "Energy".)
//
// Energy and Russia always come together, so the scores that occur are
//   E+R   = 0.5108 + 0.5108          = 1.0217
//   C     = 1.2040
//   E+R+C = 1.0217 + 1.2040          = 2.2257
//   S+A   = 1.2040 + 1.2040          = 2.4079
// and ties are broken by |Δdate| in days, then by slug:
//
// outlook-2024 (E; R, C), 6 candidates, the 6th is cut:
//   summit-notes   E+R+C 2.2257  260 d
//   port-deal      C     1.2040  121 d   (one rare term beats two common ones)
//   arctic-convoys E+R   1.0217  121 d   ┐
//   outlook-2023   E+R   1.0217  366 d   │ tie on score, by date
//   price-cap      E+R   1.0217  458 d   │
//   outlook-2022   E+R   1.0217  548 d   ┘ 6th: truncated
// arctic-convoys (S, E; A, R), 7 candidates:
//   port-deal      S+A   2.4079    0 d   ┐ tie on score, by date
//   icebreaker     S+A   2.4079  104 d   ┘
//   outlook-2024   E+R   1.0217  121 d   ┐
//   summit-notes   E+R   1.0217  139 d   │ tie on score, by date
//   outlook-2023   E+R   1.0217  245 d   │
//   price-cap      E+R   1.0217  337 d   │ 6th: truncated
//   outlook-2022   E+R   1.0217  427 d   ┘ 7th: truncated
// port-deal (S; A, C):
//   arctic-convoys S+A   2.4079    0 d   ┐ by date
//   icebreaker     S+A   2.4079  104 d   ┘
//   outlook-2024   C     1.2040  121 d   ┐ by date
//   summit-notes   C     1.2040  139 d   ┘
// lunar-base (Space; Global): no term is shared, so nothing is related.
// icebreaker-fleet (S; A):
//   arctic-convoys S+A   2.4079  104 d   ┐ same score, same date (both 2024-02-01):
//   port-deal      S+A   2.4079  104 d   ┘ by slug
// summit-notes (D, E; C, R):
//   outlook-2024   E+R+C 2.2257  260 d
//   port-deal      C     1.2040  139 d
//   outlook-2023   E+R   1.0217  106 d   ┐
//   arctic-convoys E+R   1.0217  139 d   │ by date
//   price-cap      E+R   1.0217  198 d   │
//   outlook-2022   E+R   1.0217  288 d   ┘ 6th: truncated
// outlook-2023 (E; R), all E+R 1.0217, by date:
//   price-cap 92 d, summit-notes 106 d, outlook-2022 182 d, arctic-convoys 245 d, outlook-2024 366 d
// price-cap (E, Sanctions; R), all E+R 1.0217, by date:
//   outlook-2022 90 d, outlook-2023 92 d, summit-notes 198 d, arctic-convoys 337 d, outlook-2024 458 d
// outlook-2022 (E; R), all E+R 1.0217, by date:
//   price-cap 90 d, outlook-2023 182 d, summit-notes 288 d, arctic-convoys 427 d, outlook-2024 548 d
//
// Were the draft counted, it would top summit-notes' list (it shares all
// four terms) and change every idf.
const RELATED: &[(&str, &[&str])] = &[
    (
        "outlook-2024",
        &[
            "summit-notes",
            "port-deal",
            "arctic-convoys",
            "outlook-2023",
            "price-cap",
        ],
    ),
    (
        "arctic-convoys",
        &[
            "port-deal",
            "icebreaker-fleet",
            "outlook-2024",
            "summit-notes",
            "outlook-2023",
        ],
    ),
    (
        "port-deal",
        &[
            "arctic-convoys",
            "icebreaker-fleet",
            "outlook-2024",
            "summit-notes",
        ],
    ),
    ("lunar-base", &[]),
    ("icebreaker-fleet", &["arctic-convoys", "port-deal"]),
    (
        "summit-notes",
        &[
            "outlook-2024",
            "port-deal",
            "outlook-2023",
            "arctic-convoys",
            "price-cap",
        ],
    ),
    (
        "outlook-2023",
        &[
            "price-cap",
            "summit-notes",
            "outlook-2022",
            "arctic-convoys",
            "outlook-2024",
        ],
    ),
    (
        "price-cap",
        &[
            "outlook-2022",
            "outlook-2023",
            "summit-notes",
            "arctic-convoys",
            "outlook-2024",
        ],
    ),
    (
        "outlook-2022",
        &[
            "price-cap",
            "outlook-2023",
            "summit-notes",
            "arctic-convoys",
            "outlook-2024",
        ],
    ),
];

// Backlinks, public build: shown briefings linking here, newest first (ties
// by slug), each once; self-links and the draft's links never count.
//
// - outlook-2024: only its own `[[outlook-2024]]`, which does not count.
// - arctic-convoys: port-deal links it twice (`arctic-convoys.md` and the wiki link): once.
// - port-deal: `[[port-deal]]` from arctic-convoys.
// - lunar-base: only the draft links it, so nothing.
// - icebreaker-fleet: `[[icebreaker-fleet|…]]` (arctic-convoys) and
//   `../2023/fleet.md` (port-deal), same date, so by slug.
// - summit-notes: outlook-2024; the draft's `[[summit-notes]]` is hidden.
// - outlook-2023: outlook-2024 (two wiki links, one with `#demand`) and
//   summit-notes (`/2023/outlook-2023.md`).
// - price-cap: outlook-2024 (`/2023/price-cap.md`), arctic-convoys
//   (`../2023/price-cap.md#shipping`), port-deal (`[[price-cap#shipping|…]]`)
//   and outlook-2023 (`[[price-cap]]`); its own `price-cap.md` and the draft's
//   link do not count.
// - outlook-2022: outlook-2023 and price-cap (both `../2022/outlook-2022.md`).
const BACKLINKS: &[(&str, &[&str])] = &[
    ("outlook-2024", &[]),
    ("arctic-convoys", &["port-deal"]),
    ("port-deal", &["arctic-convoys"]),
    ("lunar-base", &[]),
    ("icebreaker-fleet", &["arctic-convoys", "port-deal"]),
    ("summit-notes", &["outlook-2024"]),
    ("outlook-2023", &["outlook-2024", "summit-notes"]),
    (
        "price-cap",
        &[
            "outlook-2024",
            "arctic-convoys",
            "port-deal",
            "outlook-2023",
        ],
    ),
    ("outlook-2022", &["outlook-2023", "price-cap"]),
];

// Previous ("Older", rel="prev") and next ("Newer", rel="next") in the public
// order above: arctic-convoys comes before port-deal (same date, by slug), and
// the hidden draft (2024-03-01) is skipped between outlook-2024 and arctic-convoys.
const NEIGHBOURS: &[(&str, Option<&str>, Option<&str>)] = &[
    ("outlook-2024", Some("arctic-convoys"), None),
    ("arctic-convoys", Some("port-deal"), Some("outlook-2024")),
    ("port-deal", Some("lunar-base"), Some("arctic-convoys")),
    ("lunar-base", Some("icebreaker-fleet"), Some("port-deal")),
    ("icebreaker-fleet", Some("summit-notes"), Some("lunar-base")),
    (
        "summit-notes",
        Some("outlook-2023"),
        Some("icebreaker-fleet"),
    ),
    ("outlook-2023", Some("price-cap"), Some("summit-notes")),
    ("price-cap", Some("outlook-2022"), Some("outlook-2023")),
    ("outlook-2022", None, Some("price-cap")),
];

// Supersedes: outlook-2022 ← outlook-2023 ← outlook-2024, and price-cap ←
// outlook-2024. Each replaced briefing points to the latest of its chain
// (outlook-2022 to outlook-2024, not outlook-2023); each replacing briefing
// lists only what it names itself, in the author's order. The draft's
// `supersedes: port-deal` does not count in a public build.
const SUPERSEDES: &[(&str, Option<&str>, &[&str])] = &[
    ("outlook-2024", None, &["outlook-2023", "price-cap"]),
    ("arctic-convoys", None, &[]),
    ("port-deal", None, &[]),
    ("lunar-base", None, &[]),
    ("icebreaker-fleet", None, &[]),
    ("summit-notes", None, &[]),
    ("outlook-2023", Some("outlook-2024"), &["outlook-2022"]),
    ("price-cap", Some("outlook-2024"), &[]),
    ("outlook-2022", Some("outlook-2024"), &[]),
];

// ---------------------------------------------------------------- reading pages

/// The title of a briefing of the fixture, draft included.
fn title(slug: &str) -> &'static str {
    BRIEFINGS
        .iter()
        .chain([&DRAFT])
        .find(|(s, _)| *s == slug)
        .unwrap_or_else(|| panic!("`{slug}` is not a briefing of the graph fixture"))
        .1
}

/// The part of `main` from `open` up to the next `close`, if `open` is there;
/// it must be there at most once.
fn part<'a>(main: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = main.find(open)?;
    assert_eq!(main.matches(open).count(), 1, "`{open}` twice in:\n{main}");
    let end = start
        + main[start..]
            .find(close)
            .unwrap_or_else(|| panic!("`{open}` is never closed by `{close}`"));
    Some(&main[start..end])
}

/// One `<a>` element: its opening tag and its text with inner tags removed.
struct Anchor<'a> {
    tag: &'a str,
    text: String,
}

impl Anchor<'_> {
    fn attr(&self, name: &str) -> Option<&str> {
        attr_values(self.tag, name).first().copied()
    }

    /// The slug of the briefing linked to, after checking the link shows
    /// `prefix` followed by that briefing's title.
    fn briefing(&self, prefix: &str) -> String {
        let href = self.attr("href").expect("the link has an href");
        let slug = href
            .strip_prefix("/briefings/")
            .and_then(|s| s.strip_suffix('/'))
            .unwrap_or_else(|| panic!("`{href}` is not a briefing URL"));
        assert_eq!(
            self.text,
            format!("{prefix}{}", title(slug)),
            "text of the link to {href}"
        );
        slug.to_string()
    }
}

/// Every `<a>` in `html`, in order.
fn anchors(html: &str) -> Vec<Anchor<'_>> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(found) = html[at..].find("<a ") {
        let start = at + found;
        let open_end = start + html[start..].find('>').expect("the tag is closed") + 1;
        let close = open_end + html[open_end..].find("</a>").expect("the link is closed");
        let mut text = String::new();
        let mut in_tag = false;
        for c in html[open_end..close].chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => text.push(c),
                _ => {}
            }
        }
        out.push(Anchor {
            tag: &html[start..open_end],
            text: text.trim().to_string(),
        });
        at = close;
    }
    out
}

/// The slugs listed in a `<section aria-labelledby="{id}">` of the footer, in order.
fn section_list(main: &str, id: &str) -> Vec<String> {
    let Some(section) = part(main, &format!("aria-labelledby=\"{id}\">"), "</section>") else {
        return Vec::new();
    };
    let list: Vec<String> = anchors(section).iter().map(|a| a.briefing("")).collect();
    assert!(!list.is_empty(), "an empty `{id}` section is shown");
    list
}

/// "Related briefings", best first.
fn related(main: &str) -> Vec<String> {
    section_list(main, "related-title")
}

/// "Referenced by", newest first.
fn backlinks(main: &str) -> Vec<String> {
    section_list(main, "backlinks-title")
}

/// The briefing named by the "Superseded by" banner.
fn superseded_by(main: &str) -> Option<String> {
    let banner = part(main, "<p class=\"superseded\" role=\"note\">", "</p>")?;
    assert!(
        banner.contains(">Superseded by <a "),
        "banner wording: {banner}"
    );
    let links = anchors(banner);
    assert_eq!(links.len(), 1, "one link in the banner: {banner}");
    Some(links[0].briefing(""))
}

/// The briefings listed after "This briefing replaces", in order.
fn replaces(main: &str) -> Vec<String> {
    let Some(line) = part(main, "<p class=\"replaces\">", "</p>") else {
        return Vec::new();
    };
    assert!(
        line.contains(">This briefing replaces <a "),
        "replaces wording: {line}"
    );
    anchors(line).iter().map(|a| a.briefing("")).collect()
}

/// The older (`prev`) or newer (`next`) neighbour in the footer nav.
fn neighbour(main: &str, rel: &str) -> Option<String> {
    let nav = part(main, "<nav class=\"prev-next\"", "</nav>")?;
    let links: Vec<Anchor<'_>> = anchors(nav)
        .into_iter()
        .filter(|a| a.attr("rel") == Some(rel))
        .collect();
    assert!(links.len() <= 1, "two rel=\"{rel}\" links: {nav}");
    let link = links.first()?;
    assert_eq!(link.attr("class"), Some(rel), "class of the {rel} link");
    let label = if rel == "prev" { "Older " } else { "Newer " };
    Some(link.briefing(label))
}

/// The `<main>` of a briefing page.
fn page(site: &TestSite, slug: &str) -> String {
    site.main(&format!("briefings/{slug}/index.html"))
}

/// The graph fixture, built for the public, with the draft left out.
fn public_build() -> TestSite {
    let site = TestSite::copy("graph");
    let report = site.build_clean();
    assert_eq!(report.briefings, BRIEFINGS.len());
    let pages: Vec<String> = site
        .files()
        .into_iter()
        .filter(|f| f.starts_with("briefings/"))
        .collect();
    let mut want: Vec<String> = BRIEFINGS
        .iter()
        .map(|(s, _)| format!("briefings/{s}/index.html"))
        .collect();
    want.sort();
    assert_eq!(
        pages, want,
        "one page per public briefing, none for the draft"
    );
    site
}

fn strings(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn opt(s: Option<&str>) -> Option<String> {
    s.map(str::to_string)
}

// ---------------------------------------------------------------- pages

#[test]
fn related_briefings_rank_by_rare_shared_terms_then_date_then_slug() {
    let site = public_build();
    for &(slug, want) in RELATED {
        assert_eq!(related(&page(&site, slug)), want, "related of {slug}");
    }
}

#[test]
fn backlinks_list_each_shown_linking_briefing_once_newest_first() {
    let site = public_build();
    for &(slug, want) in BACKLINKS {
        assert_eq!(backlinks(&page(&site, slug)), want, "backlinks of {slug}");
    }
}

#[test]
fn previous_and_next_follow_the_date_order_with_ties_by_slug() {
    let site = public_build();
    for &(slug, older, newer) in NEIGHBOURS {
        let main = page(&site, slug);
        assert_eq!(neighbour(&main, "prev"), opt(older), "older than {slug}");
        assert_eq!(neighbour(&main, "next"), opt(newer), "newer than {slug}");
    }
}

#[test]
fn superseded_briefings_point_to_the_latest_and_replacements_list_their_own() {
    let site = public_build();
    for &(slug, by, replaced) in SUPERSEDES {
        let main = page(&site, slug);
        assert_eq!(superseded_by(&main), opt(by), "superseded-by of {slug}");
        assert_eq!(replaces(&main), replaced, "replaces of {slug}");
    }
}

#[test]
fn every_briefing_has_an_answer_in_every_table() {
    let slugs: Vec<&str> = BRIEFINGS.iter().map(|(s, _)| *s).collect();
    let firsts = [
        RELATED.iter().map(|r| r.0).collect::<Vec<_>>(),
        BACKLINKS.iter().map(|r| r.0).collect(),
        NEIGHBOURS.iter().map(|r| r.0).collect(),
        SUPERSEDES.iter().map(|r| r.0).collect(),
    ];
    for table in firsts {
        assert_eq!(table, slugs);
    }
}

// ---------------------------------------------------------------- data

/// The fixture assembled through the library's public stages, without rendering.
fn assembled(mode: sitrep::Mode) -> sitrep::site::Site {
    let mut opts = sitrep::Options::new(fixture("graph"));
    opts.mode = mode;
    let (config, diags) = sitrep::Config::load(&opts.root).expect("settings load");
    assert!(diags.is_empty(), "{diags:?}");
    let sources = sitrep::source::scan(&opts.content_dir(), &opts.root).expect("content scans");
    assert!(sources.diagnostics.is_empty(), "{:?}", sources.diagnostics);
    let (briefings, diags) = sitrep::briefing::parse_all(&sources.files, &config);
    assert!(diags.is_empty(), "{diags}");
    let (site, diags) = sitrep::site::assemble(briefings, sources.assets, config, &opts);
    assert!(diags.is_empty(), "{diags}");
    site
}

#[test]
fn assembled_site_data_holds_the_same_relations() {
    let site = assembled(sitrep::Mode::Public);
    let slug = |id: usize| site.briefings[id].slug.to_string();
    let slugs = |ids: &[usize]| ids.iter().map(|&i| slug(i)).collect::<Vec<_>>();
    let order: Vec<String> = (0..site.briefings.len()).map(slug).collect();
    let want: Vec<&str> = BRIEFINGS.iter().map(|(s, _)| *s).collect();
    assert_eq!(order, want, "shown briefings, newest first, ties by slug");
    for (id, (b, p)) in site.briefings.iter().zip(&site.placements).enumerate() {
        let me = b.slug.as_str();
        assert_eq!(b.title, title(me));
        let row = |table: &[(&str, &[&str])]| {
            table
                .iter()
                .find(|r| r.0 == me)
                .map(|r| strings(r.1))
                .expect("every slug has a row")
        };
        assert_eq!(slugs(&p.related), row(RELATED), "related of {me}");
        assert_eq!(slugs(&p.backlinks), row(BACKLINKS), "backlinks of {me}");
        let &(_, older, newer) = NEIGHBOURS.iter().find(|r| r.0 == me).expect("a row");
        let at = |i: Option<usize>| i.filter(|&i| i < order.len()).map(slug);
        assert_eq!(at(Some(id + 1)), opt(older), "older than {me}");
        assert_eq!(at(id.checked_sub(1)), opt(newer), "newer than {me}");
        let &(_, by, replaced) = SUPERSEDES.iter().find(|r| r.0 == me).expect("a row");
        assert_eq!(p.superseded_by.map(slug), opt(by), "superseded-by of {me}");
        assert_eq!(slugs(&p.supersedes), replaced, "replaces of {me}");
    }
}

// ---------------------------------------------------------------- preview

// In a preview build the draft is shown: n = 10 and it joins every relation.
// summit-notes' related, with idf = ln(11 / df):
//   draft-memo     D+E+C+R = ln(11/2) + ln(11/7) + ln(11/4) + ln(11/7)
//                          = 1.7047 + 0.4520 + 1.0116 + 0.4520 = 3.6203
//   outlook-2024   E+R+C   = 0.4520 + 0.4520 + 1.0116          = 1.9156
//   port-deal      C       = 1.0116
//   outlook-2023   E+R     = 0.4520 + 0.4520 = 0.9040  106 d  ┐
//   arctic-convoys E+R     = 0.9040                    139 d  │ by date
//   price-cap      E+R     = 0.9040                    198 d  │ 6th: truncated
//   outlook-2022   E+R     = 0.9040                    288 d  ┘ 7th: truncated
#[test]
fn preview_build_adds_the_draft_to_the_graph() {
    let site = TestSite::copy("graph");
    let report = site.build_with(|o| o.mode = sitrep::Mode::Preview);
    assert_clean(&report);
    assert_eq!(report.briefings, BRIEFINGS.len() + 1);
    let summit = page(&site, "summit-notes");
    assert_eq!(
        related(&summit),
        [
            "draft-memo",
            "outlook-2024",
            "port-deal",
            "outlook-2023",
            "arctic-convoys"
        ]
    );
    assert_eq!(backlinks(&summit), ["outlook-2024", "draft-memo"]);
    assert_eq!(
        backlinks(&page(&site, "price-cap")),
        [
            "outlook-2024",
            "draft-memo",
            "arctic-convoys",
            "port-deal",
            "outlook-2023"
        ]
    );
    assert_eq!(backlinks(&page(&site, "lunar-base")), ["draft-memo"]);
    let port = page(&site, "port-deal");
    assert_eq!(superseded_by(&port).as_deref(), Some("draft-memo"));
    let draft = page(&site, "draft-memo");
    assert_eq!(replaces(&draft), ["port-deal"]);
    assert_eq!(neighbour(&draft, "prev").as_deref(), Some("arctic-convoys"));
    assert_eq!(neighbour(&draft, "next").as_deref(), Some("outlook-2024"));
    assert_eq!(
        neighbour(&page(&site, "arctic-convoys"), "next").as_deref(),
        Some("draft-memo")
    );
}
