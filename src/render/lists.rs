//! List pages: home, topic and region indexes and pages, intersections,
//! archive and 404. Cards are precomputed once and shared (Tera values are
//! reference-counted), so a briefing listed on ten pages is serialised once.

use super::keys::{self, Keys};
use super::meta::Meta;
use super::{Prepared, TermLink};
use crate::error::Result;
use crate::output::{OutputFile, Sink};
use crate::site::{BriefingId, Intersection, Site, Term};
use crate::theme::Theme;
use crate::url::{Route, TermKind};
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::hash::Hasher;
use tera::Context;

/// A list page, available to `list.html` as `page`; its briefings are `cards`.
#[derive(Debug, Serialize)]
pub struct ListContext {
    /// `home`, `topic`, `region` or `intersection`.
    pub kind: &'static str,
    /// Heading.
    pub title: String,
    /// Link to this page.
    pub url: String,
    /// Total briefings in the list (all pages).
    pub count: usize,
    /// Topic and region pages: the term's description from the vocabulary.
    pub description: String,
    /// Region pages: of `count`, how many are tagged with a sub-region only.
    pub from_subregions: usize,
    /// Region pages: the larger regions, outermost first (Asia, Eastern Asia).
    pub breadcrumbs: Vec<TermLink>,
    /// Region pages: the sub-regions that have briefings, by name, with counts.
    pub subregions: Vec<TermLink>,
    /// Page links, when there is more than one page.
    pub pagination: Option<Pagination>,
    /// Topic pages: the regions its briefings cover; region pages: the topics;
    /// each linked to the intersection page, with counts.
    pub cross: Vec<TermLink>,
    /// Intersection pages: the topic and the region, linked.
    pub parents: Vec<TermLink>,
    /// Home page: every topic with its count.
    pub topics: Vec<TermLink>,
    /// Home page: every region with its count.
    pub regions: Vec<TermLink>,
}

/// Links between the pages of a list.
#[derive(Debug, Serialize)]
pub struct Pagination {
    /// Current page, 1-based.
    pub current: usize,
    /// Number of pages.
    pub total: usize,
    /// First page.
    pub first: String,
    /// Previous page.
    pub previous: Option<String>,
    /// Next page.
    pub next: Option<String>,
    /// Last page.
    pub last: String,
    /// The first and last pages and two either side of the current one.
    pub pages: Vec<PageLink>,
}

/// One page number.
#[derive(Debug, Serialize)]
pub struct PageLink {
    /// 1-based.
    pub number: usize,
    /// Link.
    pub url: String,
    /// True for the page being shown.
    pub current: bool,
    /// True when pages are left out before this one (show "…").
    pub gap_before: bool,
}

/// The topic or region index, available to `terms.html` as `page`.
#[derive(Debug, Serialize)]
pub struct TermsContext {
    /// `topic` or `region`.
    pub kind: TermKind,
    /// Heading.
    pub title: String,
    /// Every term, by name, with counts; regions as a tree (each followed
    /// by its sub-regions, `depth` 1, 2, ...).
    pub terms: Vec<IndexEntry>,
}

/// One line of a term index.
#[derive(Debug, Serialize)]
pub struct IndexEntry {
    /// The term, linked, with its count.
    #[serde(flatten)]
    pub term: TermLink,
    /// 0 for a top-level term.
    pub depth: usize,
}

/// The archive, available to `archive.html` as `page`; briefings are `cards`.
#[derive(Debug, Serialize)]
pub struct ArchiveContext {
    /// Years, newest first.
    pub years: Vec<ArchiveYear>,
}

/// One year of the archive.
#[derive(Debug, Serialize)]
pub struct ArchiveYear {
    /// `2026`.
    pub year: i16,
    /// Briefings that year.
    pub count: usize,
    /// Months, newest first.
    pub months: Vec<ArchiveMonth>,
}

/// One month of the archive.
#[derive(Debug, Serialize)]
pub struct ArchiveMonth {
    /// `March 2026`.
    pub name: String,
    /// `2026-03`, an anchor id.
    pub id: String,
    /// Briefings that month.
    pub count: usize,
    /// Indexes into `cards`.
    pub items: Vec<usize>,
}

/// The topic × region matrix, available to `matrix.html` as `page`. Regions
/// are rows and topics columns: sites have few topics and many regions, and a
/// long table reads better on a phone than a wide one.
#[derive(Debug, Serialize)]
pub struct MatrixContext {
    /// Column heads, by name, each with its total count.
    pub topics: Vec<TermLink>,
    /// One row per region, by name.
    pub rows: Vec<MatrixRow>,
}

/// One region's row of the matrix.
#[derive(Debug, Serialize)]
pub struct MatrixRow {
    /// The region, linked, with its total count.
    pub region: TermLink,
    /// One cell per topic column: the intersection page and its count, or
    /// none when no briefing covers both.
    pub cells: Vec<Option<MatrixCell>>,
}

/// A non-empty cell of the matrix.
#[derive(Debug, Serialize)]
pub struct MatrixCell {
    /// Briefings on the topic in the region.
    pub count: usize,
    /// The intersection page.
    pub url: String,
}

struct ListSpec {
    kind: &'static str,
    title: String,
    term: Option<(TermKind, usize)>,
    base: Box<dyn Fn(usize) -> Route + Send + Sync>,
    ids: Vec<BriefingId>,
    cross: Vec<TermLink>,
    parents: Vec<TermLink>,
}

pub(super) fn render_lists(
    site: &Site,
    theme: &Theme,
    prep: &Prepared,
    sink: &dyn Sink,
) -> Result<()> {
    let mut specs = Vec::new();
    for kind in [TermKind::Topic, TermKind::Region] {
        specs.extend((0..site.terms(kind).len()).map(|i| term_spec(site, prep, kind, i)));
    }
    for x in &site.intersections {
        let (t, r) = (&site.topics[x.topic], &site.regions[x.region]);
        let (ts, rs) = (t.slug.clone(), r.slug.clone());
        specs.push(ListSpec {
            kind: "intersection",
            title: format!("{} in {}", t.name, r.name),
            term: None,
            base: Box::new(move |p| Route::intersection(&ts, &rs, p)),
            ids: x.briefings.clone(),
            cross: Vec::new(),
            parents: vec![
                prep.topic_links[x.topic].clone(),
                prep.region_links[x.region].clone(),
            ],
        });
    }
    specs
        .par_iter()
        .try_for_each(|spec| render_list(site, theme, prep, spec, sink))?;
    render_home(site, theme, prep, sink)?;
    for kind in [TermKind::Topic, TermKind::Region] {
        render_terms(site, theme, prep, kind, sink)?;
    }
    render_archive(site, theme, prep, sink)?;
    render_matrix(site, theme, prep, sink)?;
    if !prep.unchanged(sink, "404.html", |k| k.page(theme, "404.html").finish()) {
        let html = theme.render("404.html", &Context::new(), "404.html")?;
        sink.put(OutputFile::new("404.html".into(), html.into_bytes()))?;
    }
    Ok(())
}

/// The first page of term `i`'s list alone: `serve` shows it with an edited
/// briefing that joined or left the term, before the rest of the site.
pub(super) fn first_term_page(
    site: &Site,
    theme: &Theme,
    prep: &Prepared,
    kind: TermKind,
    i: usize,
    sink: &dyn Sink,
) -> Result<()> {
    let spec = term_spec(site, prep, kind, i);
    render_list_page(site, theme, prep, &spec, 1, sink)
}

fn term_spec(site: &Site, prep: &Prepared, kind: TermKind, i: usize) -> ListSpec {
    let t = &site.terms(kind)[i];
    let slug = t.slug.clone();
    ListSpec {
        kind: kind.noun(),
        title: t.name.clone(),
        term: Some((kind, i)),
        base: Box::new(move |p| Route::term(kind, &slug, p)),
        ids: t.briefings.clone(),
        cross: cross_terms(site, prep, kind, i),
        parents: Vec::new(),
    }
}

/// A page made from template `name` with `page` and `meta`, plus `cards`
/// when the template lists briefings, written to `route` unless the sink
/// holds it already: its key is the template, `page`, `meta` and the cards.
#[allow(clippy::too_many_arguments)]
fn put_page<P: Serialize>(
    site: &Site,
    theme: &Theme,
    prep: &Prepared,
    sink: &dyn Sink,
    route: &Route,
    name: &str,
    page: &P,
    meta: &Meta,
    cards: Option<&[BriefingId]>,
) -> Result<()> {
    sink.go_on()?;
    let path = route.output_file();
    let key = |k: &Keys| {
        let mut h = k.page(theme, name);
        keys::hash_json(&mut h, page);
        keys::hash_json(&mut h, meta);
        k.add_cards(&mut h, cards.unwrap_or_default().iter().copied());
        h.finish()
    };
    if prep.unchanged(sink, &path, key) {
        return Ok(());
    }
    let mut ctx = Context::new();
    ctx.insert("page", page);
    ctx.insert("meta", meta);
    if let Some(ids) = cards {
        ctx.insert_value("cards", prep.cards(site, theme, ids)?);
    }
    let html = theme.render_bytes(name, &ctx, route.as_str(), 0)?;
    sink.put(OutputFile::new(path, html))
}

/// Terms of the other kind that co-occur with term `i`, linked to the intersection.
fn cross_terms(site: &Site, prep: &Prepared, kind: TermKind, i: usize) -> Vec<TermLink> {
    site.intersections
        .iter()
        .filter(|x| match kind {
            TermKind::Topic => x.topic == i,
            TermKind::Region => x.region == i,
        })
        .map(|x| {
            let other = match kind {
                TermKind::Topic => &prep.region_links[x.region],
                TermKind::Region => &prep.topic_links[x.topic],
            };
            TermLink {
                url: site.urls.link(&Route::intersection(
                    &site.topics[x.topic].slug,
                    &site.regions[x.region].slug,
                    1,
                )),
                count: x.briefings.len(),
                ..other.clone()
            }
        })
        .collect()
}

fn render_list(
    site: &Site,
    theme: &Theme,
    prep: &Prepared,
    spec: &ListSpec,
    sink: &dyn Sink,
) -> Result<()> {
    let per = site.config.per_page.max(1);
    let total = spec.ids.len().div_ceil(per).max(1);
    (1..=total).try_for_each(|page| render_list_page(site, theme, prep, spec, page, sink))
}

/// Page `page` of a list.
fn render_list_page(
    site: &Site,
    theme: &Theme,
    prep: &Prepared,
    spec: &ListSpec,
    page: usize,
    sink: &dyn Sink,
) -> Result<()> {
    let per = site.config.per_page.max(1);
    let total = spec.ids.len().div_ceil(per).max(1);
    let route = (spec.base)(page);
    let chunk = &spec.ids[((page - 1) * per).min(spec.ids.len())..(page * per).min(spec.ids.len())];
    let term = spec.term.map(|(kind, i)| &site.terms(kind)[i]);
    let ctx_page = ListContext {
        kind: spec.kind,
        title: spec.title.clone(),
        url: site.urls.link(&route),
        count: spec.ids.len(),
        description: term.map(|t| t.description.clone()).unwrap_or_default(),
        from_subregions: term.map_or(0, |t| t.briefings.len() - t.direct.len()),
        breadcrumbs: spec
            .term
            .map(|(kind, i)| {
                let links = prep.links(kind);
                trail(site.terms(kind), &site.terms(kind)[i])
                    .into_iter()
                    .map(|p| links[p].clone())
                    .collect()
            })
            .unwrap_or_default(),
        subregions: term
            .map(|t| {
                let mut v: Vec<TermLink> = t
                    .children
                    .iter()
                    .map(|&c| prep.region_links[c].clone())
                    .collect();
                v.sort_by_cached_key(|l| (l.name.to_lowercase(), l.slug.clone()));
                v
            })
            .unwrap_or_default(),
        pagination: (total > 1).then(|| pagination(site, &*spec.base, page, total)),
        cross: spec.cross.clone(),
        parents: spec.parents.clone(),
        topics: Vec::new(),
        regions: Vec::new(),
    };
    let meta = match spec.term {
        Some((kind, i)) => {
            let terms = site.terms(kind);
            let up: Vec<&Term> = trail(terms, &terms[i])
                .into_iter()
                .map(|p| &terms[p])
                .collect();
            Meta::term(site, kind, &terms[i], &route, &up)
        }
        None => Meta::page(site, &route, &spec.title, ""),
    };
    put_page(
        site,
        theme,
        prep,
        sink,
        &route,
        "list.html",
        &ctx_page,
        &meta,
        Some(chunk),
    )
}

fn pagination(
    site: &Site,
    base: &(dyn Fn(usize) -> Route + Send + Sync),
    current: usize,
    total: usize,
) -> Pagination {
    let link = |p: usize| site.urls.link(&base(p));
    Pagination {
        current,
        total,
        first: link(1),
        previous: (current > 1).then(|| link(current - 1)),
        next: (current < total).then(|| link(current + 1)),
        last: link(total),
        pages: window(current, total)
            .into_iter()
            .scan(0, |previous, n| {
                let gap_before = n > *previous + 1;
                *previous = n;
                Some(PageLink {
                    number: n,
                    url: link(n),
                    current: n == current,
                    gap_before,
                })
            })
            .collect(),
    }
}

/// The page numbers worth a link: the first, the last, and two either side
/// of the current one. Linking every page would make a list of N pages write
/// N² links (China's 121 pages in a 10,000-briefing site).
fn window(current: usize, total: usize) -> Vec<usize> {
    let mut pages: Vec<usize> = [1, total]
        .into_iter()
        .chain(current.saturating_sub(2).max(1)..=(current + 2).min(total))
        .collect();
    pages.sort_unstable();
    pages.dedup();
    pages
}

fn render_home(site: &Site, theme: &Theme, prep: &Prepared, sink: &dyn Sink) -> Result<()> {
    let n = site.config.per_page.min(site.briefings.len());
    let ids: Vec<BriefingId> = (0..n).collect();
    let page = ListContext {
        kind: "home",
        title: site.config.title.clone(),
        url: site.urls.link(&Route::home()),
        count: site.briefings.len(),
        description: String::new(),
        from_subregions: 0,
        breadcrumbs: Vec::new(),
        subregions: Vec::new(),
        pagination: None,
        cross: Vec::new(),
        parents: Vec::new(),
        topics: by_count(&site.topics, &prep.topic_links),
        regions: by_count(&site.regions, &prep.region_links),
    };
    let meta = Meta::page(site, &Route::home(), &site.config.title, "");
    put_page(
        site,
        theme,
        prep,
        sink,
        &Route::home(),
        "list.html",
        &page,
        &meta,
        Some(&ids),
    )
}

/// The terms containing `t`, outermost first, following first parents.
pub(super) fn trail(terms: &[Term], t: &Term) -> Vec<usize> {
    let mut out: Vec<usize> = Vec::new();
    let mut at = t.parents.first().copied();
    while let Some(p) = at {
        if out.len() >= 16 || out.contains(&p) {
            break;
        }
        out.push(p);
        at = terms[p].parents.first().copied();
    }
    out.reverse();
    out
}

/// Most-used terms first, then by name.
/// Only terms that briefings name themselves: the regions a roll-up adds
/// (Asia for China) are one click further, on the regions page.
fn by_count(terms: &[Term], links: &[TermLink]) -> Vec<TermLink> {
    let mut v: Vec<TermLink> = terms
        .iter()
        .zip(links)
        .filter(|(t, _)| !t.direct.is_empty())
        .map(|(_, l)| l.clone())
        .collect();
    v.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    v
}

fn render_terms(
    site: &Site,
    theme: &Theme,
    prep: &Prepared,
    kind: TermKind,
    sink: &dyn Sink,
) -> Result<()> {
    let links = prep.links(kind);
    let terms = tree_order(site.terms(kind), links)
        .into_iter()
        .map(|(i, depth)| IndexEntry {
            term: links[i].clone(),
            depth,
        })
        .collect();
    let page = TermsContext {
        kind,
        title: match kind {
            TermKind::Topic => "Topics".into(),
            TermKind::Region => "Regions".into(),
        },
        terms,
    };
    let route = Route::term_index(kind);
    let meta = Meta::page(site, &route, &page.title, "");
    put_page(
        site,
        theme,
        prep,
        sink,
        &route,
        "terms.html",
        &page,
        &meta,
        None,
    )
}

/// Terms in index order with their depth: by name, each region followed by
/// its sub-regions (under its first parent only, so each is listed once).
pub(super) fn tree_order(terms: &[Term], links: &[TermLink]) -> Vec<(usize, usize)> {
    let order = by_name(links);
    let mut rank = vec![0; order.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r;
    }
    let mut out = Vec::with_capacity(terms.len());
    let mut stack: Vec<(usize, usize)> = order
        .iter()
        .rev()
        .filter(|&&i| terms[i].parents.is_empty())
        .map(|&i| (i, 0))
        .collect();
    let mut seen = vec![false; terms.len()];
    while let Some((i, depth)) = stack.pop() {
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        out.push((i, depth));
        let mut children: Vec<usize> = terms[i]
            .children
            .iter()
            .copied()
            .filter(|&c| terms[c].parents.first() == Some(&i))
            .collect();
        children.sort_by_key(|&c| std::cmp::Reverse(rank[c]));
        stack.extend(children.into_iter().map(|c| (c, depth + 1)));
    }
    out
}

/// Indexes of `links` ordered by name, then slug.
fn by_name(links: &[TermLink]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..links.len()).collect();
    order.sort_by_cached_key(|&i| (links[i].name.to_lowercase(), &links[i].slug));
    order
}

fn render_matrix(site: &Site, theme: &Theme, prep: &Prepared, sink: &dyn Sink) -> Result<()> {
    let cols = by_name(&prep.topic_links);
    let at: HashMap<(usize, usize), &Intersection> = site
        .intersections
        .iter()
        .map(|x| ((x.region, x.topic), x))
        .collect();
    let rows = by_name(&prep.region_links)
        .into_iter()
        .map(|r| MatrixRow {
            region: prep.region_links[r].clone(),
            cells: cols
                .iter()
                .map(|&t| {
                    at.get(&(r, t)).map(|x| MatrixCell {
                        count: x.briefings.len(),
                        url: site.urls.link(&Route::intersection(
                            &site.topics[t].slug,
                            &site.regions[r].slug,
                            1,
                        )),
                    })
                })
                .collect(),
        })
        .collect();
    let page = MatrixContext {
        topics: cols.iter().map(|&t| prep.topic_links[t].clone()).collect(),
        rows,
    };
    let route = Route::matrix();
    let meta = Meta::page(site, &route, "Coverage matrix", "");
    put_page(
        site,
        theme,
        prep,
        sink,
        &route,
        "matrix.html",
        &page,
        &meta,
        None,
    )
}

fn render_archive(site: &Site, theme: &Theme, prep: &Prepared, sink: &dyn Sink) -> Result<()> {
    let mut years: BTreeMap<i16, BTreeMap<i8, Vec<usize>>> = BTreeMap::new();
    for (id, b) in site.briefings.iter().enumerate() {
        years
            .entry(b.date.date.year())
            .or_default()
            .entry(b.date.date.month())
            .or_default()
            .push(id);
    }
    let years = years
        .into_iter()
        .rev()
        .map(|(year, months)| ArchiveYear {
            year,
            count: months.values().map(Vec::len).sum(),
            months: months
                .into_iter()
                .rev()
                .map(|(m, items)| ArchiveMonth {
                    name: jiff::civil::date(year, m, 1).strftime("%B %Y").to_string(),
                    id: format!("{year}-{m:02}"),
                    count: items.len(),
                    items,
                })
                .collect(),
        })
        .collect();
    let page = ArchiveContext { years };
    let meta = Meta::page(site, &Route::archive(), "Archive", "");
    let all: Vec<BriefingId> = (0..site.briefings.len()).collect();
    put_page(
        site,
        theme,
        prep,
        sink,
        &Route::archive(),
        "archive.html",
        &page,
        &meta,
        Some(&all),
    )
}

#[cfg(test)]
mod tests {
    use super::window;

    #[test]
    fn pagination_links_a_window_not_every_page() {
        assert_eq!(window(1, 1), [1]);
        assert_eq!(window(1, 3), [1, 2, 3]);
        assert_eq!(window(1, 121), [1, 2, 3, 121]);
        assert_eq!(window(60, 121), [1, 58, 59, 60, 61, 62, 121]);
        assert_eq!(window(121, 121), [1, 119, 120, 121]);
    }
}
