//! Publishing: the `tests/sites/publish/` fixture (base URL under a GitHub
//! Pages sub-path, a superseded briefing, aliases, a hostile title, a draft)
//! and the sample site served under `/sitrep/` from a loopback HTTP server.
//! Feeds, sitemap and OPML are parsed as XML; JSON-LD as JSON.

use crate::common::{TestSite, attr_values, hrefs, list_files, manifest_dir, messages, read_text};
use std::collections::{BTreeSet, HashMap, VecDeque};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};

const ORIGIN: &str = "https://owner.github.io";
const BASE: &str = "https://owner.github.io/desk/";

// ---------------------------------------------------------------- XML

/// An XML element: name, attributes, text (entities resolved), children.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attrs: HashMap<String, String>,
    text: String,
    children: Vec<Element>,
}

impl Element {
    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }
    fn one(&self, name: &str) -> &Element {
        self.children
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("<{}> has no <{name}>", self.name))
    }
    fn attr(&self, name: &str) -> &str {
        self.attrs
            .get(name)
            .unwrap_or_else(|| panic!("<{}> has no {name}=", self.name))
    }
}

/// Parses `xml`, failing the test if it is not well-formed.
fn parse_xml(xml: &str) -> Element {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let element = |e: &quick_xml::events::BytesStart<'_>| Element {
        name: e.name().as_ref().to_string(),
        attrs: e
            .attributes()
            .map(|a| {
                let a = a.expect("well-formed attribute");
                (
                    a.key.as_ref().to_string(),
                    a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .expect("attribute value unescapes")
                        .into_owned(),
                )
            })
            .collect(),
        ..Element::default()
    };
    let mut stack = vec![Element::default()];
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => stack.push(element(&e)),
            Event::Empty(e) => {
                let el = element(&e);
                stack.last_mut().unwrap().children.push(el);
            }
            Event::End(_) => {
                let el = stack.pop().unwrap();
                stack.last_mut().expect("balanced tags").children.push(el);
            }
            Event::Text(t) => stack.last_mut().unwrap().text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref().expect("valid character reference") {
                    Some(c) => c,
                    None => match r.as_ref() {
                        "lt" => '<',
                        "gt" => '>',
                        "amp" => '&',
                        "quot" => '"',
                        "apos" => '\'',
                        other => panic!("unknown entity {other}"),
                    },
                };
                stack.last_mut().unwrap().text.push(c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(stack.len(), 1, "every element is closed");
    let mut root = stack.pop().unwrap();
    assert_eq!(root.children.len(), 1, "one root element");
    root.children.pop().unwrap()
}

/// The output file an absolute URL of the site maps to.
fn file_of(out: &Path, url: &str) -> PathBuf {
    let rel = url
        .strip_prefix(BASE)
        .unwrap_or_else(|| panic!("`{url}` is not under {BASE}"));
    let rel = rel.split('#').next().unwrap();
    if rel.is_empty() || rel.ends_with('/') {
        out.join(rel).join("index.html")
    } else {
        out.join(rel)
    }
}

fn publish_site() -> TestSite {
    let site = TestSite::copy("publish");
    site.build_clean();
    site
}

// ---------------------------------------------------------------- files for hosts and crawlers

#[test]
fn pages_hosts_and_crawlers_get_their_files() {
    let site = publish_site();
    let out = site.output();
    assert!(out.join(".nojekyll").is_file());
    assert!(!out.join("CNAME").exists(), "no CNAME without `cname:`");
    assert_eq!(
        read_text(&out.join("robots.txt")),
        format!("User-agent: *\nAllow: /\n\nSitemap: {BASE}sitemap.xml\n")
    );
    let not_found = read_text(&out.join("404.html"));
    // Pages serves 404.html at any depth: every link carries the base path.
    for link in hrefs(&not_found)
        .into_iter()
        .chain(attr_values(&not_found, "action"))
        .filter(|l| !l.starts_with('#'))
    {
        assert!(
            link.starts_with("/desk/"),
            "404 link `{link}` lacks the base path"
        );
    }
    assert!(
        not_found.contains("<form class=\"search-form\" role=\"search\" action=\"/desk/search/\"")
    );

    site.write(
        "sitrep.yaml",
        read_text(&site.root.join("sitrep.yaml")) + "cname: briefs.example.org\n",
    );
    site.build_clean();
    assert_eq!(read_text(&out.join("CNAME")), "briefs.example.org\n");
}

#[test]
fn a_sites_own_robots_txt_replaces_the_generated_one() {
    let site = publish_site();
    site.write("static/robots.txt", "User-agent: *\nDisallow: /private/\n");
    site.build_clean();
    assert_eq!(
        read_text(&site.output().join("robots.txt")),
        "User-agent: *\nDisallow: /private/\n"
    );
}

#[test]
fn a_preview_is_not_for_crawlers() {
    let site = TestSite::copy("publish");
    assert!(
        !site
            .build_with(|o| o.mode = sitrep::Mode::Preview)
            .diagnostics
            .has_errors()
    );
    let out = site.output();
    assert!(read_text(&out.join("robots.txt")).contains("Disallow: /\n"));
    assert!(!out.join("sitemap.xml").exists());
}

#[test]
fn sitemap_lists_every_public_page_with_its_last_change() {
    let site = publish_site();
    let out = site.output();
    let urlset = parse_xml(&read_text(&out.join("sitemap.xml")));
    assert_eq!(urlset.name, "urlset");
    assert_eq!(
        urlset.attr("xmlns"),
        "http://www.sitemaps.org/schemas/sitemap/0.9"
    );
    let mut lastmod = HashMap::new();
    for url in urlset.all("url") {
        let loc = url.one("loc").text.clone();
        assert!(
            file_of(&out, &loc).is_file(),
            "sitemap URL `{loc}` has no file"
        );
        lastmod.insert(loc, url.one("lastmod").text.clone());
    }
    assert_eq!(
        lastmod[&format!("{BASE}briefings/pipeline-deal/")],
        "2025-06-10T09:30:00Z",
        "`updated` wins over `date`"
    );
    assert_eq!(
        lastmod[&format!("{BASE}briefings/pipeline-talks/")],
        "2024-03-01T00:00:00Z"
    );
    assert_eq!(
        lastmod[BASE], "2025-06-10T09:30:00Z",
        "the home page changes with its newest briefing"
    );
    assert_eq!(
        lastmod[&format!("{BASE}topics/shipping/")],
        "2025-01-10T00:00:00Z"
    );
    // Every briefing page is listed; drafts, redirects and search are not.
    let briefings: BTreeSet<String> = list_files(&out)
        .into_iter()
        .filter(|f| f.starts_with("briefings/"))
        .map(|f| format!("{BASE}{}", f.trim_end_matches("index.html")))
        .collect();
    assert_eq!(briefings.len(), 4);
    for b in &briefings {
        assert!(lastmod.contains_key(b), "{b} missing from the sitemap");
    }
    for absent in [
        "briefings/draft/",
        "old/pipeline/",
        "2025/deal.html",
        "search/",
    ] {
        assert!(
            !lastmod.contains_key(&format!("{BASE}{absent}")),
            "{absent} is listed"
        );
    }
}

// ---------------------------------------------------------------- aliases

#[test]
fn aliases_redirect_to_the_renamed_briefing() {
    let site = publish_site();
    let out = site.output();
    for alias in ["old/pipeline/index.html", "2025/deal.html"] {
        let html = read_text(&out.join(alias));
        assert!(
            html.contains(
                "<meta http-equiv=\"refresh\" content=\"0; url=/desk/briefings/pipeline-deal/\">"
            ),
            "{alias}: {html}"
        );
        assert!(html.contains(&format!(
            "<link rel=\"canonical\" href=\"{BASE}briefings/pipeline-deal/\">"
        )));
        assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
        assert!(
            html.contains("<a href=\"/desk/briefings/pipeline-deal/\">Pipeline deal signed</a>")
        );
    }
}

#[test]
fn an_alias_cannot_take_another_briefings_url_or_alias() {
    let site = publish_site();
    site.write(
        "content/2025/clash.md",
        "---\ntitle: Clash\ndate: 2025-04-01\naliases:\n  - briefings/arctic/\n  - old/pipeline\n---\n\nText.\n",
    );
    let report = site.build();
    assert!(!report.written);
    assert_eq!(
        messages(&report),
        [
            "content/2025/clash.md:5:5: error[alias/invalid]: alias `briefings/arctic/` is the URL of `content/2025/arctic.md`\n  help: remove the alias; a page already lives there",
            // The newer briefing claims the old URL first; the older one is told.
            "content/2025/pipeline-deal.md:9:11: error[alias/invalid]: alias `old/pipeline/` is also an alias of `content/2025/clash.md`\n  help: an old URL can redirect to one briefing only; remove one of the two",
        ]
    );
}

// ---------------------------------------------------------------- feeds

#[test]
fn site_feed_is_atom_with_full_entries_newest_first() {
    let site = publish_site();
    let out = site.output();
    let feed = parse_xml(&read_text(&out.join("atom.xml")));
    assert_eq!(feed.name, "feed");
    assert_eq!(feed.attr("xmlns"), "http://www.w3.org/2005/Atom");
    assert_eq!(feed.one("title").text, "Publish Desk");
    assert_eq!(feed.one("id").text, BASE);
    assert_eq!(
        feed.one("updated").text,
        "2025-06-10T09:30:00Z",
        "the newest entry's, not the clock"
    );
    let links: Vec<(&str, &str)> = feed
        .all("link")
        .map(|l| (l.attr("rel"), l.attr("href")))
        .collect();
    assert_eq!(
        links,
        [
            ("self", format!("{BASE}atom.xml").as_str()),
            ("alternate", BASE)
        ]
    );

    let entries: Vec<&Element> = feed.all("entry").collect();
    let titles: Vec<&str> = entries
        .iter()
        .map(|e| e.one("title").text.as_str())
        .collect();
    assert_eq!(
        titles,
        [
            "Pipeline deal signed",
            "Arctic <route> & \"shipping\" in 'winter'",
            "Pipeline talks resume",
            "Briefing without a summary"
        ],
        "newest first, the draft left out, the hostile title read back exactly"
    );
    let deal = entries[0];
    assert_eq!(
        deal.one("id").text,
        format!("{BASE}briefings/pipeline-deal/")
    );
    assert_eq!(
        deal.one("link").attr("href"),
        format!("{BASE}briefings/pipeline-deal/")
    );
    assert_eq!(deal.one("published").text, "2025-02-01T00:00:00Z");
    assert_eq!(deal.one("updated").text, "2025-06-10T09:30:00Z");
    let authors: Vec<&str> = deal
        .all("author")
        .map(|a| a.one("name").text.as_str())
        .collect();
    assert_eq!(authors, ["Ana Analyst", "Ben Editor"]);
    let categories: Vec<(&str, &str, &str)> = deal
        .all("category")
        .map(|c| (c.attr("term"), c.attr("label"), c.attr("scheme")))
        .collect();
    assert_eq!(
        categories,
        [
            ("energy", "Energy", format!("{BASE}topics/").as_str()),
            ("economy", "Economy", format!("{BASE}topics/").as_str()),
            ("russia", "Russia", format!("{BASE}regions/").as_str()),
            ("china", "China", format!("{BASE}regions/").as_str()),
        ]
    );
    assert_eq!(
        deal.one("summary").text,
        "The two sides signed a binding contract for the eastern route."
    );
    let content = deal.one("content");
    assert_eq!(content.attr("type"), "html");
    assert_eq!(
        content.attr("xml:base"),
        format!("{BASE}briefings/pipeline-deal/")
    );
    assert!(content.text.starts_with(
        "<h2>Key takeaways</h2>\n<ul>\n<li>A binding contract replaces the memorandum.</li>"
    ));
    assert!(
        content.text.contains(
            "<a href=\"/desk/briefings/pipeline-talks/#where-things-stand\">the talks</a>"
        )
    );
    assert!(
        content
            .text
            .contains("Compressor turbines are sourced domestically.")
    );

    // The superseded briefing says so in its entry.
    let talks = entries[2].one("content");
    assert!(talks.text.starts_with(&format!(
        "<p><strong>Superseded</strong> by <a href=\"{BASE}briefings/pipeline-deal/\">Pipeline deal signed</a>.</p>"
    )));
    // A hostile summary is text, and in the HTML content it is escaped.
    let arctic = entries[1];
    assert!(
        arctic
            .one("summary")
            .text
            .contains("</script><script>alert(1)</script>")
    );
    assert!(!arctic.one("content").text.contains("<script>"));
}

#[test]
fn every_topic_and_region_has_a_feed_and_regions_include_sub_regions() {
    let site = publish_site();
    let out = site.output();
    let entry_urls = |rel: &str| -> Vec<String> {
        let feed = parse_xml(&read_text(&out.join(rel)));
        feed.all("entry")
            .map(|e| e.one("link").attr("href").to_string())
            .collect()
    };
    let deal = format!("{BASE}briefings/pipeline-deal/");
    let talks = format!("{BASE}briefings/pipeline-talks/");
    let no_summary = format!("{BASE}briefings/no-summary/");
    assert_eq!(
        entry_urls("topics/energy/atom.xml"),
        [deal.clone(), talks.clone(), no_summary.clone()]
    );
    assert_eq!(
        entry_urls("topics/shipping/atom.xml"),
        [format!("{BASE}briefings/arctic/")]
    );
    // Nobody tagged Asia: China's briefings reach it through Eastern Asia,
    // Kazakhstan's through Central Asia.
    assert_eq!(
        entry_urls("regions/asia/atom.xml"),
        [deal.clone(), talks.clone(), no_summary.clone()]
    );
    let topic = parse_xml(&read_text(&out.join("topics/energy/atom.xml")));
    assert_eq!(topic.one("title").text, "Publish Desk: Energy");
    assert_eq!(topic.one("id").text, format!("{BASE}topics/energy/"));

    // Every feed's entries resolve to built pages; every term page advertises its feed.
    for rel in list_files(&out)
        .into_iter()
        .filter(|f| f.ends_with("atom.xml"))
    {
        for url in entry_urls(&rel) {
            assert!(
                file_of(&out, &url).is_file(),
                "{rel}: entry `{url}` has no page"
            );
        }
        let page = rel.replace("atom.xml", "index.html");
        let html = read_text(&out.join(&page));
        let feed_link = format!(
            "type=\"application/atom+xml\" title=\"Publish Desk{}\" href=\"/desk/{rel}\"",
            if rel == "atom.xml" { "" } else { ": " }
        );
        assert!(
            html.contains(&feed_link)
                || (rel != "atom.xml" && html.contains(&format!("href=\"/desk/{rel}\""))),
            "{page} does not link its feed {rel}"
        );
    }
}

#[test]
fn a_feed_holds_the_newest_twenty() {
    let site = TestSite::minimal("feed-length");
    for day in 1..=25 {
        site.write(
            &format!("content/b{day:02}.md"),
            format!("---\ntitle: Briefing {day}\ndate: 2025-01-{day:02}\ntopics: [Energy]\n---\n\nText.\n"),
        );
    }
    site.build_clean();
    let feed = parse_xml(&read_text(&site.output().join("topics/energy/atom.xml")));
    let titles: Vec<String> = feed
        .all("entry")
        .map(|e| e.one("title").text.clone())
        .collect();
    let expected: Vec<String> = (6..=25).rev().map(|d| format!("Briefing {d}")).collect();
    assert_eq!(titles, expected);
    assert_eq!(feed.one("updated").text, "2025-01-25T00:00:00Z");
}

#[test]
fn feeds_page_and_opml_list_every_feed() {
    let site = publish_site();
    let out = site.output();
    let opml = parse_xml(&read_text(&out.join("feeds.opml")));
    assert_eq!(opml.attr("version"), "2.0");
    let body = opml.one("body");
    let mut feeds: Vec<String> = vec![body.one("outline").attr("xmlUrl").to_string()];
    for folder in body.all("outline").skip(1) {
        feeds.extend(folder.all("outline").map(|o| o.attr("xmlUrl").to_string()));
    }
    let built: Vec<String> = list_files(&out)
        .into_iter()
        .filter(|f| f.ends_with("atom.xml"))
        .map(|f| format!("{BASE}{f}"))
        .collect();
    let mut sorted = feeds.clone();
    sorted.sort();
    assert_eq!(sorted, built, "the OPML names every feed, each once");
    let page = read_text(&out.join("feeds/index.html"));
    for f in &built {
        let link = f.strip_prefix(ORIGIN).unwrap();
        assert!(
            page.contains(&format!("href=\"{link}\"")),
            "/feeds/ misses {link}"
        );
    }
}

// ---------------------------------------------------------------- metadata

/// The JSON-LD of a page, parsed.
fn json_ld(html: &str) -> serde_json::Value {
    let start = html
        .find("<script type=\"application/ld+json\">")
        .expect("page has JSON-LD")
        + "<script type=\"application/ld+json\">".len();
    let end = html[start..].find("</script>").unwrap() + start;
    serde_json::from_str(&html[start..end]).expect("JSON-LD is JSON")
}

#[test]
fn briefings_carry_canonical_open_graph_and_news_article_metadata() {
    let site = publish_site();
    let html = site.page("briefings/pipeline-deal/index.html");
    let url = format!("{BASE}briefings/pipeline-deal/");
    for tag in [
        format!("<link rel=\"canonical\" href=\"{url}\">"),
        "<meta name=\"description\" content=\"The two sides signed a binding contract for the eastern route.\">".into(),
        "<meta property=\"og:type\" content=\"article\">".into(),
        "<meta property=\"og:title\" content=\"Pipeline deal signed\">".into(),
        format!("<meta property=\"og:url\" content=\"{url}\">"),
        "<meta property=\"og:locale\" content=\"en_GB\">".into(),
        "<meta property=\"article:published_time\" content=\"2025-02-01T00:00:00Z\">".into(),
        "<meta property=\"article:modified_time\" content=\"2025-06-10T09:30:00Z\">".into(),
        "<meta property=\"article:tag\" content=\"Energy\">".into(),
        "<meta name=\"twitter:card\" content=\"summary\">".into(),
    ] {
        assert!(html.contains(&tag), "missing {tag}");
    }
    let ld = json_ld(&html);
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(ld["headline"], "Pipeline deal signed");
    assert_eq!(ld["datePublished"], "2025-02-01T00:00:00Z");
    assert_eq!(ld["dateModified"], "2025-06-10T09:30:00Z");
    assert_eq!(ld["url"], url.as_str());
    assert_eq!(ld["author"][0]["name"], "Ana Analyst");
    assert_eq!(ld["author"][0]["@type"], "Person");
    assert_eq!(
        ld["keywords"],
        serde_json::json!(["Energy", "Economy", "Russia", "China"])
    );
}

#[test]
fn hostile_titles_are_escaped_in_every_metadata_context() {
    let site = publish_site();
    let html = site.page("briefings/arctic/index.html");
    assert!(html.contains(
        "<meta property=\"og:title\" content=\"Arctic &lt;route&gt; &amp; &quot;shipping&quot; in &#x27;winter&#x27;\">"
    ) || html.contains(
        "<meta property=\"og:title\" content=\"Arctic &lt;route&gt; &amp; &quot;shipping&quot; in &#39;winter&#39;\">"
    ), "og:title is attribute-escaped");
    let ld_start = html.find("application/ld+json").unwrap();
    let ld_text = &html[ld_start..ld_start + html[ld_start..].find("</script>").unwrap()];
    assert!(
        !ld_text[20..].contains('<'),
        "JSON-LD cannot close its script: {ld_text}"
    );
    let ld = json_ld(&html);
    assert_eq!(ld["headline"], "Arctic <route> & \"shipping\" in 'winter'");
    assert_eq!(
        ld["description"],
        "Ice-class tankers made the winter passage </script><script>alert(1)</script>."
    );
}

#[test]
fn term_pages_carry_a_breadcrumb_list() {
    let site = publish_site();
    let ld = json_ld(&site.page("regions/china/index.html"));
    assert_eq!(ld["@type"], "BreadcrumbList");
    let items: Vec<(String, String)> = ld["itemListElement"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, item)| {
            assert_eq!(item["position"], i + 1);
            (
                item["name"].as_str().unwrap().into(),
                item["item"].as_str().unwrap().into(),
            )
        })
        .collect();
    let names: Vec<&str> = items.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["Publish Desk", "Regions", "Asia", "Eastern Asia", "China"]
    );
    assert_eq!(items[4].1, format!("{BASE}regions/china/"));
}

// ---------------------------------------------------------------- search

/// Decodes a postings string (see `sitrep::search`): gaps, or a `~` bitmap.
fn postings(s: &str) -> Vec<usize> {
    let fin = sitrep::search::FINAL;
    let cont = sitrep::search::CONTINUE;
    let digit = |b: u8| {
        fin.iter()
            .position(|&c| c == b)
            .or_else(|| cont.iter().position(|&c| c == b).map(|d| d + 32))
            .expect("a digit")
    };
    if let Some(bits) = s.strip_prefix('~') {
        return bits
            .bytes()
            .enumerate()
            .flat_map(|(i, b)| {
                let v = digit(b);
                (0..6)
                    .filter(move |bit| v & (1 << bit) != 0)
                    .map(move |bit| i * 6 + bit)
            })
            .collect();
    }
    let mut out = Vec::new();
    let mut n = 0usize;
    for b in s.bytes() {
        let d = digit(b);
        n = n * 32 + (d & 31);
        if d < 32 {
            let id = out.last().map_or(n, |&p: &usize| p + n);
            out.push(id);
            n = 0;
        }
    }
    out
}

#[test]
fn search_index_finds_words_by_field() {
    let site = publish_site();
    let text = read_text(&site.output().join("search/index.json"));
    let index: serde_json::Value = serde_json::from_str(&text).expect("the index is JSON");
    assert_eq!(index["version"], 1);
    let docs = index["docs"].as_array().unwrap();
    let urls: Vec<&str> = docs.iter().map(|d| d[1].as_str().unwrap()).collect();
    assert_eq!(
        urls,
        [
            "briefings/pipeline-deal/",
            "briefings/arctic/",
            "briefings/pipeline-talks/",
            "briefings/no-summary/"
        ],
        "public briefings only, newest first, relative to the base path"
    );
    assert_eq!(docs[0][0], "Pipeline deal signed");
    assert_eq!(docs[0][2], "2025-02-01");
    let words: Vec<&str> = index["words"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    let mut sorted = words.clone();
    sorted.sort();
    assert_eq!(words, sorted, "words are sorted");
    let find = |word: &str, field: &str| -> Vec<usize> {
        let i = words
            .binary_search(&word)
            .unwrap_or_else(|_| panic!("`{word}` is indexed"));
        postings(index[field][i].as_str().unwrap())
    };
    assert_eq!(find("pipeline", "title"), [0, 2]);
    assert_eq!(
        find("turbine", "body"),
        [0],
        "body text, footnotes included"
    );
    assert_eq!(find("icebreaker", "body"), [1]);
    assert_eq!(find("memorandum", "meta"), [0], "takeaways are meta");
    assert_eq!(
        find("asia", "meta"),
        [0, 2, 3],
        "regions bring their ancestors"
    );
    assert!(
        words.binary_search(&"unpublished").is_err(),
        "drafts are not indexed"
    );
    assert!(
        words.binary_search(&"the").is_err(),
        "stop words are not indexed"
    );
}

#[test]
fn search_page_points_at_the_index_under_the_base_path() {
    let site = publish_site();
    let html = site.page("search/index.html");
    assert!(html.contains("data-index=\"/desk/search/index.json\""));
    assert!(html.contains("data-base=\"/desk/\""));
    assert!(html.contains("<script src=\"/desk/search.js\" defer></script>"));
    assert!(html.contains("<option value=\"shipping\">Shipping</option>"));
}

// ---------------------------------------------------------------- base URL

#[test]
fn base_url_with_and_without_trailing_slash_builds_the_same_site() {
    let a = TestSite::copy("publish");
    let b = TestSite::copy("publish");
    assert!(
        !a.build_with(|o| o.base_url = Some("https://owner.github.io/desk".into()))
            .diagnostics
            .has_errors()
    );
    assert!(
        !b.build_with(|o| o.base_url = Some("https://owner.github.io/desk/".into()))
            .diagnostics
            .has_errors()
    );
    assert_eq!(
        crate::common::read_tree(&a.output()),
        crate::common::read_tree(&b.output())
    );
}

#[test]
fn root_relative_markdown_links_get_the_base_path() {
    let site = publish_site();
    let main = site.main("briefings/pipeline-deal/index.html");
    assert!(main.contains("<a href=\"/desk/images/route.svg\">the route map</a>"));
    assert!(main.contains("<a href=\"/desk/topics/energy/\">energy page</a>"));
    assert!(site.output().join("images/route.svg").is_file());
}

// ---------------------------------------------------------------- sub-path link check over HTTP

/// Serves `dir` at `http://127.0.0.1:PORT/sitrep/` and nothing else, the way
/// GitHub Pages serves a project site; folders redirect to their final slash.
fn serve_under_sub_path(listener: TcpListener, dir: PathBuf) {
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut line = String::new();
            if BufReader::new(&stream).read_line(&mut line).is_err() {
                continue;
            }
            let path = line.split_whitespace().nth(1).unwrap_or("/").to_string();
            let path = path.split(['?', '#']).next().unwrap_or_default();
            let decoded = percent_decode(path);
            let response = match decoded.strip_prefix("/sitrep/") {
                Some(rel) if !rel.split('/').any(|s| s == "..") => {
                    let file = dir.join(rel);
                    if file.is_dir() && !rel.is_empty() && !rel.ends_with('/') {
                        format!("HTTP/1.1 301 Moved\r\nLocation: {path}/\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").into_bytes()
                    } else {
                        let file = if file.is_dir() {
                            file.join("index.html")
                        } else {
                            file
                        };
                        match std::fs::read(&file) {
                            Ok(body) => {
                                let mut r = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len()).into_bytes();
                                r.extend(body);
                                r
                            }
                            Err(_) => b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec(),
                        }
                    }
                }
                _ => b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .to_vec(),
            };
            let _ = stream.write_all(&response);
        }
    });
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// Resolves `href` found on the page at `page` (a path) to a path on the server.
fn resolve(page: &str, href: &str, origin: &str) -> Option<String> {
    if let Some(rest) = href.strip_prefix(origin) {
        return Some(rest.to_string());
    }
    if href.contains("://") || href.starts_with("mailto:") || href.starts_with("//") {
        return None;
    }
    if href.starts_with('/') {
        return Some(href.to_string());
    }
    let (href_path, fragment) = href
        .split_once('#')
        .map_or((href, None), |(p, f)| (p, Some(f)));
    let mut base = if href_path.is_empty() {
        page.split('#').next().unwrap().to_string()
    } else {
        let dir = &page[..=page.rfind('/').unwrap()];
        let mut segments: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
        for part in href_path.split('/') {
            match part {
                ".." => {
                    segments.pop();
                }
                "." | "" => {}
                p => segments.push(p),
            }
        }
        let trailing = if href_path.ends_with('/') { "/" } else { "" };
        format!("/{}{trailing}", segments.join("/"))
    };
    if let Some(f) = fragment {
        base.push('#');
        base.push_str(f);
    }
    Some(base)
}

#[test]
fn the_sample_site_served_under_a_sub_path_has_no_broken_links() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let tmp = TestSite::empty("sub-path");
    let out = tmp.tmp.join("host/sitrep");
    let mut opts = sitrep::Options::new(manifest_dir());
    opts.output = out.clone();
    opts.base_url = Some(format!("{origin}/sitrep"));
    let report = sitrep::build(&opts).expect("the sample builds");
    crate::common::assert_clean(&report);
    serve_under_sub_path(listener, out);

    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .into();
    let fetch = |path: &str| -> (u16, String) {
        let mut r = agent
            .get(&format!("{origin}{path}"))
            .call()
            .expect("the server answers");
        let status = r.status().as_u16();
        (status, r.body_mut().read_to_string().unwrap_or_default())
    };
    let mut pages: HashMap<String, String> = HashMap::new();
    let mut queue: VecDeque<(String, String)> =
        VecDeque::from([("/sitrep/".to_string(), "start".to_string())]);
    let mut broken = Vec::new();
    let mut fragments = Vec::new();
    let mut checked = 0;
    while let Some((path, from)) = queue.pop_front() {
        if pages.contains_key(&path) {
            continue;
        }
        let (status, body) = fetch(&path);
        checked += 1;
        if status != 200 {
            broken.push(format!("{path} ({status}) linked from {from}"));
            pages.insert(path, String::new());
            continue;
        }
        let is_html = path.ends_with('/') || path.ends_with(".html");
        if is_html {
            for href in hrefs(&body)
                .into_iter()
                .chain(attr_values(&body, "src"))
                .chain(attr_values(&body, "action"))
            {
                let Some(target) = resolve(&path, href, &origin) else {
                    continue;
                };
                let (target_path, fragment) = target
                    .split_once('#')
                    .map_or((target.as_str(), None), |(p, f)| (p, Some(f)));
                if let Some(f) = fragment.filter(|f| !f.is_empty()) {
                    fragments.push((target_path.to_string(), f.to_string(), path.clone()));
                }
                queue.push_back((target_path.to_string(), path.clone()));
            }
        }
        pages.insert(path, body);
    }
    for (page, fragment, from) in fragments {
        let html = &pages[&page];
        if !html.contains(&format!(" id=\"{fragment}\"")) {
            broken.push(format!("{page}#{fragment} (no such id) linked from {from}"));
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    assert!(checked > 150, "the crawl reached only {checked} URLs");
    // The 404 page, which Pages serves at any depth, links into the sub-path.
    let (_, not_found) = fetch("/sitrep/404.html");
    assert!(
        hrefs(&not_found)
            .iter()
            .all(|h| h.starts_with("/sitrep/") || h.starts_with('#'))
    );
}

#[test]
fn without_a_host_there_is_no_sitemap_and_feed_ids_are_urns() {
    let site = TestSite::copy("publish");
    assert!(
        !site
            .build_with(|o| o.base_url = Some("/desk/".into()))
            .diagnostics
            .has_errors()
    );
    let out = site.output();
    assert!(!out.join("sitemap.xml").exists());
    assert_eq!(
        read_text(&out.join("robots.txt")),
        "User-agent: *\nAllow: /\n"
    );
    let feed = parse_xml(&read_text(&out.join("atom.xml")));
    assert_eq!(feed.one("id").text, "urn:sitrep:/desk/");
    assert_eq!(
        feed.one("entry").one("link").attr("href"),
        "/desk/briefings/pipeline-deal/"
    );
}
