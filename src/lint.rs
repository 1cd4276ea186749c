//! Editorial checks on the briefings a build shows: what a desk editor would
//! send back before sign-off. Errors (an empty body, `updated` before `date`)
//! stop every build; warnings (no summary, no key takeaways, a briefing in
//! review without reviewers, two briefings with one title) are reported by
//! `sitrep check` and preview builds, where editors look, and not by public
//! builds, where they would only be noise in a deploy log.

use crate::briefing::Briefing;
use crate::diag::Diagnostic;
use crate::frontmatter::ReviewStatus;
use std::collections::HashMap;
use std::sync::Arc;

/// Checks every briefing; `warnings` adds the editorial warnings.
pub fn lint(briefings: &[Arc<Briefing>], warnings: bool) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut titles: HashMap<String, &Briefing> = HashMap::new();
    // By path, so "also used by" names the same file whatever the dates.
    let mut by_path: Vec<&Briefing> = briefings.iter().map(|b| &**b).collect();
    by_path.sort_by(|a, b| a.file.cmp(&b.file));
    for b in by_path {
        let title_pos = b.keys.get("title").copied();
        // A draft may be empty while it is written; previews show it as it is.
        if b.body.words == 0 && b.body.html.trim().is_empty() && b.status != ReviewStatus::Draft {
            out.push(
                Diagnostic::error(&b.file, title_pos, "briefing/empty-body", "the briefing has no body".into())
                    .with_help("write the briefing below the closing `---`, or set `status: draft` until it is written"),
            );
        }
        // By calendar date as written: an update later the same day is fine
        // whatever the time zones say.
        if let Some(u) = &b.updated
            && u.value.date < b.date.date
        {
            out.push(
                Diagnostic::error(
                    &b.file,
                    Some(u.pos),
                    "briefing/updated-before-date",
                    format!(
                        "`updated` ({}) is before `date` ({})",
                        u.value.date, b.date.date
                    ),
                )
                .with_help(
                    "`updated` is when the briefing last changed; it cannot precede publication",
                ),
            );
        }
        if !warnings {
            continue;
        }
        if !b.has_summary {
            out.push(
                Diagnostic::warning(
                    &b.file,
                    title_pos,
                    "briefing/no-summary",
                    "no `summary`".into(),
                )
                .with_help(
                    "add `summary:` with one or two sentences; lists, feeds and search show it",
                ),
            );
        }
        if b.takeaways.is_empty() && b.body.takeaways_html.is_none() {
            out.push(
                Diagnostic::warning(
                    &b.file,
                    title_pos,
                    "briefing/no-takeaways",
                    "no key takeaways".into(),
                )
                .with_help(
                    "add `takeaways:` in the front matter or a `## Key takeaways` list in the body",
                ),
            );
        }
        if b.status == ReviewStatus::Review && b.reviewers.is_empty() {
            out.push(
                Diagnostic::warning(
                    &b.file,
                    b.keys.get("status").copied(),
                    "review/no-reviewers",
                    "in review, but no `reviewers`".into(),
                )
                .with_help("name who signs it off: `reviewers: [Name]`"),
            );
        }
        let key = b
            .title
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        match titles.get(&key) {
            Some(first) => out.push(
                Diagnostic::warning(
                    &b.file,
                    title_pos,
                    "site/duplicate-title",
                    format!("title `{}` is also used by `{}`", b.title, first.file),
                )
                .with_help("readers tell briefings apart by title; make this one more specific"),
            ),
            None => {
                titles.insert(key, b);
            }
        }
    }
    out
}
