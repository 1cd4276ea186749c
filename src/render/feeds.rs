//! Atom feeds: one for the site and one per topic and region (a region's
//! includes its sub-regions), the `/feeds/` page listing them, and an OPML
//! file of them all for desks that subscribe by beat.
//!
//! A feed's `updated` is its newest entry's, never the clock, so an unchanged
//! site rebuilds to identical feeds.

use super::keys;
use super::meta::Meta;
use super::{Prepared, TermLink};
use crate::error::Result;
use crate::markdown::{self, escape};
use crate::output::{OutputFile, Sink};
use crate::site::{BriefingId, Site, Term};
use crate::theme::Theme;
use crate::url::{Route, TermKind};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use tera::{Context, Value};

/// Entries per feed.
pub const FEED_LENGTH: usize = 20;

/// The feed itself, available to `atom.xml` as `feed`; its entries are `entries`.
#[derive(Debug, Serialize)]
pub struct FeedContext {
    /// `Site` or `Site: Energy`.
    pub title: String,
    /// The site's or the term's description.
    pub subtitle: String,
    /// Permanent id: the page's absolute URL.
    pub id: String,
    /// Absolute URL of the feed.
    pub self_url: String,
    /// Absolute URL of the page it follows.
    pub page_url: String,
    /// The newest entry's `updated`, RFC 3339.
    pub updated: String,
}

/// One briefing in a feed, available to `atom.xml` in `entries`.
#[derive(Debug, Serialize)]
pub struct EntryContext {
    /// Title.
    pub title: String,
    /// Permanent id: the briefing's absolute URL.
    pub id: String,
    /// Absolute URL.
    pub url: String,
    /// `date`, RFC 3339.
    pub published: String,
    /// `updated`, else `date`, RFC 3339.
    pub updated: String,
    /// Authors.
    pub authors: Vec<String>,
    /// Topics then regions.
    pub categories: Vec<Category>,
    /// Summary as text.
    pub summary: String,
    /// The whole briefing as HTML (takeaways first), with a note when superseded.
    pub content: String,
}

/// An Atom category.
#[derive(Debug, Serialize)]
pub struct Category {
    /// Slug.
    pub term: String,
    /// Display name.
    pub label: String,
    /// Absolute URL of the topics or regions index.
    pub scheme: String,
}

/// A feed on the `/feeds/` page, available to `feeds.html` in `page.topics`
/// and `page.regions`.
#[derive(Debug, Serialize)]
pub struct FeedLink {
    /// The term (or the site) with its page link and count.
    #[serde(flatten)]
    pub term: TermLink,
    /// Link to the feed.
    pub feed_url: String,
    /// Nesting depth for regions (0 at the top).
    pub depth: usize,
}

/// The `/feeds/` page, available to `feeds.html` as `page`.
#[derive(Debug, Serialize)]
pub struct FeedsContext {
    /// Link to the site feed.
    pub site_feed: String,
    /// Link to the OPML file.
    pub opml_url: String,
    /// Topic feeds, by name.
    pub topics: Vec<FeedLink>,
    /// Region feeds, larger regions before the ones inside them.
    pub regions: Vec<FeedLink>,
}

/// Every feed, the feeds page and the OPML file.
pub(super) fn render(site: &Site, theme: &Theme, prep: &Prepared, sink: &dyn Sink) -> Result<()> {
    let newest = |ids: &[BriefingId]| ids.iter().take(FEED_LENGTH).copied().collect::<Vec<_>>();
    let mut feeds: Vec<(Route, Route, String, String, Vec<BriefingId>)> = vec![(
        Route::feed(),
        Route::home(),
        site.config.title.clone(),
        site.config.description.clone(),
        newest(&(0..site.briefings.len()).collect::<Vec<_>>()),
    )];
    for kind in [TermKind::Topic, TermKind::Region] {
        for t in site.terms(kind) {
            feeds.push((
                Route::term_feed(kind, &t.slug),
                Route::term(kind, &t.slug, 1),
                format!("{}: {}", site.config.title, t.name),
                t.description.clone(),
                newest(&t.briefings),
            ));
        }
    }
    // A feed holds its entries' files, links and cards (title, terms), and
    // the title of whatever supersedes each.
    let feeds: Vec<_> = feeds
        .into_iter()
        .filter(|(route, _, title, subtitle, ids)| {
            !prep.unchanged(sink, &route.output_file(), |k| {
                let mut h = k.page(theme, "atom.xml");
                (title, subtitle).hash(&mut h);
                for &id in ids {
                    k.add_body(&mut h, site, id);
                    k.add_cards(&mut h, [id]);
                    k.add_cards(&mut h, site.placements[id].superseded_by);
                }
                h.finish()
            })
        })
        .collect();
    // Each briefing's entry is built once, however many feeds carry it.
    let mut needed: Vec<BriefingId> = feeds.iter().flat_map(|f| f.4.iter().copied()).collect();
    needed.sort_unstable();
    needed.dedup();
    let entries: HashMap<BriefingId, (String, Value)> = needed
        .into_par_iter()
        .map(|id| {
            let e = entry(site, id);
            (id, (e.updated.clone(), Value::from_serializable(&e)))
        })
        .collect();
    feeds
        .into_par_iter()
        .try_for_each(|(route, page, title, subtitle, ids)| {
            let updated = ids
                .iter()
                .map(|id| entries[id].0.as_str())
                .max()
                .unwrap_or("1970-01-01T00:00:00Z")
                .to_string();
            let feed = FeedContext {
                title,
                subtitle,
                id: site.urls.id(&page),
                self_url: site.urls.absolute(&route),
                page_url: site.urls.absolute(&page),
                updated,
            };
            let list: Vec<Value> = ids.iter().map(|id| entries[id].1.clone()).collect();
            let mut ctx = Context::new();
            ctx.insert("feed", &feed);
            ctx.insert("entries", &list);
            let xml = theme.render("atom.xml", &ctx, route.as_str())?;
            sink.put(OutputFile::new(route.output_file(), xml.into_bytes()))
        })?;
    feeds_page(site, theme, prep, sink)?;
    sink.put(OutputFile::new(
        Route::opml().output_file(),
        opml(site).into_bytes(),
    ))
}

fn entry(site: &Site, id: BriefingId) -> EntryContext {
    let b = &site.briefings[id];
    let p = &site.placements[id];
    let route = Route::briefing(&b.slug);
    let category = |kind: TermKind, t: &Term| Category {
        term: t.slug.to_string(),
        label: t.name.clone(),
        scheme: site.urls.absolute(&Route::term_index(kind)),
    };
    let mut content = String::new();
    if let Some(by) = p.superseded_by {
        content.push_str(&format!(
            "<p><strong>Superseded</strong> by <a href=\"{}\">{}</a>.</p>\n",
            escape(
                &site
                    .urls
                    .absolute(&Route::briefing(&site.briefings[by].slug))
            ),
            escape(&site.briefings[by].title)
        ));
    }
    if let Some(t) = &b.body.takeaways_html {
        content.push_str("<h2>Key takeaways</h2>\n");
        content.push_str(&markdown::fill_slots(t, &p.links, &p.labels));
    } else if !b.takeaways.is_empty() {
        content.push_str("<h2>Key takeaways</h2>\n<ul>\n");
        for t in &b.takeaways {
            content.push_str(&format!("<li>{}</li>\n", escape(t)));
        }
        content.push_str("</ul>\n");
    }
    content.push_str(&markdown::fill_slots(&b.body.html, &p.links, &p.labels));
    EntryContext {
        title: b.title.clone(),
        id: site.urls.id(&route),
        url: site.urls.absolute(&route),
        published: b.date.timestamp.to_string(),
        updated: b
            .updated
            .as_ref()
            .map_or(b.date.timestamp, |u| u.value.timestamp)
            .to_string(),
        authors: b.authors.clone(),
        categories: p
            .topics
            .iter()
            .map(|&t| category(TermKind::Topic, &site.topics[t]))
            .chain(
                p.regions
                    .iter()
                    .map(|&r| category(TermKind::Region, &site.regions[r])),
            )
            .collect(),
        summary: b.summary.clone(),
        content,
    }
}

fn feed_links(site: &Site, prep: &Prepared, kind: TermKind) -> Vec<FeedLink> {
    let links = prep.links(kind);
    super::lists::tree_order(site.terms(kind), links)
        .into_iter()
        .map(|(i, depth)| FeedLink {
            term: links[i].clone(),
            feed_url: site
                .urls
                .link(&Route::term_feed(kind, &site.terms(kind)[i].slug)),
            depth,
        })
        .collect()
}

fn feeds_page(site: &Site, theme: &Theme, prep: &Prepared, sink: &dyn Sink) -> Result<()> {
    let page = FeedsContext {
        site_feed: site.urls.link(&Route::feed()),
        opml_url: site.urls.link(&Route::opml()),
        topics: feed_links(site, prep, TermKind::Topic),
        regions: feed_links(site, prep, TermKind::Region),
    };
    let meta = Meta::page(site, &Route::feeds(), "Feeds", "");
    let path = Route::feeds().output_file();
    if prep.unchanged(sink, &path, |k| {
        let mut h = k.page(theme, "feeds.html");
        keys::hash_json(&mut h, &page);
        keys::hash_json(&mut h, &meta);
        h.finish()
    }) {
        return Ok(());
    }
    let mut ctx = Context::new();
    ctx.insert("page", &page);
    ctx.insert("meta", &meta);
    let html = theme.render("feeds.html", &ctx, "the feeds page")?;
    sink.put(OutputFile::new(path, html.into_bytes()))
}

/// OPML 2.0: the site feed, then a folder of topic feeds and one of region feeds.
fn opml(site: &Site) -> String {
    let u = &site.urls;
    let outline = |title: &str, feed: Route, page: Route| {
        format!(
            "<outline type=\"rss\" text=\"{t}\" title=\"{t}\" xmlUrl=\"{}\" htmlUrl=\"{}\"/>",
            escape(&u.absolute(&feed)),
            escape(&u.absolute(&page)),
            t = escape(title)
        )
    };
    let mut out =
        String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<opml version=\"2.0\">\n");
    out.push_str(&format!(
        "  <head><title>{} feeds</title></head>\n  <body>\n",
        escape(&site.config.title)
    ));
    out.push_str(&format!(
        "    {}\n",
        outline(&site.config.title, Route::feed(), Route::home())
    ));
    for (kind, label) in [(TermKind::Topic, "Topics"), (TermKind::Region, "Regions")] {
        out.push_str(&format!(
            "    <outline text=\"{label}\" title=\"{label}\">\n"
        ));
        for t in site.terms(kind) {
            out.push_str(&format!(
                "      {}\n",
                outline(
                    &t.name,
                    Route::term_feed(kind, &t.slug),
                    Route::term(kind, &t.slug, 1)
                )
            ));
        }
        out.push_str("    </outline>\n");
    }
    out.push_str("  </body>\n</opml>\n");
    out
}
