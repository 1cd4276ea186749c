//! Related briefings: the five that share the most, and the rarest, topics and
//! regions. Scores add each shared term's inverse document frequency; ties go
//! to the briefing closest in date, then by slug. Never the briefing itself.
//!
//! To stay near-linear on large sites, a term used by more than `WINDOW`
//! briefings contributes only the `WINDOW` nearest in date: a common term adds
//! little to a score, and the date tie-break prefers near briefings anyway.

use super::{BriefingId, Placement};
use crate::briefing::Briefing;
use std::sync::Arc;

/// How many related briefings each page gets.
pub const RELATED: usize = 5;
/// The most candidates one term contributes.
const WINDOW: usize = 256;

/// Related briefings of every briefing, best first; `None` when `stop`
/// says on the way that they are no longer wanted (the longest stage of
/// assembly, which a newer save in `serve` should not wait for).
pub(super) fn score_all(
    briefings: &[Arc<Briefing>],
    placements: &[Placement],
    n_topics: usize,
    postings: &[&[BriefingId]],
    stop: &(dyn Fn() -> bool + Sync),
) -> Option<Vec<Vec<BriefingId>>> {
    let all: Vec<BriefingId> = (0..briefings.len()).collect();
    score(briefings, placements, n_topics, postings, &all, stop)
}

/// Related briefings of each of `ids`, best first, unless `stop` says on
/// the way that they are no longer wanted; the same lists as [`score_all`]
/// gives them.
pub(super) fn score(
    briefings: &[Arc<Briefing>],
    placements: &[Placement],
    n_topics: usize,
    postings: &[&[BriefingId]],
    ids: &[BriefingId],
    stop: &(dyn Fn() -> bool + Sync),
) -> Option<Vec<Vec<BriefingId>>> {
    let n = briefings.len() as f64;
    let idf: Vec<f64> = postings
        .iter()
        .map(|p| ((n + 1.0) / p.len().max(1) as f64).ln())
        .collect();
    let terms_of = |p: &Placement| -> Vec<usize> {
        p.topics
            .iter()
            .copied()
            .chain(p.regions.iter().map(|r| n_topics + r))
            .collect()
    };
    let dates: Vec<i64> = briefings
        .iter()
        .map(|b| b.date.timestamp.as_second())
        .collect();
    // Ties go by slug; comparing ranks instead of strings keeps the
    // selection below on integers.
    let mut by_slug: Vec<BriefingId> = (0..briefings.len()).collect();
    by_slug.sort_unstable_by(|&a, &b| briefings[a].slug.cmp(&briefings[b].slug));
    let mut slug_rank = vec![0; briefings.len()];
    for (rank, &id) in by_slug.iter().enumerate() {
        slug_rank[id] = rank;
    }
    use rayon::prelude::*;
    ids.par_iter()
        .copied()
        // Few, long jobs: each starts with a zeroed array as long as the site.
        .with_min_len(256)
        // One score per briefing, reused across the briefings a thread
        // scores: adding into an array beats hashing each candidate.
        .map_init(
            || (vec![0.0f64; briefings.len()], Vec::new()),
            |(scores, touched), id| {
                if stop() {
                    return None;
                }
                for t in terms_of(&placements[id]) {
                    let list = postings[t];
                    let at = list.partition_point(|&x| x < id);
                    let lo = at.saturating_sub(WINDOW / 2);
                    let hi = (lo + WINDOW).min(list.len());
                    let lo = hi.saturating_sub(WINDOW);
                    for &other in &list[lo..hi] {
                        if scores[other] == 0.0 {
                            touched.push(other);
                        }
                        scores[other] += idf[t];
                    }
                }
                let date = dates[id];
                // Only the best few matter: keep them sorted while scanning.
                let mut best: Vec<(std::cmp::Reverse<i64>, i64, usize, BriefingId)> =
                    Vec::with_capacity(RELATED + 1);
                for o in touched.drain(..) {
                    let score = std::mem::take(&mut scores[o]);
                    if o == id {
                        continue;
                    }
                    let key = (
                        std::cmp::Reverse(ordered(score)),
                        (dates[o] - date).abs(),
                        slug_rank[o],
                        o,
                    );
                    if best.len() == RELATED && key >= best[RELATED - 1] {
                        continue;
                    }
                    let at = best.partition_point(|b| *b < key);
                    best.insert(at, key);
                    best.truncate(RELATED);
                }
                Some(best.into_iter().map(|(.., o)| o).collect())
            },
        )
        .collect()
}

/// Scores as integers (micro-units) so they order totally and ties are exact.
fn ordered(score: f64) -> i64 {
    // Scores are positive: adding a half and truncating rounds, without the
    // library call `f64::round` makes.
    (score * 1_000_000.0 + 0.5) as i64
}

#[cfg(test)]
mod tests {
    fn site(specs: &[(&str, &str, &str, &str)]) -> crate::site::Site {
        let files: Vec<(&str, String)> = specs
            .iter()
            .map(|(slug, date, topics, regions)| {
                (
                    *slug,
                    format!("date: {date}\ntopics: [{topics}]\nregions: [{regions}]"),
                )
            })
            .collect();
        crate::site::fixture(&files).0
    }
    fn related_of(site: &crate::site::Site, slug: &str) -> Vec<String> {
        site.placements[site.id_of(slug)]
            .related
            .iter()
            .map(|&r| site.briefings[r].slug.to_string())
            .collect()
    }

    #[test]
    fn related_prefers_rare_shared_terms_then_nearer_dates() {
        let s = site(&[
            ("a", "2024-01-05", "energy", "arctic"),
            ("b", "2024-01-04", "energy", "arctic"),
            ("c", "2024-01-01", "energy", "china"),
            ("d", "2024-01-03", "military", "china"),
            ("e", "2023-01-01", "energy", "arctic"),
        ]);
        assert_eq!(related_of(&s, "a"), ["b", "e", "c"]);
        assert_eq!(related_of(&s, "d"), ["c"]);
        assert_eq!(related_of(&s, "c"), ["d", "b", "a", "e"]);
    }

    #[test]
    fn a_new_date_moves_the_briefing_as_a_full_assembly_does() {
        let specs = [
            ("a", "2024-01-05", "energy", "arctic"),
            ("b", "2024-01-04", "energy", "arctic"),
            ("c", "2024-01-03", "military", "china"),
            ("d", "2024-01-02", "energy", "china"),
            ("e", "2024-01-01", "energy", "arctic"),
        ];
        // Every other briefing links to c, so c's backlinks follow the order.
        let site = |specs: &[(&str, &str, &str, &str)]| {
            let files: Vec<(&str, String)> = specs
                .iter()
                .map(|(slug, date, topics, regions)| {
                    let body = if *slug == "c" { "" } else { "See [[c]].\n" };
                    let fm = format!("date: {date}\ntopics: [{topics}]\nregions: [{regions}]");
                    (*slug, format!("{fm}\n---\n{body}"))
                })
                .collect();
            crate::site::fixture(&files).0
        };
        let before = site(&specs);
        assert_eq!(before.placements[before.id_of("c")].backlinks.len(), 4);
        let mut opts = crate::config::Options::new("/nonexistent");
        opts.future = true;
        let slugs = |s: &crate::site::Site| -> Vec<String> {
            s.briefings.iter().map(|b| b.slug.to_string()).collect()
        };
        for (slug, date) in [
            ("d", "2024-02-01"),           // to the front
            ("b", "2023-12-01"),           // to the back
            ("a", "2024-01-04"),           // a tie with b, and first by slug
            ("e", "2024-01-03"),           // a tie with c, and after it by slug
            ("c", "2024-01-02"),           // a tie with d: moves one place
            ("c", "2024-01-03T09:00:00Z"), // a time on the same day: stays
        ] {
            let mut changed = specs;
            changed
                .iter_mut()
                .find(|s| s.0 == slug)
                .expect("a slug of specs")
                .1 = date;
            let after = site(&changed);
            let (quick, now) = before
                .with_edit(
                    before.id_of(slug),
                    after.briefings[after.id_of(slug)].clone(),
                    &opts,
                )
                .expect("a new date is served first");
            let what = format!("{slug} on {date}");
            assert_eq!(now, after.id_of(slug), "{what}");
            assert_eq!(slugs(&quick), slugs(&after), "{what}");
            assert_eq!(related_of(&quick, slug), related_of(&after, slug), "{what}");
            for (q, full) in quick.placements.iter().zip(&after.placements) {
                assert_eq!(
                    (&q.topics, &q.regions),
                    (&full.topics, &full.regions),
                    "{what}"
                );
                assert_eq!(q.backlinks, full.backlinks, "{what}");
            }
            for (q, full) in quick
                .topics
                .iter()
                .chain(&quick.regions)
                .zip(after.topics.iter().chain(&after.regions))
            {
                assert_eq!(
                    (&q.briefings, &q.direct),
                    (&full.briefings, &full.direct),
                    "{what}"
                );
            }
            assert_eq!(
                format!("{:?}", quick.intersections),
                format!("{:?}", after.intersections),
                "{what}"
            );
        }
    }

    #[test]
    fn an_edit_to_one_briefings_terms_scores_it_as_a_full_assembly_does() {
        let before = site(&[
            ("a", "2024-01-05", "energy", "arctic"),
            ("b", "2024-01-04", "energy", "arctic"),
            ("c", "2024-01-03", "military", "china"),
            ("d", "2024-01-02", "military", "china"),
            ("e", "2024-01-01", "energy", "china"),
        ]);
        let after = site(&[
            ("a", "2024-01-05", "military", "china"),
            ("b", "2024-01-04", "energy", "arctic"),
            ("c", "2024-01-03", "military", "china"),
            ("d", "2024-01-02", "military", "china"),
            ("e", "2024-01-01", "energy", "china"),
        ]);
        let id = before.id_of("a");
        let mut opts = crate::config::Options::new("/nonexistent");
        opts.future = true;
        let quick = before
            .with_edit(id, after.briefings[id].clone(), &opts)
            .expect("same terms in the site, only a's changed")
            .0;
        assert_ne!(related_of(&before, "a"), related_of(&after, "a"));
        assert_eq!(related_of(&quick, "a"), related_of(&after, "a"));
        assert_eq!(quick.placements[id].topics, after.placements[id].topics);
        assert_eq!(quick.placements[id].regions, after.placements[id].regions);
        // A term the site did not have, first by slug: every briefing's
        // topic indexes move, as the full assembly numbers them.
        let new_term = site(&[
            ("a", "2024-01-05", "climate", "arctic"),
            ("b", "2024-01-04", "energy", "arctic"),
            ("c", "2024-01-03", "military", "china"),
            ("d", "2024-01-02", "military", "china"),
            ("e", "2024-01-01", "energy", "china"),
        ]);
        let quick = before
            .with_edit(id, new_term.briefings[id].clone(), &opts)
            .expect("a new term is counted again, not refused")
            .0;
        let slugs = |s: &crate::site::Site| -> Vec<String> {
            s.topics.iter().map(|t| t.slug.to_string()).collect()
        };
        assert_eq!(slugs(&quick), ["climate", "energy", "military"]);
        assert_eq!(slugs(&quick), slugs(&new_term));
        for (q, full) in quick.placements.iter().zip(&new_term.placements) {
            assert_eq!((&q.topics, &q.regions), (&full.topics, &full.regions));
        }
        assert_eq!(
            format!("{:?}", quick.intersections),
            format!("{:?}", new_term.intersections)
        );
        assert_eq!(related_of(&quick, "a"), related_of(&new_term, "a"));
    }

    #[test]
    fn related_is_capped_and_never_itself() {
        let specs: Vec<(String, String)> = (0..12)
            .map(|i| (format!("s{i:02}"), format!("2024-02-{:02}", i + 1)))
            .collect();
        let refs: Vec<(&str, &str, &str, &str)> = specs
            .iter()
            .map(|(s, d)| (s.as_str(), d.as_str(), "energy", "arctic"))
            .collect();
        let s = site(&refs);
        let r = related_of(&s, "s05");
        assert_eq!(r.len(), super::RELATED);
        assert!(!r.contains(&"s05".to_string()));
        assert_eq!(r[..2], ["s04".to_string(), "s06".to_string()]);
    }
}
