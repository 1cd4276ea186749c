//! Editorial policy: which briefings each kind of build shows, and the banner a
//! preview puts on those the public cannot see yet. The only module that
//! matches on `ReviewStatus`.

use crate::briefing::Briefing;
use crate::config::{Mode, Options};
use crate::frontmatter::ReviewStatus;
use serde::Serialize;

/// Whether and how a briefing appears in this build.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "lowercase")]
pub enum Visibility {
    /// Public: on every page, feed and index.
    Public,
    /// Only in a preview build, with a banner saying why it is not public.
    Preview {
        /// Banner text: `DRAFT`, `IN REVIEW`, `EMBARGOED UNTIL 3 Mar 2026 09:00 UTC`.
        banner: String,
        /// CSS-friendly status name: `draft`, `review`, `embargoed`.
        badge: &'static str,
    },
    /// Not in this build at all.
    Hidden,
}

impl Visibility {
    /// True unless hidden.
    pub fn is_shown(&self) -> bool {
        !matches!(self, Visibility::Hidden)
    }
}

/// Decides how `b` appears under `opts`.
pub fn visibility(b: &Briefing, opts: &Options) -> Visibility {
    let preview = |banner: String, badge| match opts.mode {
        Mode::Preview => Visibility::Preview { banner, badge },
        Mode::Public => Visibility::Hidden,
    };
    match b.status {
        ReviewStatus::Draft => return preview("DRAFT".into(), "draft"),
        ReviewStatus::Review => return preview("IN REVIEW".into(), "review"),
        ReviewStatus::Published => {}
    }
    if opts.future {
        return Visibility::Public;
    }
    let hold = b
        .embargo
        .as_ref()
        .map(|e| e.value.timestamp)
        .into_iter()
        .chain(Some(b.date.timestamp))
        .filter(|t| *t > opts.now)
        .max();
    match hold {
        Some(until) => preview(
            format!("EMBARGOED UNTIL {}", until.strftime("%-d %b %Y %H:%M UTC")),
            "embargoed",
        ),
        None => Visibility::Public,
    }
}
