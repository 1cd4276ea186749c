//! Stage 3: the whole site, cross-file. Decides which briefings are shown,
//! gives each a unique slug, builds the topic and region indexes, orders
//! everything by date, and resolves every internal link.
//!
//! Input: `Vec<Briefing>`, assets, settings. Output: `Site` and diagnostics.

use crate::briefing::Briefing;
use crate::config::{Config, Mode, Options};
use crate::diag::{Diagnostic, Diagnostics};
use crate::frontmatter::Spanned;
use crate::review::{self, Visibility};
use crate::slug::Slug;
use crate::source::Asset;
use crate::url::{Route, TermKind, Urls};
use crate::vocab::Scheme;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

mod aliases;
mod links;
mod related;
mod supersede;

/// Index of a shown briefing in `Site::briefings` (newest first).
pub type BriefingId = usize;

/// A topic or region.
#[derive(Debug, Clone)]
pub struct Term {
    /// Topic or region.
    pub kind: TermKind,
    /// URL name.
    pub slug: Slug,
    /// Display name: the vocabulary's, else as the first briefing (by path) wrote it.
    pub name: String,
    /// From the vocabulary.
    pub description: String,
    /// Briefings with this term or (regions) one inside it, newest first, each once.
    pub briefings: Vec<BriefingId>,
    /// Briefings tagged with this very term, newest first.
    pub direct: Vec<BriefingId>,
    /// Regions containing this one (indexes into the same list).
    pub parents: Vec<usize>,
    /// Regions inside this one that have briefings.
    pub children: Vec<usize>,
}

/// A topic × region pair that has briefings.
#[derive(Debug, Clone)]
pub struct Intersection {
    /// Index into `Site::topics`.
    pub topic: usize,
    /// Index into `Site::regions`.
    pub region: usize,
    /// Briefings with both terms, newest first.
    pub briefings: Vec<BriefingId>,
}

/// What the site knows about one shown briefing beyond its own file.
#[derive(Debug, Clone)]
pub struct Placement {
    /// Public, or shown in preview with a banner.
    pub visibility: Visibility,
    /// Indexes into `Site::topics`, in the author's order.
    pub topics: Vec<usize>,
    /// Indexes into `Site::regions`, in the author's order.
    pub regions: Vec<usize>,
    /// Resolved URL for each link slot of the body.
    pub links: Vec<String>,
    /// Text for each slot: an unlabelled wiki link's (`[[slug]]`) target
    /// title, a local image's `width` and `height` attributes.
    pub labels: Vec<String>,
    /// Briefings that link here, newest first.
    pub backlinks: Vec<BriefingId>,
    /// The most related briefings, best first.
    pub related: Vec<BriefingId>,
    /// Briefings this one replaces (`supersedes:`).
    pub supersedes: Vec<BriefingId>,
    /// The latest briefing that replaces this one, following the whole chain.
    pub superseded_by: Option<BriefingId>,
    /// Old URLs that redirect here (`aliases:`), checked.
    pub aliases: Vec<Route>,
}

/// The assembled site.
#[derive(Debug)]
pub struct Site {
    /// Settings.
    pub config: Config,
    /// URL builder with the base path.
    pub urls: Urls,
    /// Public or preview.
    pub mode: Mode,
    /// Shown briefings, newest first (ties by slug).
    pub briefings: Vec<Arc<Briefing>>,
    /// Per briefing, the same index.
    pub placements: Vec<Placement>,
    /// Topics by slug.
    pub topics: Vec<Term>,
    /// Regions by slug.
    pub regions: Vec<Term>,
    /// Topic × region pairs by topic then region.
    pub intersections: Vec<Intersection>,
    /// Content assets to copy, with their routes.
    pub assets: Vec<(Route, Asset)>,
}

impl Site {
    /// `serve`'s quick path after an edit to briefing `id` that keeps its
    /// file, slug, embargo, status, visibility, supersedes and aliases, and
    /// adds or removes no heading another briefing links to: this site with
    /// `edited` in its place, its links resolved again and, when its topics,
    /// regions or date changed, the terms, the intersections and its related
    /// briefings counted again (every briefing's term indexes taken from the
    /// new count, since a term it adds or empties moves them). A new date
    /// moves it to its place in the date order, every id between renumbered.
    /// That is enough to render its own page, and only that: other
    /// briefings' related lists are left as they were. `None` when the edit
    /// needs [`assemble`]: it changed how the briefing is found or shown, or
    /// something in it has a problem to report. With the site, the edited
    /// briefing's id in it.
    pub fn with_edit(
        &self,
        id: BriefingId,
        edited: Arc<Briefing>,
        opts: &Options,
    ) -> Option<(Site, BriefingId)> {
        let old = self.briefings.get(id)?;
        let values =
            |v: &[Spanned<String>]| -> Vec<String> { v.iter().map(|s| s.value.clone()).collect() };
        let redated = old.date != edited.date;
        let p = &self.placements[id];
        // Which briefing ends a chain of replacements depends on dates.
        let in_a_chain =
            !old.supersedes.is_empty() || !p.supersedes.is_empty() || p.superseded_by.is_some();
        let stays = old.source == edited.source
            && old.slug == edited.slug
            && !(redated && in_a_chain)
            && old.embargo.as_ref().map(|e| e.value) == edited.embargo.as_ref().map(|e| e.value)
            && old.status == edited.status
            && values(&old.supersedes) == values(&edited.supersedes)
            && values(&old.aliases) == values(&edited.aliases)
            && review::visibility(&edited, opts) == p.visibility;
        if !stays {
            return None;
        }
        let terms_moved = values(&old.topics) != values(&edited.topics)
            || values(&old.regions) != values(&edited.regions);
        let (to, mut placements) = self.moved(id, &edited);
        let mut briefings = self.briefings.clone();
        briefings.remove(id);
        briefings.insert(to, edited);
        let id = to;
        let shown: Vec<Option<BriefingId>> = (0..briefings.len()).map(Some).collect();
        let assets: Vec<Asset> = self.assets.iter().map(|(_, a)| a.clone()).collect();
        let universe = links::Universe::new(&briefings, &shown, &assets, &self.urls);
        let anchors_moved = symmetric_difference(&old.body.anchors, &briefings[id].body.anchors);
        if !anchors_moved.is_empty() && links::links_to_fragments(&universe, id, &anchors_moved) {
            return None;
        }
        let (resolved, diags) = links::resolve_one(&universe, id, opts);
        if !diags.is_empty() {
            return None;
        }
        placements[id].links = resolved.urls;
        placements[id].labels = resolved.labels;
        let (topics, regions, intersections) = if terms_moved || redated {
            let vocab = &self.config.vocab;
            let ((topics, topic_ids, d1), (regions, region_ids, d2)) = rayon::join(
                || collect_terms(TermKind::Topic, &briefings, &vocab.topics),
                || collect_terms(TermKind::Region, &briefings, &vocab.regions),
            );
            if d1.has_errors() || d2.has_errors() {
                return None;
            }
            // A term added or emptied moves every index after it; a new
            // date moves the briefing in each of its terms' lists.
            for ((p, t), r) in placements.iter_mut().zip(topic_ids).zip(region_ids) {
                p.topics = t;
                p.regions = r;
            }
            let postings = postings(&topics, &regions);
            placements[id].related = related::score(
                &briefings,
                &placements,
                topics.len(),
                &postings,
                &[id],
                &|| false,
            )?
            .pop()?;
            let intersections = intersect(&placements, &regions);
            (topics, regions, intersections)
        } else {
            (
                self.topics.clone(),
                self.regions.clone(),
                self.intersections.clone(),
            )
        };
        let site = Site {
            config: self.config.clone(),
            urls: self.urls.clone(),
            mode: self.mode,
            briefings,
            placements,
            topics,
            regions,
            intersections,
            assets: self.assets.clone(),
        };
        Some((site, id))
    }

    /// Where briefing `id` sits once it is `edited` (the date order: newest
    /// first, ties by slug), and the placements with it moved there: every
    /// id between its old and new place shifts by one, and lists ordered by
    /// id are sorted again.
    fn moved(&self, id: BriefingId, edited: &Briefing) -> (BriefingId, Vec<Placement>) {
        let before = |b: &Briefing| {
            b.date
                .cmp(&edited.date)
                .then_with(|| edited.slug.cmp(&b.slug))
                .is_gt()
        };
        let to = (self.briefings.iter().enumerate())
            .filter(|&(i, b)| i != id && before(b))
            .count();
        let mut placements = self.placements.clone();
        if to == id {
            return (id, placements);
        }
        let renumber = |x: BriefingId| match x {
            _ if x == id => to,
            _ if id < to && (id + 1..=to).contains(&x) => x - 1,
            _ if to < id && (to..id).contains(&x) => x + 1,
            _ => x,
        };
        let p = placements.remove(id);
        placements.insert(to, p);
        for p in &mut placements {
            for list in [&mut p.backlinks, &mut p.related, &mut p.supersedes] {
                list.iter_mut().for_each(|x| *x = renumber(*x));
            }
            p.backlinks.sort_unstable();
            p.superseded_by = p.superseded_by.map(renumber);
        }
        (to, placements)
    }
}

/// The strings in only one of two sorted lists: the heading ids an edit
/// added or took away.
fn symmetric_difference<'a>(old: &'a [String], new: &'a [String]) -> Vec<&'a str> {
    let only =
        |a: &'a [String], b: &'a [String]| a.iter().filter(move |x| b.binary_search(x).is_err());
    only(old, new)
        .chain(only(new, old))
        .map(String::as_str)
        .collect()
}

/// Builds the site from parsed briefings.
pub fn assemble(
    parsed: Vec<Arc<Briefing>>,
    assets: Vec<Asset>,
    config: Config,
    opts: &Options,
) -> (Site, Diagnostics) {
    assemble_unless(parsed, assets, config, opts, &|| false).expect("never stopped")
}

/// [`assemble`], unless `stop` says between its stages that the site is no
/// longer wanted (`serve` has a newer save): a tenth of a second at 10,000
/// briefings, which that save's edited page would otherwise wait for.
pub fn assemble_unless(
    parsed: Vec<Arc<Briefing>>,
    assets: Vec<Asset>,
    config: Config,
    opts: &Options,
    stop: &(dyn Fn() -> bool + Sync),
) -> Option<(Site, Diagnostics)> {
    let go_on = || (!stop()).then_some(());
    let mut diags = Diagnostics::default();
    let urls = Urls::new(opts.base_url.as_deref().unwrap_or(&config.base_url));
    let (parsed, all_slugs) = dedupe_slugs(parsed, &mut diags);
    let visibility: Vec<Visibility> = parsed.iter().map(|b| review::visibility(b, opts)).collect();
    let new_id = shown_ids(&parsed, &visibility);
    let universe = links::Universe::new(&parsed, &new_id, &assets, &urls);
    let resolved = links::resolve_all(&universe, opts, &mut diags);
    go_on()?;
    let publish = asset_filter(&resolved, &visibility);
    let (briefings, mut placements, link_targets) = place(parsed, visibility, resolved, &new_id);
    let vocab = &config.vocab;
    // Three independent passes over every briefing, run side by side.
    let (lints, ((topics, topic_ids, d1), (regions, region_ids, d2))) = rayon::join(
        || crate::lint::lint(&briefings, opts.editorial || opts.mode == Mode::Preview),
        || {
            rayon::join(
                || collect_terms(TermKind::Topic, &briefings, &vocab.topics),
                || collect_terms(TermKind::Region, &briefings, &vocab.regions),
            )
        },
    );
    go_on()?;
    diags.extend(lints);
    diags.extend(d1);
    diags.extend(d2);
    for ((p, t), r) in placements.iter_mut().zip(topic_ids).zip(region_ids) {
        p.topics = t;
        p.regions = r;
    }
    add_backlinks(&mut placements, &link_targets);
    let postings = postings(&topics, &regions);
    let related = related::score_all(&briefings, &placements, topics.len(), &postings, stop)?;
    let chains = supersede::resolve(&briefings, &all_slugs, &mut diags);
    for (((p, r), s), by) in placements
        .iter_mut()
        .zip(related)
        .zip(chains.supersedes)
        .zip(chains.superseded_by)
    {
        p.related = r;
        p.supersedes = s;
        p.superseded_by = by;
    }
    for (p, a) in placements
        .iter_mut()
        .zip(aliases::resolve(&briefings, &mut diags))
    {
        p.aliases = a;
    }
    let intersections = intersect(&placements, &regions);
    let assets = assets
        .into_iter()
        .filter(|a| publish(&a.rel))
        .filter_map(|a| match Route::asset(&a.rel) {
            Some(r) => Some((r, a)),
            None => {
                diags.push(
                    Diagnostic::warning(
                        &format!("content/{}", a.rel),
                        None,
                        "content/unsafe-name",
                        "this file's path cannot be a URL, so it is not published".into(),
                    )
                    .with_help("rename it without `\\`, `:` or control characters"),
                );
                None
            }
        })
        .collect();
    let site = Site {
        config,
        urls,
        mode: opts.mode,
        briefings,
        placements,
        topics,
        regions,
        intersections,
        assets,
    };
    Some((site, diags))
}

/// Each term's own briefings, topics then regions: what related scoring
/// counts shared terms over.
fn postings<'a>(topics: &'a [Term], regions: &'a [Term]) -> Vec<&'a [BriefingId]> {
    topics
        .iter()
        .chain(regions)
        .map(|t| t.direct.as_slice())
        .collect()
}

/// Two briefings with one slug would overwrite each other: an error naming
/// both. Returns the kept briefings and every slug with its file.
fn dedupe_slugs(
    parsed: Vec<Arc<Briefing>>,
    diags: &mut Diagnostics,
) -> (Vec<Arc<Briefing>>, HashMap<String, String>) {
    let mut seen: HashMap<String, String> = HashMap::new();
    let mut kept = Vec::with_capacity(parsed.len());
    for b in parsed {
        if let Some(first) = seen.get(b.slug.as_str()) {
            let pos = b.slug_pos.or(b.keys.get("title").copied());
            diags.push(
                Diagnostic::error(&b.file, pos, "site/duplicate-slug", format!("slug `{}` is already used by `{first}`", b.slug))
                    .with_help("both would be written to the same URL; rename one file or set a different `slug:`"),
            );
            continue;
        }
        seen.insert(b.slug.to_string(), b.file.clone());
        kept.push(b);
    }
    (kept, seen)
}

/// The shown id of each parsed briefing: newest first, ties by slug; `None`
/// for hidden ones, which stay known for link checks.
fn shown_ids(parsed: &[Arc<Briefing>], visibility: &[Visibility]) -> Vec<Option<BriefingId>> {
    let mut order: Vec<usize> = (0..parsed.len())
        .filter(|&i| visibility[i].is_shown())
        .collect();
    order.sort_by(|&a, &b| {
        parsed[b]
            .date
            .cmp(&parsed[a].date)
            .then_with(|| parsed[a].slug.cmp(&parsed[b].slug))
    });
    let mut new_id = vec![None; parsed.len()];
    for (id, &i) in order.iter().enumerate() {
        new_id[i] = Some(id);
    }
    new_id
}

/// Which assets to publish: those a shown briefing links to, and those no
/// briefing links to (a PDF offered by hand); those only hidden briefings
/// use stay unpublished.
fn asset_filter(
    resolved: &[links::Resolved],
    visibility: &[Visibility],
) -> impl Fn(&str) -> bool + use<> {
    let mut shown = HashSet::new();
    let mut hidden = HashSet::new();
    for (r, v) in resolved.iter().zip(visibility) {
        let set = if v.is_shown() {
            &mut shown
        } else {
            &mut hidden
        };
        set.extend(r.assets.iter().cloned());
    }
    move |rel: &str| shown.contains(rel) || !hidden.contains(rel)
}

/// Moves shown briefings into id order with their placements and link targets.
fn place(
    parsed: Vec<Arc<Briefing>>,
    visibility: Vec<Visibility>,
    resolved: Vec<links::Resolved>,
    new_id: &[Option<BriefingId>],
) -> (Vec<Arc<Briefing>>, Vec<Placement>, Vec<Vec<BriefingId>>) {
    let mut shown: Vec<(BriefingId, Arc<Briefing>, Placement, Vec<BriefingId>)> = parsed
        .into_iter()
        .zip(visibility)
        .zip(resolved)
        .zip(new_id)
        .filter_map(|(((b, visibility), r), id)| {
            let targets = r.briefings.iter().filter_map(|&t| new_id[t]).collect();
            let placement = Placement {
                visibility,
                topics: Vec::new(),
                regions: Vec::new(),
                links: r.urls,
                labels: r.labels,
                backlinks: Vec::new(),
                related: Vec::new(),
                supersedes: Vec::new(),
                superseded_by: None,
                aliases: Vec::new(),
            };
            id.map(|id| (id, b, placement, targets))
        })
        .collect();
    shown.sort_unstable_by_key(|s| s.0);
    let mut briefings = Vec::with_capacity(shown.len());
    let mut placements = Vec::with_capacity(shown.len());
    let mut targets = Vec::with_capacity(shown.len());
    for (_, b, p, t) in shown {
        briefings.push(b);
        placements.push(p);
        targets.push(t);
    }
    (briefings, placements, targets)
}

/// "Referenced by": every other briefing linking here, once, newest first.
fn add_backlinks(placements: &mut [Placement], link_targets: &[Vec<BriefingId>]) {
    for (from, targets) in link_targets.iter().enumerate() {
        for &to in targets.iter().filter(|&&to| to != from) {
            placements[to].backlinks.push(from);
        }
    }
    for p in placements {
        p.backlinks.sort_unstable();
        p.backlinks.dedup();
    }
}

/// Groups briefings by term. A term the vocabulary knows (by id, name or
/// alias) takes its canonical id and name; with a declared vocabulary any
/// other term is an error; without one, it is grouped by slug and named by
/// the first spelling in path order, so names do not depend on dates.
/// Regions roll up: every ancestor of a used region becomes a term listing
/// the briefings of its sub-regions, each once.
/// Returns the terms, each briefing's terms (indexes, in the author's
/// order) and what was wrong.
fn collect_terms(
    kind: TermKind,
    briefings: &[Arc<Briefing>],
    scheme: &Scheme,
) -> (Vec<Term>, Vec<Vec<usize>>, Diagnostics) {
    let mut diags = Diagnostics::default();
    struct Acc {
        slug: Slug,
        entry: Option<usize>,
        source: String,
        name: String,
        direct: Vec<BriefingId>,
        rolled: Vec<BriefingId>,
    }
    /// A spelling as it resolves: its term and the vocabulary entries above it.
    struct Resolved {
        acc: usize,
        up: Vec<usize>,
    }
    // Terms in the order first met; sorted by slug at the end.
    let mut accs: Vec<Acc> = Vec::new();
    let mut by_slug: HashMap<Slug, usize> = HashMap::new();
    let mut acc_of = |slug: Slug, entry: Option<usize>, accs: &mut Vec<Acc>| -> usize {
        *by_slug.entry(slug).or_insert_with_key(|slug| {
            accs.push(Acc {
                slug: slug.clone(),
                entry,
                source: String::new(),
                name: String::new(),
                direct: Vec::new(),
                rolled: Vec::new(),
            });
            accs.len() - 1
        })
    };
    // A site spells a few dozen terms thousands of times: each spelling is
    // resolved (folded to a slug, looked up) once.
    let mut spellings: HashMap<&str, Option<Resolved>> = HashMap::new();
    let mut per_briefing: Vec<Vec<usize>> = Vec::with_capacity(briefings.len());
    // The term made for each vocabulary entry met as a region above another.
    let mut entry_acc: Vec<Option<usize>> = vec![None; scheme.entries.len()];
    for (id, b) in briefings.iter().enumerate() {
        let names = match kind {
            TermKind::Topic => &b.topics,
            TermKind::Region => &b.regions,
        };
        let mut mine: Vec<usize> = Vec::with_capacity(names.len());
        // Vocabulary entries above the briefing's regions.
        let mut above: Vec<usize> = Vec::new();
        for n in names {
            let resolved = spellings.entry(n.value.as_str()).or_insert_with(|| {
                let entry = scheme.find(&n.value);
                if entry.is_none() && scheme.declared {
                    return None;
                }
                let slug =
                    entry.map_or_else(|| Slug::new(&n.value), |e| scheme.entries[e].id.clone());
                let acc = acc_of(slug, entry, &mut accs);
                // Ancestors as vocabulary entries: their terms are made when
                // rolled up, after the briefing's own (the first made for a
                // slug fixes its entry).
                let up = entry.map_or_else(Vec::new, |e| scheme.ancestors(e));
                Some(Resolved { acc, up })
            });
            let Some(r) = resolved else {
                diags.push(unknown_term(kind, scheme, &b.file, n));
                continue;
            };
            if mine.contains(&r.acc) {
                continue;
            }
            let acc = &mut accs[r.acc];
            // Named as the first file by path spells it (a vocabulary's
            // term takes the vocabulary's name instead).
            if acc.source.is_empty() || b.source < acc.source {
                acc.source = b.source.clone();
                acc.name = n.value.clone();
            }
            acc.direct.push(id);
            above.extend_from_slice(&r.up);
            mine.push(r.acc);
        }
        // Regions above the briefing's own: a term for each not met before,
        // made in slug order as a roll-up always made them.
        let mut fresh: Vec<usize> = above
            .iter()
            .copied()
            .filter(|&e| entry_acc[e].is_none())
            .collect();
        fresh
            .sort_unstable_by(|&a, &b| (&scheme.entries[a].id, a).cmp(&(&scheme.entries[b].id, b)));
        // Two of the briefing's regions may share a region above them.
        fresh.dedup();
        for e in fresh {
            entry_acc[e] = Some(acc_of(scheme.entries[e].id.clone(), Some(e), &mut accs));
        }
        let mut rolled: Vec<usize> = above.iter().filter_map(|&e| entry_acc[e]).collect();
        rolled.extend_from_slice(&mine);
        rolled.sort_unstable();
        rolled.dedup();
        for a in rolled {
            accs[a].rolled.push(id);
        }
        per_briefing.push(mine);
    }
    let mut order: Vec<usize> = (0..accs.len()).collect();
    order.sort_unstable_by(|&a, &b| accs[a].slug.cmp(&accs[b].slug));
    let mut index = vec![0; accs.len()];
    for (i, &a) in order.iter().enumerate() {
        index[a] = i;
    }
    let ids = per_briefing
        .iter()
        .map(|mine| mine.iter().map(|&a| index[a]).collect())
        .collect();
    let mut accs: Vec<Option<Acc>> = accs.into_iter().map(Some).collect();
    let mut terms: Vec<Term> = order
        .iter()
        .filter_map(|&a| accs[a].take())
        .map(|acc| {
            let known = acc.entry.map(|e| &scheme.entries[e]);
            let parents = known.map_or_else(Vec::new, |e| {
                e.parents
                    .iter()
                    .filter_map(|&p| by_slug.get(&scheme.entries[p].id).map(|&a| index[a]))
                    .collect()
            });
            Term {
                kind,
                name: known.map_or(acc.name, |e| e.name.clone()),
                description: known.map(|e| e.description.clone()).unwrap_or_default(),
                slug: acc.slug,
                briefings: acc.rolled,
                direct: acc.direct,
                parents,
                children: Vec::new(),
            }
        })
        .collect();
    for child in 0..terms.len() {
        for p in terms[child].parents.clone() {
            terms[p].children.push(child);
        }
    }
    (terms, ids, diags)
}

fn unknown_term(kind: TermKind, scheme: &Scheme, file: &str, n: &Spanned<String>) -> Diagnostic {
    let d = Diagnostic::error(
        file,
        Some(n.pos),
        "term/unknown",
        format!("unknown {} `{}`", kind.noun(), n.value),
    );
    match scheme.suggest(&n.value) {
        Some(s) => d.with_help(format!("did you mean `{s}`?")),
        None => d.with_help(format!(
            "use a {} declared under `{}:` in sitrep.yaml, or declare this one there",
            kind.noun(),
            kind.section()
        )),
    }
}

/// Topic × region pairs, with regions rolled up: "Energy in Asia" lists the
/// energy briefings tagged China.
fn intersect(placements: &[Placement], regions: &[Term]) -> Vec<Intersection> {
    let mut pairs: BTreeMap<(usize, usize), Vec<BriefingId>> = BTreeMap::new();
    for (r, term) in regions.iter().enumerate() {
        for &id in &term.briefings {
            for &t in &placements[id].topics {
                pairs.entry((t, r)).or_default().push(id);
            }
        }
    }
    pairs
        .into_iter()
        .map(|((topic, region), briefings)| Intersection {
            topic,
            region,
            briefings,
        })
        .collect()
}

impl Site {
    /// The URL of a briefing.
    pub fn briefing_url(&self, id: BriefingId) -> String {
        self.urls.link(&Route::briefing(&self.briefings[id].slug))
    }

    /// `regions` and every region above them, each once, in no set order.
    pub fn region_ancestry(&self, regions: &[usize]) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        let mut queue: Vec<usize> = regions.to_vec();
        while let Some(r) = queue.pop() {
            if !out.contains(&r) {
                out.push(r);
                queue.extend(&self.regions[r].parents);
            }
        }
        out
    }

    /// The terms of one kind.
    pub fn terms(&self, kind: TermKind) -> &[Term] {
        match kind {
            TermKind::Topic => &self.topics,
            TermKind::Region => &self.regions,
        }
    }

    /// The terms whose lists a briefing joined or left between `before`
    /// (where its id was `was`) and this site (where it is `id`), regions
    /// through a region inside them too, as indexes into this site's: their
    /// first pages change with the edit.
    pub fn terms_joined_or_left(
        &self,
        before: &Site,
        was: BriefingId,
        id: BriefingId,
    ) -> Vec<(TermKind, usize)> {
        // Lists are newest first, and ids are given in that order.
        let has = |t: &Term, id: BriefingId| t.briefings.binary_search(&id).is_ok();
        let mut out = Vec::new();
        for kind in [TermKind::Topic, TermKind::Region] {
            let old: HashMap<&str, bool> = before
                .terms(kind)
                .iter()
                .map(|t| (t.slug.as_str(), has(t, was)))
                .collect();
            for (i, t) in self.terms(kind).iter().enumerate() {
                if old.get(t.slug.as_str()).copied().unwrap_or(false) != has(t, id) {
                    out.push((kind, i));
                }
            }
        }
        out
    }
}

/// Builds a site in memory from `(slug, front matter lines)` pairs, for unit tests.
#[cfg(test)]
pub(crate) fn fixture(files: &[(&str, String)]) -> (Site, Diagnostics) {
    let files: Vec<crate::source::SourceFile> = files
        .iter()
        .map(|(slug, fm)| crate::source::SourceFile {
            rel: format!("{slug}.md"),
            display: format!("content/{slug}.md"),
            text: format!("---\ntitle: {slug}\n{fm}\n---\nText.\n"),
        })
        .collect();
    let (parsed, _) = crate::briefing::parse_all(&files, &Config::default());
    let mut opts = Options::new("/nonexistent");
    opts.future = true;
    assemble(parsed, Vec::new(), Config::default(), &opts)
}

#[cfg(test)]
impl Site {
    /// The shown id of the briefing with `slug`, for unit tests.
    pub(crate) fn id_of(&self, slug: &str) -> BriefingId {
        self.briefings
            .iter()
            .position(|b| b.slug.as_str() == slug)
            .expect("a briefing has that slug")
    }
}

#[cfg(test)]
mod terms_tests {
    use super::*;
    use crate::diag::Pos;
    use crate::vocab::{TermDef, Vocabulary};

    #[test]
    fn a_region_declared_twice_under_one_id_makes_no_empty_terms() {
        // `gaul` takes the gazetteer's spelling "France" as an alias, and
        // `france` is declared as well: one entry for that id all the same
        // (`vocab`), and no term without briefings.
        let def = |id: &str, aliases: &[&str], description: &str| TermDef {
            id: id.into(),
            name: None,
            description: description.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            parents: Vec::new(),
            file: "sitrep.yaml".into(),
            pos: Pos::new(1, 1),
        };
        let regions = [
            def("gaul", &["France"], ""),
            def("france", &[], "Our France."),
        ];
        let (vocab, _) = Vocabulary::new(None, Some(&regions));
        let files = [crate::source::SourceFile {
            rel: "a.md".into(),
            display: "content/a.md".into(),
            text:
                "---\ntitle: A\ndate: 2024-01-01\nregions: [France, French Republic]\n---\nText.\n"
                    .into(),
        }];
        let (briefings, _) = crate::briefing::parse_all(&files, &Config::default());
        let (terms, ids, _) = collect_terms(TermKind::Region, &briefings, &vocab.regions);
        let got: Vec<(String, Vec<BriefingId>)> = terms
            .iter()
            .map(|t| (t.slug.to_string(), t.briefings.clone()))
            .collect();
        assert!(
            terms.iter().all(|t| !t.briefings.is_empty()),
            "every term lists a briefing: {got:?}"
        );
        // Both spellings mean `france`, the gazetteer's, under its regions.
        let own: Vec<&str> = ids[0].iter().map(|&t| terms[t].slug.as_str()).collect();
        assert_eq!(own, ["france"]);
        assert_eq!(
            got.iter()
                .map(|(slug, _)| slug.as_str())
                .collect::<Vec<_>>(),
            ["europe", "france", "western-europe"]
        );
    }
}
