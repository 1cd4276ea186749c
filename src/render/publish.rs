//! What a host and a crawler expect beside the pages: the search page and its
//! index, the sitemap, `robots.txt`, `CNAME`, and redirect pages for aliases.

use super::keys;
use super::meta::Meta;
use super::{Prepared, TermLink};
use crate::config::Mode;
use crate::error::Result;
use crate::markdown::escape;
use crate::output::{OutputFile, Sink};
use crate::site::{BriefingId, Site};
use crate::theme::Theme;
use crate::url::{Route, TermKind};
use serde::Serialize;
use std::hash::{Hash, Hasher};
use tera::Context;

/// The search page, available to `search.html` as `page`.
#[derive(Debug, Serialize)]
pub struct SearchContext {
    /// Link to the index the script loads.
    pub index_url: String,
    /// Every topic, by name, for the filter.
    pub topics: Vec<TermLink>,
    /// Every region, by name, for the filter (a region matches its sub-regions).
    pub regions: Vec<TermLink>,
}

/// The search page and `search/index.json`.
pub(super) fn render_search(
    site: &Site,
    theme: &Theme,
    prep: &Prepared,
    sink: &dyn Sink,
) -> Result<()> {
    let by_name = |links: &[TermLink]| {
        let mut v = links.to_vec();
        v.sort_by_cached_key(|t| t.name.to_lowercase());
        v
    };
    let page = SearchContext {
        index_url: site.urls.link(&Route::search_index()),
        topics: by_name(&prep.topic_links),
        regions: by_name(&prep.region_links),
    };
    let meta = Meta::page(site, &Route::search(), "Search", "");
    let path = Route::search().output_file();
    if !prep.unchanged(sink, &path, |k| {
        let mut h = k.page(theme, "search.html");
        keys::hash_json(&mut h, &page);
        keys::hash_json(&mut h, &meta);
        h.finish()
    }) {
        let mut ctx = Context::new();
        ctx.insert("page", &page);
        ctx.insert("meta", &meta);
        let html = theme.render("search.html", &ctx, "the search page")?;
        sink.put(OutputFile::new(path, html.into_bytes()))?;
    }
    // The index holds each briefing's words (its file) and what its card
    // shows (title, date, terms).
    let path = Route::search_index().output_file();
    if !prep.unchanged(sink, &path, |k| {
        let mut h = keys::hasher();
        k.site.hash(&mut h);
        k.add_cards(&mut h, 0..site.briefings.len());
        site.briefings.iter().for_each(|b| b.digest.hash(&mut h));
        h.finish()
    }) {
        let t = std::time::Instant::now();
        let index = crate::search::index_unless(site, || sink.superseded())
            .ok_or(crate::Error::Superseded)?;
        crate::timing("render: search index alone", t);
        sink.put(OutputFile::new(path, index))?;
    }
    Ok(())
}

/// A redirect page, available to `redirect.html` as `page`.
#[derive(Debug, Serialize)]
pub struct RedirectContext {
    /// The briefing's title.
    pub title: String,
    /// Link to the briefing.
    pub url: String,
    /// Absolute URL of the briefing.
    pub canonical: String,
}

/// A redirect page at each alias of each briefing.
pub(super) fn render_aliases(
    site: &Site,
    theme: &Theme,
    prep: &Prepared,
    sink: &dyn Sink,
) -> Result<()> {
    for (b, p) in site.briefings.iter().zip(&site.placements) {
        let route = Route::briefing(&b.slug);
        for alias in &p.aliases {
            let page = RedirectContext {
                title: b.title.clone(),
                url: site.urls.link(&route),
                canonical: site.urls.absolute(&route),
            };
            let path = alias.output_file();
            if prep.unchanged(sink, &path, |k| {
                let mut h = k.page(theme, "redirect.html");
                keys::hash_json(&mut h, &page);
                h.finish()
            }) {
                continue;
            }
            let mut ctx = Context::new();
            ctx.insert("page", &page);
            let html = theme.render("redirect.html", &ctx, &b.file)?;
            sink.put(OutputFile::new(path, html.into_bytes()))?;
        }
    }
    Ok(())
}

/// URLs per sitemap file, the protocol's limit.
const SITEMAP_LIMIT: usize = 50_000;

/// `.nojekyll` (GitHub Pages would otherwise run Jekyll and drop files),
/// `robots.txt`, the sitemap (split with an index past 50,000 URLs; none in a
/// preview, which must not be indexed, nor without a host in `base_url`),
/// and `CNAME` when a domain is set.
pub(super) fn crawler_files(site: &Site) -> Vec<OutputFile> {
    let u = &site.urls;
    let mut files = vec![OutputFile::new(".nojekyll".into(), Vec::new())];
    if let Some(cname) = &site.config.cname {
        files.push(OutputFile::new(
            "CNAME".into(),
            format!("{cname}\n").into_bytes(),
        ));
    }
    let sitemap = Route::file("sitemap.xml");
    // A sitemap must list full URLs: without a host in `base_url` there is none.
    let with_sitemap = site.mode == Mode::Public && u.has_origin();
    let robots = if site.mode == Mode::Preview {
        "# A preview build: not for search engines.\nUser-agent: *\nDisallow: /\n".to_string()
    } else if with_sitemap {
        format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            u.absolute(&sitemap)
        )
    } else {
        "User-agent: *\nAllow: /\n".to_string()
    };
    files.push(OutputFile::new("robots.txt".into(), robots.into_bytes()));
    if !with_sitemap {
        return files;
    }
    let entries = sitemap_entries(site);
    let urlset = |chunk: &[(Route, Option<String>)]| {
        let mut out = String::from(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for (route, lastmod) in chunk {
            out.push_str("  <url><loc>");
            out.push_str(&escape(&u.absolute(route)));
            out.push_str("</loc>");
            if let Some(m) = lastmod {
                out.push_str("<lastmod>");
                out.push_str(m);
                out.push_str("</lastmod>");
            }
            out.push_str("</url>\n");
        }
        out.push_str("</urlset>\n");
        out.into_bytes()
    };
    if entries.len() <= SITEMAP_LIMIT {
        files.push(OutputFile::new(sitemap.output_file(), urlset(&entries)));
        return files;
    }
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (n, chunk) in entries.chunks(SITEMAP_LIMIT).enumerate() {
        let part = Route::file(&format!("sitemap-{}.xml", n + 1));
        index.push_str(&format!(
            "  <sitemap><loc>{}</loc></sitemap>\n",
            escape(&u.absolute(&part))
        ));
        files.push(OutputFile::new(part.output_file(), urlset(chunk)));
    }
    index.push_str("</sitemapindex>\n");
    files.push(OutputFile::new(sitemap.output_file(), index.into_bytes()));
    files
}

/// Every public page worth indexing, with the date it last changed: a
/// briefing's `updated` or `date`, a list's newest briefing's. Paginated
/// pages after the first, the search page and redirects are left out.
fn sitemap_entries(site: &Site) -> Vec<(Route, Option<String>)> {
    let changed: Vec<String> = site
        .briefings
        .iter()
        .map(|b| {
            b.updated
                .as_ref()
                .map_or(b.date.timestamp, |u| u.value.timestamp)
                .to_string()
        })
        .collect();
    let newest = |ids: &[BriefingId]| ids.iter().map(|&i| &changed[i]).max().cloned();
    let all: Vec<BriefingId> = (0..site.briefings.len()).collect();
    let mut out = vec![(Route::home(), newest(&all))];
    out.extend(
        site.briefings
            .iter()
            .zip(&changed)
            .map(|(b, c)| (Route::briefing(&b.slug), Some(c.clone()))),
    );
    for kind in [TermKind::Topic, TermKind::Region] {
        out.push((Route::term_index(kind), newest(&all)));
        for t in site.terms(kind) {
            out.push((Route::term(kind, &t.slug, 1), newest(&t.briefings)));
        }
    }
    for x in &site.intersections {
        out.push((
            Route::intersection(&site.topics[x.topic].slug, &site.regions[x.region].slug, 1),
            newest(&x.briefings),
        ));
    }
    for route in [Route::archive(), Route::matrix(), Route::feeds()] {
        out.push((route, newest(&all)));
    }
    out
}
