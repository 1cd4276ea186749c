//! Supersedes chains: `supersedes: <slug>` marks an older briefing as replaced.
//! The older one points to the latest briefing of its chain (A→B→C shows C);
//! unknown targets and cycles are errors at the `supersedes` line.

use super::BriefingId;
use crate::briefing::Briefing;
use crate::diag::{Diagnostic, Diagnostics};
use std::collections::HashMap;
use std::sync::Arc;

/// Who replaces whom, by shown id.
#[derive(Debug, Default, Clone)]
pub(super) struct Chains {
    /// Per briefing: the briefings it replaces.
    pub supersedes: Vec<Vec<BriefingId>>,
    /// Per briefing: the latest briefing of its chain, when it is replaced.
    pub superseded_by: Vec<Option<BriefingId>>,
}

pub(super) fn resolve(
    briefings: &[Arc<Briefing>],
    all_slugs: &HashMap<String, String>,
    diags: &mut Diagnostics,
) -> Chains {
    let by_slug: HashMap<&str, BriefingId> = briefings
        .iter()
        .enumerate()
        .map(|(i, b)| (b.slug.as_str(), i))
        .collect();
    let mut chains = Chains {
        supersedes: vec![Vec::new(); briefings.len()],
        superseded_by: vec![None; briefings.len()],
    };
    let mut direct: Vec<Option<BriefingId>> = vec![None; briefings.len()];
    for (id, b) in briefings.iter().enumerate() {
        for s in &b.supersedes {
            let slug = crate::slug::Slug::new(&s.value);
            match by_slug.get(slug.as_str()) {
                Some(&old) if old == id => diags.push(Diagnostic::error(
                    &b.file,
                    Some(s.pos),
                    "supersedes/self",
                    "a briefing cannot supersede itself".into(),
                )),
                // Named twice (`[a, A]`): listed once.
                Some(&old) if chains.supersedes[id].contains(&old) => {}
                Some(&old) => {
                    chains.supersedes[id].push(old);
                    // With two successors, the newer one (lower id) wins.
                    if direct[old].is_none_or(|cur| id < cur) {
                        direct[old] = Some(id);
                    }
                }
                // Known but not shown in this build (a draft): nothing to link.
                None if all_slugs.contains_key(slug.as_str()) => {}
                None => {
                    let mut d = Diagnostic::error(
                        &b.file,
                        Some(s.pos),
                        "supersedes/unknown",
                        format!("`supersedes` names unknown briefing `{}`", s.value),
                    );
                    if let Some(near) =
                        crate::diag::suggest(slug.as_str(), all_slugs.keys().map(String::as_str))
                    {
                        d = d.with_help(format!("did you mean `{near}`?"));
                    }
                    diags.push(d);
                }
            }
        }
    }
    for (start, b) in briefings.iter().enumerate() {
        let mut seen = vec![start];
        let mut cur = start;
        while let Some(next) = direct[cur] {
            if seen.contains(&next) {
                let pos = b.keys.get("supersedes").copied();
                if !b.supersedes.is_empty() {
                    diags.push(
                        Diagnostic::error(
                            &b.file,
                            pos,
                            "supersedes/cycle",
                            "`supersedes` forms a cycle".into(),
                        )
                        .with_help(format!(
                            "the chain returns to `{}`; remove one `supersedes` entry",
                            b.slug
                        )),
                    );
                }
                break;
            }
            seen.push(next);
            cur = next;
            chains.superseded_by[start] = Some(next);
        }
    }
    chains
}

#[cfg(test)]
mod tests {
    fn by(site: &crate::site::Site, slug: &str) -> Option<String> {
        site.placements[site.id_of(slug)]
            .superseded_by
            .map(|i| site.briefings[i].slug.to_string())
    }

    #[test]
    fn chains_point_to_the_latest() {
        let (s, d) = crate::site::fixture(&[
            ("a", "date: 2022-01-01".into()),
            ("b", "date: 2023-01-01\nsupersedes: a".into()),
            ("c", "date: 2024-01-01\nsupersedes: [b, B]".into()),
        ]);
        assert!(d.is_empty(), "{d}");
        assert_eq!(by(&s, "a").as_deref(), Some("c"));
        assert_eq!(by(&s, "b").as_deref(), Some("c"));
        assert_eq!(by(&s, "c"), None);
        assert_eq!(s.placements[s.id_of("c")].supersedes, [s.id_of("b")]);
    }

    #[test]
    fn a_new_date_in_a_chain_waits_for_the_full_assembly() {
        let site = |c_date: &str| {
            crate::site::fixture(&[
                ("a", "date: 2022-01-01".into()),
                ("b", "date: 2023-01-01\nsupersedes: a".into()),
                ("c", format!("date: {c_date}\nsupersedes: a")),
                ("d", "date: 2021-01-01".into()),
            ])
            .0
        };
        let (before, after) = (site("2024-01-01"), site("2022-06-01"));
        // Of two successors the newer wins, so the date decides.
        assert_eq!(by(&before, "a").as_deref(), Some("c"));
        assert_eq!(by(&after, "a").as_deref(), Some("b"));
        let mut opts = crate::config::Options::new("/nonexistent");
        opts.future = true;
        let c = after.briefings[after.id_of("c")].clone();
        assert!(before.with_edit(before.id_of("c"), c, &opts).is_none());
        // Outside a chain, a new date is served first.
        let moved = site("2024-01-01");
        let d = crate::site::fixture(&[("d", "date: 2025-01-01".into())]).0;
        let d = d.briefings[0].clone();
        let (quick, d) = moved
            .with_edit(moved.id_of("d"), d, &opts)
            .expect("d is in no chain");
        assert_eq!((quick.id_of("d"), d), (0, 0));
        assert_eq!(by(&quick, "a").as_deref(), Some("c"));
    }

    #[test]
    fn unknown_targets_and_cycles_are_errors_with_lines() {
        let (_, d) = crate::site::fixture(&[
            ("a", "date: 2022-01-01\nsupersedes: b".into()),
            ("b", "date: 2023-01-01\nsupersedes: a".into()),
            ("c", "date: 2024-01-01\nsupersedes: [nope-x]".into()),
        ]);
        let text = d.to_string();
        assert!(
            text.contains("content/a.md:4:1: error[supersedes/cycle]: `supersedes` forms a cycle"),
            "{text}"
        );
        assert!(text.contains("content/c.md:4:14: error[supersedes/unknown]: `supersedes` names unknown briefing `nope-x`"), "{text}");
    }
}
