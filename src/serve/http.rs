//! The HTTP side of `serve`: maps request paths to files of the current
//! [`Snapshot`], injects the reload script and the error overlay into HTML,
//! and streams reload events. Requests never reach the file system except for
//! files the build itself listed.

use super::preview::{Body, Preview, Snapshot};
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::convert::Infallible;
use std::sync::Arc;

/// How long a request for a page being rendered again waits at most.
const PENDING_WAIT: std::time::Duration = std::time::Duration::from_secs(30);
use tokio::sync::watch;

/// The reserved path of the reload event stream, outside any base path.
pub const EVENTS_PATH: &str = "/__sitrep/events";

const LIVERELOAD_JS: &str = include_str!("livereload.js");

/// The preview's routes: the event stream, then every other path as a site file.
pub(super) fn router(preview: Arc<Preview>) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .fallback(site_file)
        .with_state(preview)
}

/// What a request path names.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Target {
    /// A file of the site, by output path.
    File(String),
    /// Somewhere else: the base path, or a folder's URL with its final `/`.
    Redirect(String),
    /// Nothing, or a path that tries to leave the site.
    NotFound,
}

/// Maps the raw (still percent-encoded) `path` of a request to a file of the
/// site served under `base` (`/` or `/repo/`). Every segment is decoded on its
/// own and refused if it is `.`, `..`, empty, or holds a `/`, `\` or NUL, so no
/// spelling of a traversal gets through; `exists` says which output paths exist.
pub(super) fn resolve(
    path: &str,
    query: Option<&str>,
    base: &str,
    exists: impl Fn(&str) -> bool,
) -> Target {
    let redirect = |to: String| match query {
        Some(q) => Target::Redirect(format!("{to}?{q}")),
        None => Target::Redirect(to),
    };
    if base != "/" && (path == "/" || path == base.trim_end_matches('/')) {
        return redirect(base.to_string());
    }
    let Some(rest) = path.strip_prefix(base) else {
        return Target::NotFound;
    };
    let Some(rel) = decode_segments(rest) else {
        return Target::NotFound;
    };
    if rel.is_empty() || rel.ends_with('/') {
        let index = format!("{rel}index.html");
        return if exists(&index) {
            Target::File(index)
        } else {
            Target::NotFound
        };
    }
    if exists(&rel) {
        Target::File(rel)
    } else if exists(&format!("{rel}/index.html")) {
        redirect(format!("{path}/"))
    } else {
        Target::NotFound
    }
}

/// Decodes `a/b%20c/` segment by segment; `None` for anything but plain names.
fn decode_segments(rest: &str) -> Option<String> {
    if rest.is_empty() {
        return Some(String::new());
    }
    let segments: Vec<&str> = rest.split('/').collect();
    let last = segments.len() - 1;
    let mut out = Vec::with_capacity(segments.len());
    for (i, raw) in segments.into_iter().enumerate() {
        if raw.is_empty() && i == last {
            out.push(String::new());
            continue;
        }
        let seg = percent_decode(raw)?;
        if seg.is_empty() || seg == "." || seg == ".." || seg.contains(['/', '\\', '\0']) {
            return None;
        }
        out.push(seg);
    }
    Some(out.join("/"))
}

/// `%XX` escapes decoded; `None` for a broken escape (`%zz`, which the
/// decoder would keep as text) or bytes that are not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let broken = s.split('%').skip(1).any(|rest| {
        !rest
            .get(..2)
            .is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
    });
    if broken {
        return None;
    }
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .ok()
        .map(|c| c.into_owned())
}

/// The `Content-Type` of an output path, by extension.
pub(super) fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref().unwrap_or("") {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "avif" => "image/avif",
        "pdf" => "application/pdf",
        "xml" => "application/xml; charset=utf-8",
        "json" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        _ => "application/octet-stream",
    }
}

async fn site_file(State(preview): State<Arc<Preview>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut r = respond(
            StatusCode::METHOD_NOT_ALLOWED,
            "text/plain",
            "GET or HEAD only",
        );
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let snap = preview.snapshot();
    if !snap.built {
        let page = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
            <title>sitrep: the site does not build yet</title></head>\
            <body><h1>The site does not build yet</h1></body></html>";
        let html = inject(page, &snap);
        return respond(StatusCode::SERVICE_UNAVAILABLE, content_type(".html"), html);
    }
    let exists = |p: &str| snap.files.contains_key(p);
    match resolve(uri.path(), uri.query(), &snap.base_path, exists) {
        Target::File(path) if snap.is_pending(&path) => {
            // A page still being rendered again: wait for it rather than
            // serve it out of date (a fraction of a second).
            let mut stored = preview.stored();
            loop {
                let now = preview.snapshot();
                if !now.is_pending(&path) {
                    break serve(&now, &path, StatusCode::OK).await;
                }
                // A build that never stores its site (a bug) must not hang
                // the page: after a while, serve what there is.
                let next = tokio::time::timeout(PENDING_WAIT, stored.changed()).await;
                if !matches!(next, Ok(Ok(()))) {
                    break serve(&now, &path, StatusCode::OK).await;
                }
            }
        }
        Target::File(path) => serve(&snap, &path, StatusCode::OK).await,
        Target::Redirect(to) => {
            let mut r = respond(StatusCode::TEMPORARY_REDIRECT, "text/plain", "");
            if let Ok(v) = HeaderValue::from_str(&to) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            r
        }
        Target::NotFound => serve(&snap, "404.html", StatusCode::NOT_FOUND).await,
    }
}

/// One file of `snap` with `status`; HTML gets the reload script and, after a
/// failed build, the overlay.
async fn serve(snap: &Snapshot, path: &str, status: StatusCode) -> Response {
    let bytes = match snap.files.get(path) {
        Some(Body::Memory(b)) => b.clone(),
        Some(Body::Disk(p)) => match tokio::fs::read(p).await {
            Ok(b) => Bytes::from(b),
            Err(_) => return not_found(),
        },
        None => return not_found(),
    };
    let ct = content_type(path);
    if ct.starts_with("text/html") {
        let html = inject(&String::from_utf8_lossy(&bytes), snap);
        respond(status, ct, html)
    } else {
        respond(status, ct, bytes)
    }
}

fn not_found() -> Response {
    respond(
        StatusCode::NOT_FOUND,
        "text/plain; charset=utf-8",
        "not found",
    )
}

fn respond(status: StatusCode, content_type: &'static str, body: impl Into<Bytes>) -> Response {
    let headers = [
        (header::CONTENT_TYPE, content_type),
        (header::CACHE_CONTROL, "no-store"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    ];
    (status, headers, body.into()).into_response()
}

/// `html` with the overlay (after a failed build) and the reload script put
/// before its last `</body>`, or at the end when it has none.
pub(super) fn inject(html: &str, snap: &Snapshot) -> String {
    let script = LIVERELOAD_JS.replace("__SITREP_GENERATION__", &snap.generation.to_string());
    let addition = format!("{}<script>\n{script}</script>\n", overlay(snap));
    let at = html
        .to_ascii_lowercase()
        .rfind("</body>")
        .unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + addition.len());
    out.push_str(&html[..at]);
    out.push_str(&addition);
    out.push_str(&html[at..]);
    out
}

/// A fixed box listing the latest build's problems; empty when it succeeded.
pub(super) fn overlay(snap: &Snapshot) -> String {
    if !snap.failed() {
        return String::new();
    }
    let (mut errors, warnings) = snap.diagnostics.counts();
    let mut items = String::new();
    if let Some(fatal) = &snap.fatal {
        errors += 1;
        items.push_str(&format!("<li>{}</li>", crate::markdown::escape(fatal)));
    }
    for d in &snap.diagnostics {
        items.push_str(&format!(
            "<li>{}</li>",
            crate::markdown::escape(&d.to_string())
        ));
    }
    let shown = if snap.built {
        "the page below is from the last good build"
    } else {
        "nothing has built yet"
    };
    format!(
        "<div id=\"sitrep-overlay\" role=\"alert\" style=\"position:fixed;left:1rem;right:1rem;\
         bottom:1rem;max-height:60vh;overflow:auto;z-index:2147483647;margin:0;padding:1rem;\
         background:#fff5f5;color:#3b0d0c;border:2px solid #c62828;border-radius:6px;\
         box-shadow:0 4px 24px rgba(0,0,0,.3);font:14px/1.45 ui-monospace,Menlo,Consolas,monospace;\
         text-align:left\"><p style=\"margin:0 0 .5rem;font-weight:bold\">sitrep: the build failed \
         ({errors} error(s), {warnings} warning(s)); {shown}. Fix the files and this page reloads.</p>\
         <ul style=\"margin:0;padding-left:1.2rem;white-space:pre-wrap\">{items}</ul></div>\n"
    )
}

/// `GET /__sitrep/events?since=N`: a server-sent `reload` event whenever the
/// generation differs from the last one this client saw (`since`, from the
/// page's script, or the current one).
async fn events(State(preview): State<Arc<Preview>>, uri: Uri) -> impl IntoResponse {
    let since = uri.query().and_then(|q| {
        q.split('&')
            .find_map(|kv| kv.strip_prefix("since="))
            .and_then(|v| v.parse::<u64>().ok())
    });
    let stream = futures_util::stream::unfold((preview.subscribe(), since), next_reload);
    (
        [(header::CACHE_CONTROL, "no-store")],
        Sse::new(stream).keep_alive(KeepAlive::default()),
    )
}

type Seen = (watch::Receiver<Option<u64>>, Option<u64>);

/// Waits for a generation other than the one seen; ends when the server stops.
async fn next_reload((mut rx, mut seen): Seen) -> Option<(Result<Event, Infallible>, Seen)> {
    loop {
        let current = (*rx.borrow_and_update())?;
        match seen {
            Some(s) if s != current => {
                let event = Event::default().event("reload").data(current.to_string());
                return Some((Ok(event), (rx, Some(current))));
            }
            None => seen = Some(current),
            Some(_) => {}
        }
        rx.changed().await.ok()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Diagnostic, Pos};

    fn site(path: &str) -> bool {
        [
            "index.html",
            "404.html",
            "style.css",
            "briefings/a/index.html",
        ]
        .contains(&path)
    }

    #[test]
    fn folders_serve_their_index_and_need_their_final_slash() {
        let r = |p| resolve(p, None, "/", site);
        assert_eq!(r("/"), Target::File("index.html".into()));
        assert_eq!(r("/style.css"), Target::File("style.css".into()));
        assert_eq!(
            r("/briefings/a/"),
            Target::File("briefings/a/index.html".into())
        );
        assert_eq!(r("/briefings/a"), Target::Redirect("/briefings/a/".into()));
        assert_eq!(
            resolve("/briefings/a", Some("x=1"), "/", site),
            Target::Redirect("/briefings/a/?x=1".into())
        );
        assert_eq!(r("/briefings/"), Target::NotFound);
        assert_eq!(r("/nope"), Target::NotFound);
    }

    #[test]
    fn traversal_in_any_spelling_is_not_found() {
        for p in [
            "/../Cargo.toml",
            "/briefings/../index.html",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/%2E%2E/index.html",
            "/..%2fsitrep.yaml",
            "/briefings%2fa/index.html",
            "/..%5cindex.html",
            "/a\\..\\index.html",
            "/style.css%00",
            "/./index.html",
            "//index.html",
            "/%zz",
            "/%ff",
        ] {
            assert_eq!(resolve(p, None, "/", |_| true), Target::NotFound, "{p}");
        }
    }

    #[test]
    fn the_site_is_served_under_its_base_path() {
        let r = |p| resolve(p, None, "/repo/", site);
        assert_eq!(r("/"), Target::Redirect("/repo/".into()));
        assert_eq!(r("/repo"), Target::Redirect("/repo/".into()));
        assert_eq!(r("/repo/"), Target::File("index.html".into()));
        assert_eq!(r("/repo/style.css"), Target::File("style.css".into()));
        assert_eq!(r("/style.css"), Target::NotFound);
        assert_eq!(r("/repository/"), Target::NotFound);
    }

    #[test]
    fn content_types_follow_extensions() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("map.SVG"), "image/svg+xml");
        assert_eq!(content_type("fonts/x.woff2"), "font/woff2");
        assert_eq!(content_type(".nojekyll"), "application/octet-stream");
        assert_eq!(content_type("README"), "application/octet-stream");
    }

    #[test]
    fn script_goes_before_the_last_body_end_tag() {
        let snap = Snapshot {
            generation: 7,
            ..Snapshot::default()
        };
        let html = inject("<html><body><p>&lt;/body&gt;</p></BODY></html>", &snap);
        assert!(html.ends_with("</script>\n</BODY></html>"), "{html}");
        assert!(html.contains("/__sitrep/events?since=7"));
        assert!(!html.contains("sitrep-overlay"));
        assert!(inject("<p>no body", &snap).starts_with("<p>no body<script>"));
    }

    #[test]
    fn overlay_lists_escaped_diagnostics_after_a_failed_build() {
        let mut snap = Snapshot::default();
        snap.diagnostics.push(Diagnostic::error(
            "content/a<b>.md",
            Some(Pos::new(3, 5)),
            "link/broken",
            "broken link `<script>alert(\"x\")</script>`".into(),
        ));
        let html = overlay(&snap);
        assert!(html.contains("id=\"sitrep-overlay\""));
        assert!(html.contains(
            "content/a&lt;b&gt;.md:3:5: error[link/broken]: broken link \
             `&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;`"
        ));
        assert!(!html.contains("<script>"));
        assert!(html.contains("nothing has built yet"));
    }
}
