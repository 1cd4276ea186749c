//! What each page is made from, as one number: a page whose key is the same
//! as last time would render to the same bytes, so `serve` keeps the page it
//! has instead of rendering it again (see [`crate::output::Sink::unchanged`]).
//!
//! A key hashes every input its page's template sees: the site-wide context
//! and settings, the page's own template plus the shared ones (`base.html`,
//! partials), each briefing whose body it shows by its [`Briefing::digest`]
//! (a hash of its source file), each briefing it lists by what its card
//! shows, and each term by its link. Anything a page context gains
//! must be added to its key here; `tests/suite/serve.rs` compares
//! incremental rebuilds with full ones to catch a forgotten input.
//!
//! [`Briefing::digest`]: crate::briefing::Briefing::digest

use super::{SiteContext, TermLink};
use crate::site::{BriefingId, Site};
use crate::theme::Theme;
use rustc_hash::FxHasher;
use serde::Serialize;
use std::hash::{Hash, Hasher};

/// A hasher for keys.
pub(crate) fn hasher() -> FxHasher {
    FxHasher::default()
}

/// Feeds a value's JSON form to a hasher: for the small contexts (list
/// headers, meta, term indexes) whose every field is an input.
pub(crate) fn hash_json<T: Serialize + ?Sized>(h: &mut FxHasher, value: &T) {
    struct Feed<'a>(&'a mut FxHasher);
    impl std::io::Write for Feed<'_> {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.write(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    // Writing into a hasher cannot fail; a value that cannot serialise
    // would fail its render too.
    let _ = serde_json::to_writer(Feed(h), value);
    h.write_u8(0xff);
}

/// Keys shared by many pages, computed once per render.
pub(crate) struct Keys {
    /// Settings, base URL, mode and the `site` context every template sees.
    pub site: u64,
    /// Per briefing: what its card shows (`render::card`).
    pub cards: Vec<u64>,
    /// Per topic, its link (name, URL, count).
    pub topics: Vec<u64>,
    /// Per region, its link.
    pub regions: Vec<u64>,
}

impl Keys {
    pub(crate) fn new(
        site: &Site,
        theme: &Theme,
        context: &SiteContext,
        topic_links: &[TermLink],
        region_links: &[TermLink],
    ) -> Keys {
        let mut h = hasher();
        format!("{:?}", site.config).hash(&mut h);
        site.urls.link(&crate::url::Route::home()).hash(&mut h);
        site.urls.absolute(&crate::url::Route::home()).hash(&mut h);
        hash_json(&mut h, context);
        hash_json(&mut h, &theme.statics.keys().collect::<Vec<_>>());
        let site_key = h.finish();
        let link_keys = |links: &[TermLink]| -> Vec<u64> {
            links
                .iter()
                .map(|l| {
                    let mut h = hasher();
                    l.hash(&mut h);
                    h.finish()
                })
                .collect()
        };
        let topics = link_keys(topic_links);
        let regions = link_keys(region_links);
        let card_template = theme.template_key("partials/card.html");
        let cards = (0..site.briefings.len())
            .map(|id| {
                let (b, p) = (&site.briefings[id], &site.placements[id]);
                let mut h = hasher();
                (site_key, card_template).hash(&mut h);
                // What `render::card` reads, and no more: an edit to the body
                // that keeps the summary and reading time changes no card.
                let d = b.date.date;
                (&b.title, &b.slug, (d.year(), d.month(), d.day())).hash(&mut h);
                (&b.summary, b.reading_minutes(), &b.authors).hash(&mut h);
                p.topics.iter().for_each(|&t| topics[t].hash(&mut h));
                p.regions.iter().for_each(|&r| regions[r].hash(&mut h));
                hash_json(&mut h, &p.visibility);
                p.superseded_by.is_some().hash(&mut h);
                h.finish()
            })
            .collect();
        Keys {
            site: site_key,
            cards,
            topics,
            regions,
        }
    }

    /// A hasher started with the site key and template `name`'s key.
    pub(crate) fn page(&self, theme: &Theme, name: &str) -> FxHasher {
        let mut h = hasher();
        (self.site, theme.template_key(name)).hash(&mut h);
        h
    }

    /// Adds the cards of `ids` (in order) to `h`.
    pub(crate) fn add_cards(&self, h: &mut FxHasher, ids: impl IntoIterator<Item = BriefingId>) {
        let mut n = 0usize;
        for id in ids {
            self.cards[id].hash(h);
            n += 1;
        }
        n.hash(h);
    }

    /// A briefing's body and its resolved links: what a page or feed entry
    /// printing the body depends on beyond the briefing's own file.
    pub(crate) fn add_body(&self, h: &mut FxHasher, site: &Site, id: BriefingId) {
        let p = &site.placements[id];
        site.briefings[id].digest.hash(h);
        p.links.hash(h);
        p.labels.hash(h);
    }
}
