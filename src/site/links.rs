//! Link resolution: every internal link of every briefing becomes a URL with
//! the base path, or a diagnostic with its line, column and a suggestion.

use crate::briefing::Briefing;
use crate::config::Options;
use crate::diag::{self, Diagnostic, Diagnostics};
use crate::markdown::{self, LinkKind, LinkRef};
use crate::slug::Slug;
use crate::source::Asset;
use crate::url::{Route, Urls};
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

/// Everything a link can point at.
pub(super) struct Universe<'a> {
    parsed: &'a [Arc<Briefing>],
    /// Shown id of each parsed briefing, `None` when hidden.
    shown: &'a [Option<usize>],
    by_source: HashMap<&'a str, usize>,
    by_slug: HashMap<&'a str, usize>,
    /// Content assets by relative path, with their files.
    assets: HashMap<&'a str, &'a std::path::Path>,
    /// Sorted ids of each briefing's body.
    anchors: Vec<&'a [String]>,
    urls: &'a Urls,
}

/// The links of one briefing, resolved.
#[derive(Debug, Default)]
pub(super) struct Resolved {
    /// URL for each slot, escaped for an attribute.
    pub urls: Vec<String>,
    /// Text for each slot, escaped: the target's title for `[[slug]]` (as
    /// written when it is broken); an image's `width` and `height` attributes;
    /// empty for other links, which keep their text.
    pub labels: Vec<String>,
    /// Parsed indexes of the briefings linked to.
    pub briefings: Vec<usize>,
    /// Content-relative paths of the assets linked to.
    pub assets: Vec<String>,
}

impl<'a> Universe<'a> {
    pub(super) fn new(
        parsed: &'a [Arc<Briefing>],
        shown: &'a [Option<usize>],
        assets: &'a [Asset],
        urls: &'a Urls,
    ) -> Self {
        Universe {
            parsed,
            shown,
            by_source: parsed
                .iter()
                .enumerate()
                .map(|(i, b)| (b.source.as_str(), i))
                .collect(),
            by_slug: parsed
                .iter()
                .enumerate()
                .map(|(i, b)| (b.slug.as_str(), i))
                .collect(),
            assets: assets
                .iter()
                .map(|a| (a.rel.as_str(), a.path.as_path()))
                .collect(),
            anchors: parsed.iter().map(|b| b.body.anchors.as_slice()).collect(),
            urls,
        }
    }
}

/// Resolves the links of every briefing; diagnostics only for shown ones.
pub(super) fn resolve_all(
    u: &Universe<'_>,
    opts: &Options,
    diags: &mut Diagnostics,
) -> Vec<Resolved> {
    let results: Vec<(Resolved, Vec<Diagnostic>)> = (0..u.parsed.len())
        .into_par_iter()
        .map(|i| resolve_one(u, i, opts))
        .collect();
    results
        .into_iter()
        .map(|(r, d)| {
            diags.extend(d);
            r
        })
        .collect()
}

enum Target {
    Briefing(usize),
    Asset(String),
    Route(String),
}

struct Broken {
    reason: String,
    suggestion: Option<String>,
}

pub(super) fn resolve_one(
    u: &Universe<'_>,
    from: usize,
    opts: &Options,
) -> (Resolved, Vec<Diagnostic>) {
    let b = &u.parsed[from];
    let mut out = Resolved::default();
    let mut diags = Vec::new();
    let shown = u.shown[from].is_some();
    for link in &b.body.links {
        match resolve_link(u, from, link) {
            Ok((target, fragment)) => {
                let label = match &target {
                    Target::Briefing(to) if link.kind == LinkKind::Wiki => {
                        markdown::escape(&u.parsed[*to].title)
                    }
                    Target::Asset(rel) if link.kind == LinkKind::Image => u
                        .assets
                        .get(rel.as_str())
                        .map_or_else(String::new, |p| crate::image::attributes(p)),
                    _ => String::new(),
                };
                let url = match target {
                    Target::Briefing(to)
                        if to == from
                            && link.kind != LinkKind::Wiki
                            && link.dest.starts_with('#') =>
                    {
                        String::new()
                    }
                    Target::Briefing(to) => {
                        if shown && u.shown[to].is_none() {
                            diags.push(
                                Diagnostic::error(&b.file, Some(link.pos), "link/unpublished", format!("link to unpublished briefing `{}`", link.dest))
                                    .with_help(format!("`{}` is not public in this build, so the link would 404; remove the link or publish it first", u.parsed[to].file)),
                            );
                        }
                        out.briefings.push(to);
                        u.urls.link(&Route::briefing(&u.parsed[to].slug))
                    }
                    Target::Asset(rel) => {
                        let url = Route::asset(&rel)
                            .map(|r| u.urls.link(&r))
                            .unwrap_or_default();
                        out.assets.push(rel);
                        url
                    }
                    Target::Route(route) => route,
                };
                let full = match fragment {
                    Some(f) => format!("{url}#{f}"),
                    None => url,
                };
                out.urls.push(markdown::escape(&full));
                out.labels.push(label);
            }
            Err(broken) => {
                out.urls.push("#".into());
                out.labels.push(if link.kind == LinkKind::Image {
                    String::new()
                } else {
                    markdown::escape(&link.dest)
                });
                if !shown {
                    continue;
                }
                let what = if link.kind == LinkKind::Wiki {
                    format!("[[{}]]", link.dest)
                } else {
                    link.dest.clone()
                };
                let mut d = Diagnostic::error(
                    &b.file,
                    Some(link.pos),
                    "link/broken",
                    format!("broken link `{what}`: {}", broken.reason),
                );
                if opts.allow_broken_links {
                    d.severity = diag::Severity::Warning;
                }
                if let Some(s) = broken.suggestion {
                    d = d.with_help(format!("did you mean `{s}`?"));
                }
                diags.push(d);
            }
        }
    }
    (out, diags)
}

/// Whether a briefing other than `to` links to one of `fragments` in `to`:
/// such a link resolves, and counts as a backlink, only while `to` has a
/// heading with that id.
pub(super) fn links_to_fragments(u: &Universe<'_>, to: usize, fragments: &[&str]) -> bool {
    (0..u.parsed.len())
        .into_par_iter()
        .filter(|&from| from != to)
        .any(|from| {
            // Only links with a fragment are resolved.
            let fragment = |link: &&LinkRef| link.dest.contains('#');
            u.parsed[from]
                .body
                .links
                .iter()
                .filter(fragment)
                .any(|link| {
                    matches!(resolve_target(u, from, link),
                    Ok((Target::Briefing(t), Some(f))) if t == to && fragments.contains(&f))
                })
        })
}

fn resolve_link(
    u: &Universe<'_>,
    from: usize,
    link: &LinkRef,
) -> Result<(Target, Option<String>), Broken> {
    let (target, fragment) = resolve_target(u, from, link)?;
    let Some(fragment) = fragment else {
        return Ok((target, None));
    };
    if let Target::Briefing(to) = target
        && u.anchors[to]
            .binary_search_by(|a| a.as_str().cmp(fragment))
            .is_err()
    {
        let suggestion =
            diag::suggest(fragment, u.anchors[to].iter().map(String::as_str)).map(str::to_string);
        return Err(Broken {
            reason: format!(
                "`{}` has no heading with id `{fragment}`",
                u.parsed[to].file
            ),
            suggestion,
        });
    }
    Ok((target, Some(fragment.to_string())))
}

/// What `link` points at, and its fragment unchecked.
fn resolve_target<'l>(
    u: &Universe<'_>,
    from: usize,
    link: &'l LinkRef,
) -> Result<(Target, Option<&'l str>), Broken> {
    let (path, fragment) = match link.dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (link.dest.as_str(), None),
    };
    let path = path.split('?').next().unwrap_or_default();
    let path = percent_decode(path);
    let target = if path.is_empty() {
        Target::Briefing(from)
    } else if link.kind == LinkKind::Wiki {
        let slug = Slug::new(path.trim());
        match u.by_slug.get(slug.as_str()) {
            Some(&i) => Target::Briefing(i),
            None => {
                return Err(Broken {
                    reason: format!("no briefing has the slug `{slug}`"),
                    suggestion: diag::suggest(slug.as_str(), u.by_slug.keys().copied())
                        .map(str::to_string),
                });
            }
        }
    } else {
        resolve_path(u, from, &path)?
    };
    Ok((target, fragment.filter(|f| !f.is_empty())))
}

fn resolve_path(u: &Universe<'_>, from: usize, path: &str) -> Result<Target, Broken> {
    let b = &u.parsed[from];
    let joined = if let Some(abs) = path.strip_prefix('/') {
        abs.to_string()
    } else {
        format!("{}{path}", b.source_dir())
    };
    let Some(normal) = normalize(&joined) else {
        return Err(Broken {
            reason: "the path leaves `content/`".into(),
            suggestion: None,
        });
    };
    if normal.ends_with(".md") {
        return match u.by_source.get(normal.as_str()) {
            Some(&i) => Ok(Target::Briefing(i)),
            None => Err(Broken {
                reason: format!("no briefing at `content/{normal}`"),
                suggestion: suggest_file(&normal, &b.source, u.by_source.keys().copied())
                    .map(|s| relative_hint(b.source_dir(), s)),
            }),
        };
    }
    if u.assets.contains_key(normal.as_str()) {
        return Ok(Target::Asset(normal));
    }
    if path.starts_with('/') {
        // A site path such as `/topics/energy/` or a static file: give it the base path.
        let route = Route::asset(&normal).ok_or(Broken {
            reason: "the path leaves the site".into(),
            suggestion: None,
        })?;
        let trailing = if path.ends_with('/') && !normal.ends_with('/') {
            "/"
        } else {
            ""
        };
        return Ok(Target::Route(format!("{}{trailing}", u.urls.link(&route))));
    }
    Err(Broken {
        reason: format!("no file at `content/{normal}`"),
        suggestion: suggest_file(&normal, &b.source, u.assets.keys().copied())
            .map(|s| relative_hint(b.source_dir(), s)),
    })
}

/// The nearest file by name, never the linking file itself: shared folders and
/// the `.md` ending would otherwise make any two paths look alike.
fn suggest_file<'a>(
    target: &str,
    from: &str,
    known: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    fn name(p: &str) -> &str {
        p.rsplit('/').next().unwrap_or(p)
    }
    let mut candidates: Vec<&str> = known.filter(|k| *k != from).collect();
    candidates.sort_unstable();
    let best = diag::suggest(name(target), candidates.iter().map(|c| name(c)))?;
    candidates.into_iter().find(|c| name(c) == best)
}

/// Shows a suggestion the way the author would write it from their folder.
fn relative_hint(dir: &str, target: &str) -> String {
    let ups = dir.matches('/').count();
    let common = dir
        .split('/')
        .zip(target.split('/'))
        .take_while(|(a, b)| a == b && !a.is_empty())
        .count();
    let rest: Vec<&str> = target.split('/').skip(common).collect();
    format!("{}{}", "../".repeat(ups - common.min(ups)), rest.join("/"))
}

/// Resolves `.` and `..` segments; `None` if the path climbs above the root.
fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if path.ends_with('/') && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

fn percent_decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_resolves_dots_and_refuses_to_climb_out() {
        assert_eq!(normalize("2024/../2023/a.md").as_deref(), Some("2023/a.md"));
        assert_eq!(normalize("../a.md"), None);
    }

    #[test]
    fn hints_are_relative_to_the_linking_folder() {
        assert_eq!(relative_hint("2024/", "2023/a.md"), "../2023/a.md");
        assert_eq!(relative_hint("2024/", "2024/a.md"), "a.md");
        assert_eq!(relative_hint("", "2024/a.md"), "2024/a.md");
    }

    #[test]
    fn percent_escapes_are_decoded() {
        assert_eq!(percent_decode("my%20file.md"), "my file.md");
    }
}
