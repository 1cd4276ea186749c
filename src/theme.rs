//! The theme: templates and static files. The defaults are the repository's
//! `templates/` and `static/`, embedded in the binary by the tables below, so
//! `sitrep build` works on any folder; a site's own `templates/NAME` or
//! `static/NAME` replaces the default file of that name.

use crate::error::{Error, Result};
use crate::fs;
use crate::url::{Route, Urls};
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Default templates, by name. Adding one is one line.
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("briefing.html", include_str!("../templates/briefing.html")),
    ("list.html", include_str!("../templates/list.html")),
    ("terms.html", include_str!("../templates/terms.html")),
    ("archive.html", include_str!("../templates/archive.html")),
    ("matrix.html", include_str!("../templates/matrix.html")),
    ("review.html", include_str!("../templates/review.html")),
    ("404.html", include_str!("../templates/404.html")),
    ("search.html", include_str!("../templates/search.html")),
    ("feeds.html", include_str!("../templates/feeds.html")),
    ("redirect.html", include_str!("../templates/redirect.html")),
    ("atom.xml", include_str!("../templates/atom.xml")),
    (
        "partials/card.html",
        include_str!("../templates/partials/card.html"),
    ),
    (
        "partials/chips.html",
        include_str!("../templates/partials/chips.html"),
    ),
    (
        "partials/home.html",
        include_str!("../templates/partials/home.html"),
    ),
    (
        "partials/meta.html",
        include_str!("../templates/partials/meta.html"),
    ),
    (
        "partials/pagination.html",
        include_str!("../templates/partials/pagination.html"),
    ),
];

/// Default static files, by path under `static/`.
const STATIC: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../static/style.css")),
    ("search.js", include_bytes!("../static/search.js")),
];

/// Where a static file's bytes come from.
#[derive(Debug, Clone)]
pub enum StaticFile {
    /// Built into sitrep.
    Embedded(&'static [u8]),
    /// From the site's `static/` folder.
    Site(PathBuf),
}

/// Compiled templates and the static files to copy.
pub struct Theme {
    /// Compiled once per run.
    pub tera: tera::Tera,
    /// Static files by relative path, site files overriding defaults.
    pub statics: BTreeMap<String, StaticFile>,
    /// A hash of each page template's source, and of every other template
    /// (`base.html`, partials) together: what [`Theme::template_key`] reads.
    digests: BTreeMap<String, u64>,
    shared: u64,
    /// The most each page template has written around the content its
    /// caller knew the size of: what [`Theme::render_bytes`] reserves.
    around: [AtomicUsize; PAGE_TEMPLATES.len()],
}

/// Templates that a page is rendered from by name. Any other template
/// (`base.html`, partials, a site's own includes) may be used by any page.
const PAGE_TEMPLATES: &[&str] = &[
    "briefing.html",
    "list.html",
    "terms.html",
    "archive.html",
    "matrix.html",
    "review.html",
    "404.html",
    "search.html",
    "feeds.html",
    "redirect.html",
    "atom.xml",
];

impl Theme {
    /// Loads defaults, applies the site's overrides under `root`, compiles.
    pub fn load(root: &Path, urls: &Urls) -> Result<Theme> {
        let mut sources: BTreeMap<String, (String, String)> = TEMPLATES
            .iter()
            .map(|(n, t)| {
                (
                    n.to_string(),
                    (format!("templates/{n} (built in)"), t.to_string()),
                )
            })
            .collect();
        for (rel, path) in site_files(&root.join("templates"))? {
            let bytes = fs::read(&path)?;
            let text = String::from_utf8(bytes).map_err(|_| Error::Template {
                location: format!("templates/{rel}"),
                message: "not valid UTF-8".into(),
                page: None,
            })?;
            sources.insert(rel.clone(), (format!("templates/{rel}"), text));
        }
        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape_html);
        let base = urls.clone();
        // `url(path="style.css")`: the one way templates make links, base path included.
        tera.register_function("url", move |kwargs: tera::Kwargs, _: &tera::State| {
            let path = kwargs.must_get::<&str>("path")?;
            let route = if path.trim_matches('/').is_empty() {
                Route::home()
            } else {
                Route::asset(path).ok_or_else(|| {
                    tera::Error::message(format!(
                        "url: `{path}` leaves the site; use a path inside it"
                    ))
                })?
            };
            Ok::<String, tera::Error>(base.link(&route))
        });
        // `{{ text | css_string }}`: a quoted CSS string that cannot end its
        // `<style>` element, for `content:` in print margin boxes.
        tera.register_filter(
            "css_string",
            |text: &str, _: tera::Kwargs, _: &tera::State| {
                tera::Value::safe_string(&css_string(text))
            },
        );
        tera.add_raw_templates(sources.iter().map(|(n, (_, t))| (n.as_str(), t.as_str())))
            .map_err(|e| template_error(&e, None))?;
        let mut statics: BTreeMap<String, StaticFile> = STATIC
            .iter()
            .map(|(n, b)| (n.to_string(), StaticFile::Embedded(b)))
            .collect();
        for (rel, path) in site_files(&root.join("static"))? {
            statics.insert(rel, StaticFile::Site(path));
        }
        let digest = |text: &str| {
            let mut h = rustc_hash::FxHasher::default();
            text.hash(&mut h);
            h.finish()
        };
        let mut shared = rustc_hash::FxHasher::default();
        let mut digests = BTreeMap::new();
        for (name, (_, text)) in &sources {
            if PAGE_TEMPLATES.contains(&name.as_str()) {
                digests.insert(name.clone(), digest(text));
            } else {
                (name, text).hash(&mut shared);
            }
        }
        Ok(Theme {
            tera,
            statics,
            digests,
            shared: shared.finish(),
            around: Default::default(),
        })
    }

    /// What a page rendered from template `name` depends on in the theme:
    /// that template and the shared ones. Editing `briefing.html` changes
    /// the key of briefing pages only; editing `base.html`, every page's.
    pub fn template_key(&self, name: &str) -> u64 {
        let mut h = rustc_hash::FxHasher::default();
        (self.digests.get(name), self.shared).hash(&mut h);
        h.finish()
    }

    /// Renders template `name`; errors name the template, line and page.
    pub fn render(&self, name: &str, ctx: &tera::Context, page: &str) -> Result<String> {
        self.tera
            .render(name, ctx)
            .map_err(|e| template_error(&e, Some(page)))
    }

    /// Renders page template `name` as bytes, with room reserved for the
    /// `known` bytes of content it holds (a body, cards) and the most the
    /// template has written around such content so far: a page is written
    /// once instead of grown and copied, and never checked again as UTF-8.
    pub fn render_bytes(
        &self,
        name: &str,
        ctx: &tera::Context,
        page: &str,
        known: usize,
    ) -> Result<Vec<u8>> {
        let around = PAGE_TEMPLATES
            .iter()
            .position(|t| *t == name)
            .map(|i| &self.around[i]);
        let mut out = Vec::with_capacity(known + around.map_or(0, |a| a.load(Ordering::Relaxed)));
        self.tera
            .render_to(name, ctx, &mut out)
            .map_err(|e| template_error(&e, Some(page)))?;
        if let Some(a) = around {
            a.fetch_max(out.len().saturating_sub(known), Ordering::Relaxed);
        }
        Ok(out)
    }
}

/// `text` as a double-quoted CSS string: quotes, backslashes, angle
/// brackets, `&` and control characters written as escapes.
fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '<' | '>' | '&' | '\'' => out.push_str(&format!("\\{:x} ", c as u32)),
            c if c.is_control() => out.push_str(&format!("\\{:x} ", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Files under `dir`, by `/`-separated relative path; hidden files skipped.
fn site_files(dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
    {
        let entry = entry.map_err(|e| Error::Io {
            action: "cannot read",
            path: e
                .path()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| dir.to_owned()),
            source: e
                .into_io_error()
                .unwrap_or_else(|| std::io::Error::other("symbolic link loop")),
        })?;
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            let rel = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            out.push((rel, entry.path().to_owned()));
        }
    }
    Ok(out)
}

/// Turns a Tera error into one that names the template file and line.
fn template_error(e: &tera::Error, page: Option<&str>) -> Error {
    use tera::ErrorKind;
    let (location, mut message) = match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            let span = r.span();
            (
                format!(
                    "templates/{}:{}:{}",
                    r.filename(),
                    span.start_line,
                    span.start_col + 1
                ),
                r.message().to_string(),
            )
        }
        // Other kinds carry the report as text: `error: msg` then ` --> name:line:col`.
        other => {
            let text = other.to_string();
            let location = text
                .lines()
                .find_map(|l| l.trim().strip_prefix("--> "))
                .map_or_else(|| "templates".to_string(), |l| format!("templates/{l}"));
            let first = text.lines().next().unwrap_or_default();
            (
                location,
                first.trim().trim_start_matches("error: ").to_string(),
            )
        }
    };
    if let Some(src) = std::error::Error::source(e) {
        message.push_str(&format!(": {src}"));
    }
    Error::Template {
        location,
        message: message.trim().to_string(),
        page: page.map(str::to_string),
    }
}

/// Tera's own HTML escaping (`&`, `<`, `>`, `"` and `'`), to the byte, but
/// written a run at a time instead of a byte at a time through `dyn Write`:
/// a site prints hundreds of thousands of escaped titles and URLs.
fn escape_html(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = input.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let entity: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.write_all(&bytes[start..i])?;
        out.write_all(entity)?;
        start = i + 1;
    }
    out.write_all(&bytes[start..])
}

#[cfg(test)]
mod tests {
    #[test]
    fn escaping_matches_teras_byte_for_byte() {
        for input in [
            "",
            "plain",
            "China's <b>\"deal\"</b> & more",
            "&&<<>>\"\"''",
            "Côte d’Ivoire & 中国 <",
            "ends with &",
        ] {
            let (mut ours, mut teras) = (Vec::new(), Vec::new());
            super::escape_html(input, &mut ours).expect("writes to a Vec");
            tera::escape_html(input, &mut teras).expect("writes to a Vec");
            assert_eq!(ours, teras, "{input:?}");
        }
    }

    use super::*;

    fn render(src: &str) -> Result<String, tera::Error> {
        let theme = Theme::load(
            Path::new("/nonexistent"),
            &Urls::new("https://o.github.io/repo"),
        )
        .expect("defaults compile");
        theme.tera.render_str(src, &tera::Context::new(), true)
    }

    #[test]
    fn url_function_adds_the_base_path() {
        assert_eq!(
            render(r#"{{ url(path="style.css") }} {{ url(path="/search/") }} {{ url(path="/") }}"#)
                .unwrap(),
            "/repo/style.css /repo/search/ /repo/"
        );
    }

    #[test]
    fn css_string_cannot_close_its_style_element() {
        assert_eq!(
            render(r#"{{ "a \"b\" </style><script>" | css_string }}"#).unwrap(),
            r#""a \"b\" \3c /style\3e \3c script\3e ""#
        );
    }

    #[test]
    fn url_function_refuses_paths_that_leave_the_site() {
        let err = render(r#"{{ url(path="../x") }}"#).unwrap_err();
        assert!(err.to_string().contains("leaves the site"), "{err}");
    }
}
