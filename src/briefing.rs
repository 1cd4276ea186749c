//! Stage 2: a `SourceFile` becomes a `Briefing`: front matter typed, body
//! scanned and rendered once (links left as slots for stage 3).
//!
//! Input: `Vec<SourceFile>`. Output: `Vec<Briefing>` and diagnostics. A file
//! with front-matter errors gives no briefing, only its diagnostics.

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics, Pos};
use crate::frontmatter::{self, FrontMatter, Moment, ReviewStatus, Spanned};
use crate::markdown::{self, Scan};
use crate::search::{Vocabulary, Words};
use crate::slug::Slug;
use crate::source::SourceFile;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// One parsed briefing.
#[derive(Debug, Clone)]
pub struct Briefing {
    /// Path relative to `content/`, `/`-separated.
    pub source: String,
    /// Path relative to the site root, for diagnostics.
    pub file: String,
    /// URL name, from `slug:` or the file name.
    pub slug: Slug,
    /// Where `slug:` was written, if it was.
    pub slug_pos: Option<Pos>,
    /// Title.
    pub title: String,
    /// Publication date.
    pub date: Moment,
    /// Last substantive update.
    pub updated: Option<Spanned<Moment>>,
    /// Not public before this.
    pub embargo: Option<Spanned<Moment>>,
    /// Topic names as written.
    pub topics: Vec<Spanned<String>>,
    /// Region names as written.
    pub regions: Vec<Spanned<String>>,
    /// `summary:`, else the first takeaway, else the first paragraph: the
    /// text of cards, feeds and page descriptions.
    pub summary: String,
    /// Whether `summary:` was given.
    pub has_summary: bool,
    /// Authors (the site's default author when none are given).
    pub authors: Vec<String>,
    /// Reviewers.
    pub reviewers: Vec<String>,
    /// Workflow status.
    pub status: ReviewStatus,
    /// Key takeaways as plain text.
    pub takeaways: Vec<String>,
    /// Slugs this briefing replaces.
    pub supersedes: Vec<Spanned<String>>,
    /// Old paths that redirect here.
    pub aliases: Vec<Spanned<String>>,
    /// Custom front-matter fields.
    pub extra: BTreeMap<String, serde_json::Value>,
    /// Positions of front-matter keys.
    pub keys: BTreeMap<String, Pos>,
    /// The rendered body and what was found in it.
    pub body: Scan,
    /// A hash of the source file's path and text: equal digests, equal
    /// briefings. Pages are keyed by it (`render::keys`).
    pub digest: u64,
    /// Its words for the search index, found here on every core rather
    /// than by the index's one thread.
    pub search: Words,
}

/// Parses every source on all cores; the result keeps the sources' order.
/// Their search words are numbered in a new [`Vocabulary`].
pub fn parse_all(files: &[SourceFile], config: &Config) -> (Vec<Arc<Briefing>>, Diagnostics) {
    let vocabulary = Vocabulary::new();
    let results: Vec<(Option<Briefing>, Vec<Diagnostic>)> = files
        .par_iter()
        .map(|f| parse(f, config, &vocabulary))
        .collect();
    let mut briefings = Vec::with_capacity(results.len());
    let mut diags = Diagnostics::default();
    for (b, d) in results {
        briefings.extend(b.map(Arc::new));
        diags.extend(d);
    }
    (briefings, diags)
}

/// A hash of a source file's path and text: what [`Briefing::digest`] holds,
/// and how `serve` tells a file saved unchanged from an edit.
pub fn digest(file: &SourceFile) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    (&file.rel, &file.text).hash(&mut h);
    h.finish()
}

/// Parses one source file, numbering its search words in `vocabulary`.
pub fn parse(
    file: &SourceFile,
    config: &Config,
    vocabulary: &Arc<Vocabulary>,
) -> (Option<Briefing>, Vec<Diagnostic>) {
    let split = match frontmatter::split(&file.text) {
        Ok(s) => s,
        Err((pos, msg, help)) => {
            let d = Diagnostic::error(&file.display, Some(pos), "front-matter/missing", msg)
                .with_help(help);
            return (None, vec![d]);
        }
    };
    let (fm, mut diags) = frontmatter::parse(&split, &file.display);
    if diags
        .iter()
        .any(|d| d.severity == crate::diag::Severity::Error)
    {
        return (None, diags);
    }
    let FrontMatter {
        title,
        date,
        updated,
        embargo,
        topics,
        regions,
        summary,
        mut authors,
        reviewers,
        status,
        slug,
        takeaways,
        supersedes,
        aliases,
        extra,
        keys,
    } = fm;
    let Some(date) = date else {
        return (None, diags);
    };
    if title.trim().is_empty() {
        diags.push(Diagnostic::error(
            &file.display,
            keys.get("title").copied(),
            "front-matter/empty-title",
            "`title` is empty".into(),
        ));
        return (None, diags);
    }
    let mut body = markdown::scan(split.body, split.body_line, config.trusted_html);
    let text = body.take_text();
    if body.html_too_deep {
        diags.push(
            Diagnostic::warning(
                &file.display,
                Some(Pos::new(split.body_line, 1)),
                "body/html-too-deep",
                format!(
                    "raw HTML nested more than {} elements deep is shown as text",
                    markdown::MAX_HTML_DEPTH
                ),
            )
            .with_help("simplify the HTML; no briefing needs elements nested this deeply"),
        );
    }
    for pos in &body.script_urls {
        diags.push(
            Diagnostic::warning(&file.display, Some(*pos), "link/script-url", "a link to a `javascript:`, `vbscript:` or `data:` URL was removed; its text stays".into())
                .with_help("link to pages and files, not to code; only a site that sets `trusted_html: true` keeps such links"),
        );
    }
    let stem = file
        .rel
        .rsplit('/')
        .next()
        .unwrap_or(&file.rel)
        .trim_end_matches(".md");
    let (slug, slug_pos) = match slug {
        Some(s) => (Slug::new(&s.value), Some(s.pos)),
        None => (Slug::new(stem), None),
    };
    if authors.is_empty()
        && let Some(a) = config.author.as_deref()
    {
        authors.push(a.to_string());
    }
    let takeaways = if body.takeaways.is_empty() {
        takeaways
    } else {
        body.takeaways.clone()
    };
    let has_summary = summary.as_deref().is_some_and(|s| !s.trim().is_empty());
    let summary = summary
        .filter(|s| !s.trim().is_empty())
        .or_else(|| takeaways.first().cloned())
        .or_else(|| Some(body.first_paragraph.clone()).filter(|p| !p.is_empty()))
        .unwrap_or_default();
    let digest = digest(file);
    let mut b = Briefing {
        source: file.rel.clone(),
        file: file.display.clone(),
        slug,
        slug_pos,
        title,
        date: date.value,
        updated,
        embargo,
        topics,
        regions,
        summary,
        has_summary,
        authors,
        reviewers,
        status,
        takeaways,
        supersedes,
        aliases,
        extra,
        keys,
        body,
        digest,
        search: Words::none(vocabulary),
    };
    b.search = Words::new(vocabulary, &b, &text);
    (Some(b), diags)
}

impl Briefing {
    /// Reading time in whole minutes at 220 words a minute, at least 1.
    pub fn reading_minutes(&self) -> usize {
        self.body.words.div_ceil(220).max(1)
    }

    /// The folder of the source, relative to `content/`, with a trailing `/` (or empty).
    pub fn source_dir(&self) -> &str {
        self.source.rfind('/').map_or("", |i| &self.source[..=i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`super::parse`] with search words numbered in a vocabulary of its own.
    fn parse(file: &SourceFile, config: &Config) -> (Option<Briefing>, Vec<Diagnostic>) {
        super::parse(file, config, &Vocabulary::new())
    }

    fn src(text: &str) -> SourceFile {
        SourceFile {
            rel: "2024/gas-deal.md".into(),
            display: "content/2024/gas-deal.md".into(),
            text: text.into(),
        }
    }

    #[test]
    fn slug_comes_from_file_name_unless_given() {
        let (b, _) = parse(
            &src("---\ntitle: T\ndate: 2024-01-01\n---\nBody text.\n"),
            &Config::default(),
        );
        assert_eq!(b.unwrap().slug.as_str(), "gas-deal");
        let (b, _) = parse(
            &src("---\ntitle: T\ndate: 2024-01-01\nslug: Other Name\n---\n"),
            &Config::default(),
        );
        assert_eq!(b.unwrap().slug.as_str(), "other-name");
    }

    #[test]
    fn summary_falls_back_to_first_takeaway_then_first_paragraph() {
        let (b, _) = parse(
            &src(
                "---\ntitle: T\ndate: 2024-01-01\n---\n## Key takeaways\n\n- K1\n\nThe *first* para.\n",
            ),
            &Config {
                author: Some("Desk".into()),
                ..Config::default()
            },
        );
        let b = b.unwrap();
        assert_eq!(b.summary, "K1");
        assert_eq!(b.takeaways, ["K1"]);
        assert_eq!(b.authors, ["Desk"]);
        let (b, _) = parse(
            &src("---\ntitle: T\ndate: 2024-01-01\n---\nThe *first* para.\n\nMore.\n"),
            &Config::default(),
        );
        assert_eq!(b.unwrap().summary, "The first para.");
    }

    #[test]
    fn front_matter_errors_give_no_briefing() {
        let (b, d) = parse(
            &src("---\ntitle: [a]\ndate: 2024-01-01\n---\n"),
            &Config::default(),
        );
        assert!(b.is_none());
        assert_eq!(d[0].pos, Some(Pos::new(2, 1)));
    }
}
