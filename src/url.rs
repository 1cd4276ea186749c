//! Every URL of the site comes from here, so every one honours the base path
//! of a GitHub Pages project site (`https://owner.github.io/repo/`).
//!
//! A `Route` is a page's place in the output, relative and `/`-separated
//! (`briefings/gas-deal/`); `Urls` turns it into a link (`/repo/briefings/gas-deal/`)
//! or an absolute URL for feeds and metadata. Routes are built from slugs and
//! checked path segments only, so none can leave the output folder.

use crate::slug::Slug;
use serde::Serialize;

/// A page or file's place in the output, relative, without a leading `/`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Route(String);

/// Kinds of taxonomy terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TermKind {
    /// A topic: energy, military, ...
    Topic,
    /// A region: china, arctic, ...
    Region,
}

impl TermKind {
    /// The URL section: `topics` or `regions`.
    pub fn section(self) -> &'static str {
        match self {
            TermKind::Topic => "topics",
            TermKind::Region => "regions",
        }
    }

    /// Singular noun for messages.
    pub fn noun(self) -> &'static str {
        match self {
            TermKind::Topic => "topic",
            TermKind::Region => "region",
        }
    }
}

impl Route {
    /// The home page.
    pub fn home() -> Route {
        Route(String::new())
    }

    /// Page `page` (1-based) of a paginated section at `base`.
    fn paged(base: String, page: usize) -> Route {
        if page <= 1 {
            Route(base)
        } else {
            Route(format!("{base}page/{page}/"))
        }
    }

    /// Page `page` of the home page's list of briefings.
    pub fn home_page(page: usize) -> Route {
        Route::paged(String::new(), page)
    }

    /// A briefing.
    pub fn briefing(slug: &Slug) -> Route {
        Route(format!("briefings/{slug}/"))
    }

    /// The list of all topics or all regions.
    pub fn term_index(kind: TermKind) -> Route {
        Route(format!("{}/", kind.section()))
    }

    /// Page `page` of a topic or region.
    pub fn term(kind: TermKind, slug: &Slug, page: usize) -> Route {
        Route::paged(format!("{}/{slug}/", kind.section()), page)
    }

    /// Page `page` of the briefings on `topic` in `region`.
    pub fn intersection(topic: &Slug, region: &Slug, page: usize) -> Route {
        Route::paged(format!("topics/{topic}/{region}/"), page)
    }

    /// The topic × region matrix.
    pub fn matrix() -> Route {
        Route("matrix/".into())
    }

    /// The review dashboard (preview builds only).
    pub fn review() -> Route {
        Route("review/".into())
    }

    /// The search page.
    pub fn search() -> Route {
        Route("search/".into())
    }

    /// The search index the search page loads.
    pub fn search_index() -> Route {
        Route("search/index.json".into())
    }

    /// The Atom feed of the whole site.
    pub fn feed() -> Route {
        Route("atom.xml".into())
    }

    /// The Atom feed of a topic or region.
    pub fn term_feed(kind: TermKind, slug: &Slug) -> Route {
        Route(format!("{}/{slug}/atom.xml", kind.section()))
    }

    /// The page listing every feed.
    pub fn feeds() -> Route {
        Route("feeds/".into())
    }

    /// Every feed as an OPML subscription list.
    pub fn opml() -> Route {
        Route("feeds.opml".into())
    }

    /// The archive.
    pub fn archive() -> Route {
        Route("archive/".into())
    }

    /// A fixed page or file of the site: `search/`, `atom.xml`, `404.html`, `style.css`.
    pub fn file(name: &str) -> Route {
        Route(safe_path(name).unwrap_or_default())
    }

    /// An asset or static file at a path relative to `content/` or `static/`;
    /// `None` when the path would leave the output (`..`, absolute, empty).
    pub fn asset(rel: &str) -> Option<Route> {
        safe_path(rel).map(Route)
    }

    /// The route as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The file this route is written to, relative to the output folder.
    pub fn output_file(&self) -> String {
        if self.0.is_empty() || self.0.ends_with('/') {
            format!("{}index.html", self.0)
        } else {
            self.0.clone()
        }
    }
}

/// Joins the segments of `rel` after checking each: no `..`, `.`, empty,
/// backslash or NUL segment, so the result stays inside the output folder;
/// none over 255 bytes, the longest file name file systems take.
pub fn safe_path(rel: &str) -> Option<String> {
    let trailing = rel.ends_with('/');
    let segments: Vec<&str> = rel.split('/').filter(|s| !s.is_empty()).collect();
    if segments.is_empty()
        || segments
            .iter()
            .any(|s| *s == ".." || *s == "." || s.len() > 255 || s.contains(['\\', '\0', ':']))
    {
        return None;
    }
    let mut out = segments.join("/");
    if trailing {
        out.push('/');
    }
    Some(out)
}

/// Builds links and absolute URLs from routes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Urls {
    /// Scheme and host, `https://owner.github.io`, or empty when unknown.
    origin: String,
    /// `/` or `/repo/`: always starts and ends with `/`.
    base_path: String,
}

impl Urls {
    /// From a base URL as users write it: `https://o.github.io/repo`,
    /// `https://o.github.io/repo/`, `/repo`, or `/`.
    pub fn new(base_url: &str) -> Urls {
        let base_url = base_url.trim();
        let (origin, path) = match base_url.find("://") {
            Some(i) => {
                let after = &base_url[i + 3..];
                let host_end = after.find('/').map_or(base_url.len(), |j| i + 3 + j);
                (&base_url[..host_end], &base_url[host_end..])
            }
            None => ("", base_url),
        };
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let base_path = if segments.is_empty() {
            "/".to_string()
        } else {
            format!("/{}/", segments.join("/"))
        };
        Urls {
            origin: origin.to_string(),
            base_path,
        }
    }

    /// The link to `route`, with the base path: `/repo/briefings/x/`.
    pub fn link(&self, route: &Route) -> String {
        let mut s = String::with_capacity(self.base_path.len() + route.0.len());
        s.push_str(&self.base_path);
        s.push_str(&route.0);
        s
    }

    /// The absolute URL of `route`, for feeds, sitemaps and canonical links.
    /// Falls back to the link when no origin is configured.
    pub fn absolute(&self, route: &Route) -> String {
        format!("{}{}", self.origin, self.link(route))
    }

    /// Whether `base_url` named a host, so `absolute` gives full URLs.
    pub fn has_origin(&self) -> bool {
        !self.origin.is_empty()
    }

    /// A permanent identifier for feeds: the absolute URL, or without a host
    /// a URN of the path, since Atom ids must be absolute.
    pub fn id(&self, route: &Route) -> String {
        if self.has_origin() {
            self.absolute(route)
        } else {
            format!("urn:sitrep:{}", self.link(route))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_with_or_without_trailing_slash_is_the_same() {
        for b in [
            "https://o.github.io/repo",
            "https://o.github.io/repo/",
            "https://o.github.io//repo//",
        ] {
            let u = Urls::new(b);
            assert_eq!(
                u.link(&Route::briefing(&Slug::new("x"))),
                "/repo/briefings/x/"
            );
            assert_eq!(u.absolute(&Route::home()), "https://o.github.io/repo/");
        }
        assert_eq!(Urls::new("").link(&Route::home()), "/");
        assert_eq!(
            Urls::new("https://example.org").link(&Route::archive()),
            "/archive/"
        );
    }

    #[test]
    fn pagination_keeps_first_page_at_the_term_url() {
        let s = Slug::new("energy");
        assert_eq!(
            Route::term(TermKind::Topic, &s, 1).as_str(),
            "topics/energy/"
        );
        assert_eq!(
            Route::term(TermKind::Topic, &s, 2).as_str(),
            "topics/energy/page/2/"
        );
        assert_eq!(
            Route::term(TermKind::Topic, &s, 2).output_file(),
            "topics/energy/page/2/index.html"
        );
    }

    #[test]
    fn paths_cannot_escape_the_output() {
        for bad in ["../x", "a/../../b", "/", "", "a\\..\\b", "./a"] {
            assert_eq!(safe_path(bad), None, "{bad}");
        }
        assert_eq!(safe_path("/old/path/").as_deref(), Some("old/path/"));
    }
}
