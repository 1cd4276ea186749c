//! The review dashboard (`/review/`), only in preview builds: every briefing
//! grouped by status, with who wrote it, who signs it off, its dates, length
//! and the check warnings on its file, so a desk editor sees what awaits
//! sign-off.

use super::human_date;
use crate::briefing::Briefing;
use crate::diag::Diagnostics;
use crate::error::Result;
use crate::frontmatter::ReviewStatus;
use crate::output::OutputFile;
use crate::review::Visibility;
use crate::site::Site;
use crate::theme::Theme;
use crate::url::Route;
use serde::Serialize;
use std::collections::HashMap;
use tera::Context;

/// The dashboard, available to `review.html` as `page`.
#[derive(Debug, Serialize)]
pub struct DashboardContext {
    /// Groups in workflow order: in review, draft, embargoed, published.
    pub groups: Vec<StatusGroup>,
    /// Briefings in all groups.
    pub total: usize,
    /// Errors and warnings across the site.
    pub problems: usize,
}

/// Briefings sharing one status.
#[derive(Debug, Serialize)]
pub struct StatusGroup {
    /// `review`, `draft`, `embargoed`, `published`.
    pub status: &'static str,
    /// Heading: `In review`.
    pub title: &'static str,
    /// Newest first.
    pub rows: Vec<DashboardRow>,
}

/// One briefing on the dashboard.
#[derive(Debug, Serialize)]
pub struct DashboardRow {
    /// Title.
    pub title: String,
    /// Link to the preview page.
    pub url: String,
    /// Source path relative to the site root.
    pub source: String,
    /// Authors.
    pub authors: Vec<String>,
    /// Reviewers.
    pub reviewers: Vec<String>,
    /// `3 Mar 2026`.
    pub date: String,
    /// ISO date.
    pub date_iso: String,
    /// Last update, if any.
    pub updated: Option<String>,
    /// Words in the body.
    pub words: usize,
    /// `line:col: severity[rule]: message` for each diagnostic on its file.
    pub problems: Vec<String>,
}

const GROUPS: [(&str, &str); 4] = [
    ("review", "In review"),
    ("draft", "Drafts"),
    ("embargoed", "Embargoed or scheduled"),
    ("published", "Published"),
];

fn status_of(b: &Briefing, v: &Visibility) -> &'static str {
    match (b.status, v) {
        (ReviewStatus::Review, _) => "review",
        (ReviewStatus::Draft, _) => "draft",
        (_, Visibility::Preview { .. }) => "embargoed",
        _ => "published",
    }
}

/// Renders `/review/`.
pub(super) fn render(site: &Site, theme: &Theme, diags: &Diagnostics) -> Result<OutputFile> {
    let mut by_file: HashMap<&str, Vec<String>> = HashMap::new();
    for d in diags {
        let at = d
            .pos
            .map(|p| format!("{}:{}: ", p.line, p.col))
            .unwrap_or_default();
        by_file.entry(d.file.as_str()).or_default().push(format!(
            "{at}{}[{}]: {}",
            d.severity.as_str(),
            d.rule,
            d.message
        ));
    }
    let mut groups: Vec<StatusGroup> = GROUPS
        .iter()
        .map(|&(status, title)| StatusGroup {
            status,
            title,
            rows: Vec::new(),
        })
        .collect();
    for (id, (b, p)) in site.briefings.iter().zip(&site.placements).enumerate() {
        let status = status_of(b, &p.visibility);
        let row = DashboardRow {
            title: b.title.clone(),
            url: site.briefing_url(id),
            source: b.file.clone(),
            authors: b.authors.clone(),
            reviewers: b.reviewers.clone(),
            date: human_date(&b.date),
            date_iso: b.date.date.to_string(),
            updated: b.updated.as_ref().map(|u| human_date(&u.value)),
            words: b.body.words,
            problems: by_file.remove(b.file.as_str()).unwrap_or_default(),
        };
        if let Some(g) = groups.iter_mut().find(|g| g.status == status) {
            g.rows.push(row);
        }
    }
    let page = DashboardContext {
        total: site.briefings.len(),
        problems: diags.len(),
        groups,
    };
    let mut ctx = Context::new();
    ctx.insert("page", &page);
    let route = Route::review();
    let html = theme.render("review.html", &ctx, route.as_str())?;
    Ok(OutputFile::new(route.output_file(), html.into_bytes()))
}
