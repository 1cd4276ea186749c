//! Stage 4: pages. Each template gets a serialisable context from here (never
//! `Briefing` or `Site`), so these structs are the theme's documented API.
//! Every template also sees `site` ([`SiteContext`]); list templates see
//! `cards` (a list of [`Card`]).
//!
//! Input: `&Site`, `&Theme`. Output: `Vec<OutputFile>`.

use crate::briefing::Briefing;
use crate::diag::Diagnostics;
use crate::error::Result;
use crate::frontmatter::Moment;
use crate::markdown;
use crate::output::{OutputFile, Sink};
use crate::review::Visibility;
use crate::site::{BriefingId, Site, Term};
use crate::theme::Theme;
use crate::url::{Route, TermKind};
use keys::Keys;
use rayon::prelude::*;
use serde::Serialize;
use std::hash::Hash;
use std::sync::OnceLock;
use tera::{Context, Value};

mod dashboard;
mod feeds;
mod keys;
mod lists;
mod meta;
mod publish;

/// Generated files a site's `static/` folder may replace with its own.
pub const OVERRIDABLE: &[&str] = &["robots.txt", "CNAME", ".nojekyll"];

/// Site-wide data, available to every template as `site`.
#[derive(Debug, Serialize)]
pub struct SiteContext {
    /// Site title.
    pub title: String,
    /// Site description.
    pub description: String,
    /// `<html lang>`.
    pub language: String,
    /// Absolute URL of the home page (base path only when no host is set).
    pub base_url: String,
    /// Home page link.
    pub home_url: String,
    /// All-topics page link.
    pub topics_url: String,
    /// All-regions page link.
    pub regions_url: String,
    /// Archive link.
    pub archive_url: String,
    /// Topic × region matrix link.
    pub matrix_url: String,
    /// Link to the site's Atom feed.
    pub feed_url: String,
    /// Link to the page listing every feed.
    pub feeds_url: String,
    /// Search page link.
    pub search_url: String,
    /// Link to the site's `static/custom.css`, when it has one: the place
    /// for colour and font changes that keep the default stylesheet.
    pub custom_css: Option<String>,
    /// Review dashboard link (preview builds only have the page).
    pub review_url: String,
    /// True in a preview build (drafts shown, `noindex` on every page).
    pub preview: bool,
    /// Number of briefings shown.
    pub briefing_count: usize,
}

/// A topic or region as a link.
#[derive(Debug, Clone, Hash, Serialize)]
pub struct TermLink {
    /// Display name.
    pub name: String,
    /// URL slug.
    pub slug: String,
    /// Link to the term page (or the intersection, where that is the context).
    pub url: String,
    /// Briefings counted in this context.
    pub count: usize,
}

/// A briefing in a list: home, term pages, archive, related lists.
#[derive(Debug, Serialize)]
pub struct Card {
    /// Title.
    pub title: String,
    /// Link.
    pub url: String,
    /// Publication date, `3 Mar 2026`.
    pub date: String,
    /// Publication date, `2026-03-03`, for `<time datetime>`.
    pub date_iso: String,
    /// Summary (or first paragraph, or first takeaway).
    pub summary: String,
    /// Topics, linked ([`TermLink`]s, shared by every card).
    pub topics: Vec<Value>,
    /// Regions, linked ([`TermLink`]s, shared by every card).
    pub regions: Vec<Value>,
    /// Status badge in a preview build: `draft`, `review`, `embargoed`; else none.
    pub badge: Option<&'static str>,
    /// Minutes to read.
    pub reading_minutes: usize,
    /// Authors.
    pub authors: Vec<String>,
    /// True when a newer briefing replaces this one.
    pub superseded: bool,
    /// This card as `partials/card.html` renders it (heading level 2), once
    /// per build: list pages print it with `| safe` instead of rendering the
    /// same card again on every page it appears on.
    pub html: String,
}

/// A table-of-contents entry.
#[derive(Debug, Serialize)]
pub struct TocEntry {
    /// Heading level, 2 to 6.
    pub level: u8,
    /// Anchor id.
    pub id: String,
    /// Heading text.
    pub text: String,
}

/// A briefing page, available to `briefing.html` as `page`.
#[derive(Debug, Serialize)]
pub struct PageContext {
    /// Title.
    pub title: String,
    /// Link to this page.
    pub url: String,
    /// Absolute URL of this page.
    pub canonical: String,
    /// URL slug.
    pub slug: String,
    /// Publication date, `3 Mar 2026`.
    pub date: String,
    /// Publication date, ISO.
    pub date_iso: String,
    /// Year of publication, for the search filter.
    pub year: i16,
    /// Update date, `3 Mar 2026`, if any.
    pub updated: Option<String>,
    /// Update date, ISO, if any.
    pub updated_iso: Option<String>,
    /// Authors.
    pub authors: Vec<String>,
    /// Reviewers.
    pub reviewers: Vec<String>,
    /// Minutes to read.
    pub reading_minutes: usize,
    /// Words in the body.
    pub words: usize,
    /// Summary (else the first takeaway, else the first paragraph).
    pub summary: String,
    /// The line under the title: the summary, unless it is only the first
    /// takeaway, which the takeaways card shows anyway.
    pub lede: Option<String>,
    /// Key takeaways as plain text.
    pub takeaways: Vec<String>,
    /// Key takeaways list as HTML from the body's `## Key takeaways` (print with `| safe`).
    pub takeaways_html: Option<String>,
    /// Table of contents (h2 and h3).
    pub toc: Vec<TocEntry>,
    /// The rendered body (print with `| safe`).
    pub body: String,
    /// Topics, linked.
    pub topics: Vec<TermLink>,
    /// Regions, linked.
    pub regions: Vec<TermLink>,
    /// For each region named that lies inside larger ones, the regions
    /// containing it then the region itself, outermost first: Asia › Eastern
    /// Asia › China.
    pub region_trails: Vec<Vec<TermLink>>,
    /// Preview banner: `DRAFT`, `IN REVIEW`, `EMBARGOED UNTIL ...`.
    pub banner: Option<String>,
    /// The next older briefing.
    pub previous: Option<Value>,
    /// The next newer briefing.
    pub next: Option<Value>,
    /// Briefings that link here, newest first.
    pub backlinks: Value,
    /// The five most related briefings (shared rare topics and regions), best first.
    pub related: Value,
    /// The latest briefing that replaces this one, if any.
    pub superseded_by: Option<Value>,
    /// Briefings this one replaces.
    pub supersedes: Value,
    /// Custom front-matter fields.
    pub extra: serde_json::Value,
    /// Source path relative to the site root.
    pub source: String,
}

/// Formats a date for readers: `3 Mar 2026`.
pub(crate) fn human_date(m: &Moment) -> String {
    m.date.strftime("%-d %b %Y").to_string()
}

/// Per-briefing data shared by every page that lists it.
pub(crate) struct Prepared {
    /// Each card as a template value, made when a page first needs it: an
    /// incremental rebuild needs only the cards of the pages it renders.
    cards: Vec<OnceLock<Value>>,
    pub topic_links: Vec<TermLink>,
    pub region_links: Vec<TermLink>,
    /// The same links as template values, made once and shared (not copied)
    /// by every card and page that shows them.
    topic_values: Vec<Value>,
    region_values: Vec<Value>,
    /// Page keys, when the sink keeps pages between builds.
    pub keys: Option<Keys>,
}

impl Prepared {
    /// Briefing `id`'s card as a template value, its HTML rendered once.
    pub fn card(&self, site: &Site, theme: &Theme, id: BriefingId) -> Result<Value> {
        if let Some(v) = self.cards[id].get() {
            return Ok(v.clone());
        }
        let mut c = card(site, id, &self.topic_values, &self.region_values);
        let mut ctx = Context::new();
        ctx.insert("card", &c);
        ctx.insert("heading_level", &2);
        c.html = theme.render("partials/card.html", &ctx, &site.briefings[id].file)?;
        Ok(self.cards[id]
            .get_or_init(|| Value::from_serializable(&c))
            .clone())
    }

    /// The cards of `ids`, in order, as one template list.
    pub fn cards(&self, site: &Site, theme: &Theme, ids: &[BriefingId]) -> Result<Value> {
        let list = ids
            .iter()
            .map(|&id| self.card(site, theme, id))
            .collect::<Result<Vec<_>>>()?;
        Ok(Value::from(list))
    }

    /// True when `sink` already holds `path` made from the same inputs; the
    /// key is computed only for a sink that keeps pages.
    pub fn unchanged(&self, sink: &dyn Sink, path: &str, key: impl FnOnce(&Keys) -> u64) -> bool {
        self.keys
            .as_ref()
            .is_some_and(|k| sink.unchanged(path, key(k)))
    }

    /// The links of every topic or every region.
    pub fn links(&self, kind: TermKind) -> &[TermLink] {
        match kind {
            TermKind::Topic => &self.topic_links,
            TermKind::Region => &self.region_links,
        }
    }
}

/// Renders every page of the site, handing each to `sink` as it is made, so
/// a large site is never held in memory whole.
///
/// A preview build also gets the review dashboard, which lists `diags`
/// (everything found so far) by file.
pub fn render_site(
    site: &Site,
    theme: &mut Theme,
    diags: &Diagnostics,
    sink: &dyn Sink,
) -> Result<()> {
    let context = site_context(site, theme.statics.contains_key("custom.css"));
    theme.tera.global_context().insert("site", &context);
    let theme = &*theme;
    let t = std::time::Instant::now();
    let prepared = prepare(site, theme, &context, sink.keyed());
    (0..site.briefings.len())
        .into_par_iter()
        .try_for_each(|id| {
            sink.go_on()?;
            let path = Route::briefing(&site.briefings[id].slug).output_file();
            if prepared.unchanged(sink, &path, |k| briefing_key(site, theme, k, id)) {
                return Ok(());
            }
            let html = render_briefing(site, theme, &prepared, id)?;
            sink.put(OutputFile::new(path, html))
        })?;
    crate::timing("render: briefing pages", t);
    // The search index is one long sequential job: build it beside the lists
    // and feeds rather than after them.
    let (pages, search) = rayon::join(
        || -> Result<()> {
            lists::render_lists(site, theme, &prepared, sink)?;
            crate::timing("render: list pages", t);
            feeds::render(site, theme, &prepared, sink)?;
            crate::timing("render: feeds", t);
            Ok(())
        },
        || {
            let done = publish::render_search(site, theme, &prepared, sink);
            crate::timing("render: search index", t);
            done
        },
    );
    pages?;
    search?;
    publish::render_aliases(site, theme, &prepared, sink)?;
    let mut rest = Vec::new();
    // A site's own `static/robots.txt` or `static/CNAME` replaces the generated one.
    rest.extend(publish::crawler_files(site).into_iter().filter(|f| {
        !(OVERRIDABLE.contains(&f.path.as_str())
            && matches!(
                theme.statics.get(&f.path),
                Some(crate::theme::StaticFile::Site(_))
            ))
    }));
    if site.mode == crate::config::Mode::Preview {
        let path = Route::review().output_file();
        let key = |k: &Keys| {
            use std::hash::Hasher;
            let mut h = k.page(theme, "review.html");
            for (b, p) in site.briefings.iter().zip(&site.placements) {
                b.digest.hash(&mut h);
                keys::hash_json(&mut h, &p.visibility);
            }
            format!("{diags:?}").hash(&mut h);
            h.finish()
        };
        if !prepared.unchanged(sink, &path, key) {
            rest.push(dashboard::render(site, theme, diags)?);
        }
    }
    rest.into_iter().try_for_each(|f| sink.put(f))
}

/// Briefing `id`'s page alone, and the first page of each of `terms`, with
/// `theme` as the last [`render_site`] left it: `serve` shows an edited
/// briefing (and the terms it joined or left) with this before it renders
/// the rest of the site again.
pub fn edited_pages(
    site: &Site,
    theme: &Theme,
    id: BriefingId,
    terms: &[(TermKind, usize)],
) -> Result<Vec<OutputFile>> {
    let context = site_context(site, theme.statics.contains_key("custom.css"));
    let prepared = prepare(site, theme, &context, false);
    let path = Route::briefing(&site.briefings[id].slug).output_file();
    let html = render_briefing(site, theme, &prepared, id)?;
    let lists = crate::output::Memory::default();
    for &(kind, i) in terms {
        lists::first_term_page(site, theme, &prepared, kind, i, &lists)?;
    }
    let mut files = vec![OutputFile::new(path, html)];
    files.extend(lists.into_files());
    Ok(files)
}

fn site_context(site: &Site, custom_css: bool) -> SiteContext {
    let u = &site.urls;
    SiteContext {
        title: site.config.title.clone(),
        description: site.config.description.clone(),
        language: site.config.language.clone(),
        base_url: u.absolute(&Route::home()),
        home_url: u.link(&Route::home()),
        topics_url: u.link(&Route::term_index(TermKind::Topic)),
        regions_url: u.link(&Route::term_index(TermKind::Region)),
        archive_url: u.link(&Route::archive()),
        matrix_url: u.link(&Route::matrix()),
        review_url: u.link(&Route::review()),
        search_url: u.link(&Route::search()),
        custom_css: custom_css.then(|| u.link(&Route::file("custom.css"))),
        feed_url: u.link(&Route::feed()),
        feeds_url: u.link(&Route::feeds()),
        preview: site.mode == crate::config::Mode::Preview,
        briefing_count: site.briefings.len(),
    }
}

fn term_link(site: &Site, t: &Term) -> TermLink {
    TermLink {
        name: t.name.clone(),
        slug: t.slug.to_string(),
        url: site.urls.link(&Route::term(t.kind, &t.slug, 1)),
        count: t.briefings.len(),
    }
}

fn prepare(site: &Site, theme: &Theme, context: &SiteContext, keyed: bool) -> Prepared {
    let topic_links: Vec<TermLink> = site.topics.iter().map(|t| term_link(site, t)).collect();
    let region_links: Vec<TermLink> = site.regions.iter().map(|t| term_link(site, t)).collect();
    let keys = keyed.then(|| Keys::new(site, theme, context, &topic_links, &region_links));
    let values = |links: &[TermLink]| links.iter().map(Value::from_serializable).collect();
    Prepared {
        cards: (0..site.briefings.len()).map(|_| OnceLock::new()).collect(),
        topic_values: values(&topic_links),
        region_values: values(&region_links),
        topic_links,
        region_links,
        keys,
    }
}

/// Everything a briefing page shows, as a key (see `keys`).
fn briefing_key(site: &Site, theme: &Theme, k: &Keys, id: BriefingId) -> u64 {
    use std::hash::Hasher;
    let p = &site.placements[id];
    let mut h = k.page(theme, "briefing.html");
    k.add_body(&mut h, site, id);
    keys::hash_json(&mut h, &p.visibility);
    p.topics.iter().for_each(|&t| k.topics[t].hash(&mut h));
    for &r in &p.regions {
        lists::trail(&site.regions, &site.regions[r])
            .into_iter()
            .chain([r])
            .for_each(|i| k.regions[i].hash(&mut h));
    }
    let n = site.briefings.len();
    k.add_cards(&mut h, [id + 1].into_iter().filter(|&i| i < n));
    k.add_cards(&mut h, id.checked_sub(1));
    k.add_cards(&mut h, p.backlinks.iter().copied());
    k.add_cards(&mut h, p.related.iter().copied());
    k.add_cards(&mut h, p.superseded_by);
    k.add_cards(&mut h, p.supersedes.iter().copied());
    h.finish()
}

fn card(site: &Site, id: BriefingId, topics: &[Value], regions: &[Value]) -> Card {
    let b = &site.briefings[id];
    let p = &site.placements[id];
    Card {
        title: b.title.clone(),
        url: site.briefing_url(id),
        date: human_date(&b.date),
        date_iso: b.date.date.to_string(),
        summary: b.summary.clone(),
        topics: p.topics.iter().map(|&t| topics[t].clone()).collect(),
        regions: p.regions.iter().map(|&r| regions[r].clone()).collect(),
        badge: match &p.visibility {
            Visibility::Preview { badge, .. } => Some(badge),
            _ => None,
        },
        reading_minutes: b.reading_minutes(),
        authors: b.authors.clone(),
        superseded: p.superseded_by.is_some(),
        html: String::new(),
    }
}

fn render_briefing(site: &Site, theme: &Theme, prep: &Prepared, id: BriefingId) -> Result<Vec<u8>> {
    let page = page_context(site, theme, prep, id)?;
    let known = page.body.len() + page.takeaways_html.as_ref().map_or(0, String::len);
    let mut ctx = Context::new();
    ctx.insert("page", &page);
    ctx.insert("meta", &meta::Meta::briefing(site, id));
    theme.render_bytes("briefing.html", &ctx, &site.briefings[id].file, known)
}

/// The cards are the ones list pages print, made once per build.
fn page_context(
    site: &Site,
    theme: &Theme,
    prep: &Prepared,
    id: BriefingId,
) -> Result<PageContext> {
    let b: &Briefing = &site.briefings[id];
    let p = &site.placements[id];
    let route = Route::briefing(&b.slug);
    let card_at = |i: Option<usize>| {
        i.filter(|&i| i < site.briefings.len())
            .map(|i| prep.card(site, theme, i))
            .transpose()
    };
    let cards = |ids: &[BriefingId]| prep.cards(site, theme, ids);
    let takeaways_html = b
        .body
        .takeaways_html
        .as_deref()
        .map(|h| markdown::fill_slots(h, &p.links, &p.labels));
    Ok(PageContext {
        title: b.title.clone(),
        url: site.urls.link(&route),
        canonical: site.urls.absolute(&route),
        slug: b.slug.to_string(),
        date: human_date(&b.date),
        date_iso: b.date.date.to_string(),
        year: b.date.date.year(),
        updated: b.updated.as_ref().map(|u| human_date(&u.value)),
        updated_iso: b.updated.as_ref().map(|u| u.value.date.to_string()),
        authors: b.authors.clone(),
        reviewers: b.reviewers.clone(),
        reading_minutes: b.reading_minutes(),
        words: b.body.words,
        summary: b.summary.clone(),
        lede: (b.has_summary || b.takeaways.first() != Some(&b.summary))
            .then(|| b.summary.clone())
            .filter(|s| !s.is_empty()),
        takeaways: b.takeaways.clone(),
        takeaways_html,
        toc: b
            .body
            .headings
            .iter()
            .filter(|h| h.level <= 3)
            .map(|h| TocEntry {
                level: h.level,
                id: h.id.clone(),
                text: h.text.clone(),
            })
            .collect(),
        body: markdown::fill_slots(&b.body.html, &p.links, &p.labels),
        topics: p
            .topics
            .iter()
            .map(|&t| prep.topic_links[t].clone())
            .collect(),
        regions: p
            .regions
            .iter()
            .map(|&r| prep.region_links[r].clone())
            .collect(),
        region_trails: p
            .regions
            .iter()
            .filter_map(|&r| {
                let up = lists::trail(&site.regions, &site.regions[r]);
                (!up.is_empty()).then(|| {
                    up.into_iter()
                        .chain([r])
                        .map(|i| prep.region_links[i].clone())
                        .collect()
                })
            })
            .collect(),
        banner: match &p.visibility {
            Visibility::Preview { banner, .. } => Some(banner.clone()),
            _ => None,
        },
        previous: card_at(Some(id + 1))?,
        next: card_at(id.checked_sub(1))?,
        backlinks: cards(&p.backlinks)?,
        related: cards(&p.related)?,
        superseded_by: card_at(p.superseded_by)?,
        supersedes: cards(&p.supersedes)?,
        extra: serde_json::to_value(&b.extra).unwrap_or_default(),
        source: b.file.clone(),
    })
}
