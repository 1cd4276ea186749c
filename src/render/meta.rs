//! What a page tells search engines, feed readers and link previews: the
//! canonical URL, description, Open Graph and Twitter card tags, the feed to
//! follow, and JSON-LD. Every page template gets it as `meta`;
//! `partials/meta.html` prints it inside `<head>`.

use crate::site::{BriefingId, Site, Term};
use crate::url::{Route, TermKind};
use serde::Serialize;
use serde_json::json;

/// Page metadata, available to every page template as `meta`.
#[derive(Debug, Serialize)]
pub struct Meta {
    /// Absolute URL of the page (`<link rel="canonical">`, `og:url`).
    pub canonical: String,
    /// Title for link previews (without the site name).
    pub title: String,
    /// One-line description: the summary, the term's description, or the site's.
    pub description: String,
    /// `og:type`: `article` for briefings, `website` for everything else.
    pub og_type: &'static str,
    /// `og:locale`, `en_GB` from the site's `language`.
    pub locale: String,
    /// Briefings: `date`, RFC 3339.
    pub published: Option<String>,
    /// Briefings: `updated` (else `date`), RFC 3339.
    pub modified: Option<String>,
    /// Briefings: topic and region names (`article:tag`).
    pub tags: Vec<String>,
    /// A feed for this page besides the site's (topic and region pages).
    pub feed: Option<FeedRef>,
    /// JSON-LD, already escaped for a `<script>` element: print with `| safe`.
    pub json_ld: Option<String>,
}

/// A feed to advertise with `<link rel="alternate">`.
#[derive(Debug, Serialize)]
pub struct FeedRef {
    /// Its title.
    pub title: String,
    /// Link to it.
    pub url: String,
}

impl Meta {
    /// A page that is neither a briefing nor a term: home, archive, matrix, ...
    pub fn page(site: &Site, route: &Route, title: &str, description: &str) -> Meta {
        let description = if description.is_empty() {
            &site.config.description
        } else {
            description
        };
        Meta {
            canonical: site.urls.absolute(route),
            title: title.to_string(),
            description: description.to_string(),
            og_type: "website",
            locale: site.config.language.replace('-', "_"),
            published: None,
            modified: None,
            tags: Vec::new(),
            feed: None,
            json_ld: None,
        }
    }

    /// A briefing: an article, with `NewsArticle` JSON-LD.
    pub fn briefing(site: &Site, id: BriefingId) -> Meta {
        let b = &site.briefings[id];
        let p = &site.placements[id];
        let route = Route::briefing(&b.slug);
        let mut meta = Meta::page(site, &route, &b.title, &b.summary);
        let published = b.date.timestamp.to_string();
        let modified = b
            .updated
            .as_ref()
            .map_or(b.date.timestamp, |u| u.value.timestamp)
            .to_string();
        meta.tags = p
            .topics
            .iter()
            .map(|&t| site.topics[t].name.clone())
            .chain(p.regions.iter().map(|&r| site.regions[r].name.clone()))
            .collect();
        let authors: Vec<_> = b
            .authors
            .iter()
            .map(|a| {
                // The desk's default byline is an organisation, not a person.
                let kind = if site.config.author.as_deref() == Some(a) {
                    "Organization"
                } else {
                    "Person"
                };
                json!({"@type": kind, "name": a})
            })
            .collect();
        let ld = json!({
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": b.title,
            "description": b.summary,
            "url": meta.canonical,
            "mainEntityOfPage": meta.canonical,
            "datePublished": published,
            "dateModified": modified,
            "author": authors,
            "keywords": meta.tags,
            "inLanguage": site.config.language,
            "publisher": {"@type": "Organization", "name": site.config.title},
        });
        meta.json_ld = Some(script_json(&ld));
        meta.og_type = "article";
        meta.published = Some(published);
        meta.modified = Some(modified);
        meta
    }

    /// A topic or region page: its feed, and a `BreadcrumbList` from the home
    /// page through the larger regions to this one.
    pub fn term(site: &Site, kind: TermKind, t: &Term, route: &Route, trail: &[&Term]) -> Meta {
        let mut meta = Meta::page(site, route, &t.name, &t.description);
        meta.feed = Some(FeedRef {
            title: format!("{}: {}", site.config.title, t.name),
            url: site.urls.link(&Route::term_feed(kind, &t.slug)),
        });
        let index = match kind {
            TermKind::Topic => "Topics",
            TermKind::Region => "Regions",
        };
        let mut crumbs = vec![
            (
                site.config.title.clone(),
                site.urls.absolute(&Route::home()),
            ),
            (
                index.to_string(),
                site.urls.absolute(&Route::term_index(kind)),
            ),
        ];
        crumbs.extend(trail.iter().map(|p| {
            (
                p.name.clone(),
                site.urls.absolute(&Route::term(kind, &p.slug, 1)),
            )
        }));
        crumbs.push((
            t.name.clone(),
            site.urls.absolute(&Route::term(kind, &t.slug, 1)),
        ));
        let items: Vec<_> = crumbs
            .into_iter()
            .enumerate()
            .map(|(i, (name, url))| {
                json!({"@type": "ListItem", "position": i + 1, "name": name, "item": url})
            })
            .collect();
        meta.json_ld = Some(script_json(&json!({
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": items,
        })));
        meta
    }
}

/// JSON that cannot end its `<script>` element or open a comment: `<`, `>`,
/// `&` and `'` become `\u` escapes, which JSON parsers read back unchanged.
pub fn script_json(value: &serde_json::Value) -> String {
    let text = serde_json::to_string(value).unwrap_or_default();
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\'' => out.push_str("\\u0027"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_the_script_and_reads_back_the_same() {
        let v = json!({"headline": "</script><script>alert('1')</script> & <!--"});
        let s = script_json(&v);
        assert!(!s.contains(['<', '>', '&', '\'']), "{s}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&s).unwrap(), v);
    }
}
