//! The only pulldown-cmark user. One pass over a briefing body gives its HTML
//! with internal links left as numbered slots, plus what later stages need:
//! headings (for ids, the table of contents and anchor checks), link targets
//! with their positions, key takeaways, the first paragraph and a word count.
//!
//! Links are resolved later (stage 3 knows every briefing), so the HTML holds
//! `\0N\0` where link N's URL goes. NUL never reaches the HTML otherwise:
//! CommonMark turns it into U+FFFD when parsing.

use crate::diag::{LineIndex, Pos};
use crate::slug;
use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};

/// Marks a link slot in rendered HTML.
pub const SLOT: char = '\0';

/// A heading of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// Unique id in the page.
    pub id: String,
    /// Plain text.
    pub text: String,
}

/// How a link was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// `[text](target)`.
    Markdown,
    /// `[[slug]]`, resolved by slug.
    Wiki,
    /// `![alt](target)`.
    Image,
}

/// An internal link: a path, a slug or an in-page anchor, not a URL with a scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    /// The destination as written.
    pub dest: String,
    /// How it was written.
    pub kind: LinkKind,
    /// Where in the file.
    pub pos: Pos,
}

/// What one pass over a body gives.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    /// Body HTML with link slots.
    pub html: String,
    /// The `## Key takeaways` list as HTML with link slots, when the body has one.
    pub takeaways_html: Option<String>,
    /// The takeaways as plain text.
    pub takeaways: Vec<String>,
    /// Headings in order (the key-takeaways heading excluded).
    pub headings: Vec<Heading>,
    /// Internal links; slot N is `links[N]`.
    pub links: Vec<LinkRef>,
    /// The first paragraph as plain text.
    pub first_paragraph: String,
    /// Words of body text.
    pub words: usize,
    /// Whether the author wrote raw HTML.
    pub has_raw_html: bool,
    /// Raw HTML nested too deeply to sanitise; the body is shown as text.
    pub html_too_deep: bool,
    /// Where Markdown links or images to `javascript:`-like URLs were removed.
    pub script_urls: Vec<Pos>,
    /// Every id the body defines (headings, footnotes), sorted: what `#anchor` links may target.
    pub anchors: Vec<String>,
    /// Tables so far, to label each scroll box.
    tables: usize,
    /// Body text for the search index, until [`Scan::take_text`].
    text: String,
    /// Footnote labels in the order they are first cited.
    cited_notes: Vec<String>,
    /// Whether raw HTML passes through (the site's `trusted_html`).
    trusted_html: bool,
}

/// Ids the briefing template gives its own elements; a heading never takes
/// one (a "## Main" heading gets `main-1`), so no page has an id twice.
pub const THEME_IDS: &[&str] = &[
    "main",
    "takeaways-title",
    "toc-title",
    "related-title",
    "backlinks-title",
    "regions-title",
];

/// The Markdown extensions sitrep turns on; the floor program of the
/// benchmark uses the same, so the two parse the same language.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
}

/// True when `dest` is a URL with a scheme (`https:`, `mailto:`) or protocol-relative.
pub fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    let Some(colon) = dest.find(':') else {
        return false;
    };
    let scheme = &dest[..colon];
    !scheme.is_empty()
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// True for URLs that run code when followed: `javascript:`, `vbscript:` and
/// `data:` (but `data:image/...`), however they are cased, and with the tabs,
/// newlines and leading spaces or control characters that browsers ignore.
pub fn is_script_url(dest: &str) -> bool {
    let cleaned: String = dest
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(16)
        .flat_map(char::to_lowercase)
        .collect();
    cleaned.starts_with("javascript:")
        || cleaned.starts_with("vbscript:")
        || (cleaned.starts_with("data:") && !cleaned.starts_with("data:image/"))
}

/// Scans and renders `body`, whose first line is line `first_line` of its file.
///
/// Raw HTML is sanitised ([`sanitize`]: formatting kept, scripts dropped)
/// unless the site sets `trusted_html`, so no author can put a script on the
/// public site by accident or on purpose.
pub fn scan(body: &str, first_line: u32, trusted_html: bool) -> Scan {
    let lines = LineIndex::new(body, first_line);
    let mut events: Vec<(Event<'_>, usize)> = Parser::new_ext(body, options())
        .into_offset_iter()
        .map(|(e, r)| (e, r.start))
        .collect();
    let mut out = Scan {
        trusted_html,
        text: String::with_capacity(body.len()),
        ..Scan::default()
    };
    let takeaways = extract_takeaways(&mut events, &mut out);
    let footnotes = extract_footnotes(&mut events);
    let mut ids = Ids {
        taken: THEME_IDS.iter().map(|s| s.to_string()).collect(),
        next: HashMap::new(),
    };
    let mut body_events = rewrite(events, &mut out, &mut ids, (body, &lines));
    append_footnotes(
        &mut body_events,
        footnotes,
        &mut out,
        &mut ids,
        (body, &lines),
    );
    let mut html = String::with_capacity(body.len() * 5 / 4);
    pulldown_cmark::html::push_html(&mut html, body_events.into_iter());
    // Kept until the page is rendered: give back what the estimate over-reserved.
    html.shrink_to_fit();
    out.html = html;
    if let Some(list) = takeaways {
        let list = rewrite(list, &mut out, &mut ids, (body, &lines));
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, list.into_iter());
        out.takeaways_html = Some(html);
    }
    if out.has_raw_html && !out.trusted_html {
        if sanitize::depth(&out.html) > sanitize::MAX_DEPTH {
            // Too deep to sanitise quickly: show it all as text.
            out.html_too_deep = true;
            out.html = escape(&out.html);
        }
        out.html = sanitize::clean(&out.html);
        out.takeaways_html = out.takeaways_html.as_deref().map(sanitize::clean);
    }
    out.anchors = ids
        .taken
        .into_iter()
        .filter(|id| !THEME_IDS.contains(&id.as_str()))
        .collect();
    out.anchors.sort_unstable();
    out
}

impl Scan {
    /// The body's plain text, for its search words ([`crate::search::Words`]),
    /// leaving none behind: the briefing does not keep it.
    pub fn take_text(&mut self) -> String {
        std::mem::take(&mut self.text)
    }
}

/// The number of words in `t`, as `split_whitespace` counts them, without
/// decoding characters when `t` is ASCII (nearly always): eight bytes at a
/// time, a word counted where a non-space byte follows a space.
fn count_words(t: &str) -> usize {
    if !t.is_ascii() {
        return t.split_whitespace().count();
    }
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // The high bit of each byte of the result is set where the byte is one
    // of ASCII's White_Space characters (tab to carriage return, space).
    // Every byte is below 0x80, so no step carries into the next byte.
    let spaces = |x: u64| {
        let at_least_tab = (x + ONES * (0x80 - 0x09)) & HIGH;
        let at_most_cr = (ONES * (0x80 + 0x0D) - x) & HIGH;
        let not_space_char = ((x ^ (ONES * 0x20)) + ONES * 0x7F) & HIGH;
        (at_least_tab & at_most_cr) | (!not_space_char & HIGH)
    };
    let bytes = t.as_bytes();
    let mut count = 0;
    // Whether the byte before the current one is a space; the text starts after one.
    let mut space_before: u64 = 0x80;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or([b' '; 8]));
        let space = spaces(x);
        // Each byte's high bit says whether the byte before it is a space.
        let before = (space << 8) | space_before;
        count += (!space & before & HIGH).count_ones() as usize;
        space_before = (space >> 56) & 0x80;
    }
    let mut in_word = space_before == 0;
    for &b in chunks.remainder() {
        let word = !matches!(b, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r');
        count += usize::from(word && !in_word);
        in_word = word;
    }
    count
}

/// Moves a `## Key takeaways` heading and the list after it out of the body.
fn extract_takeaways<'a>(
    events: &mut Vec<(Event<'a>, usize)>,
    out: &mut Scan,
) -> Option<Vec<(Event<'a>, usize)>> {
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading {
            level: HeadingLevel::H2,
            ..
        }) = events[i].0
        {
            let end = find_end(events, i);
            let text = plain_text(&events[i + 1..end]);
            if text.trim().eq_ignore_ascii_case("key takeaways")
                && matches!(events.get(end + 1), Some((Event::Start(Tag::List(_)), _)))
            {
                let list_end = find_end(events, end + 1);
                let list: Vec<_> = events.drain(i..=list_end).skip(end + 1 - i).collect();
                out.takeaways = items_text(&list);
                return Some(list);
            }
            i = end;
        }
        i += 1;
    }
    None
}

fn items_text(list: &[(Event<'_>, usize)]) -> Vec<String> {
    let mut items = Vec::new();
    let mut depth = 0;
    let mut start = 0;
    for (i, (e, _)) in list.iter().enumerate() {
        match e {
            Event::Start(Tag::Item) => {
                if depth == 0 {
                    start = i;
                }
                depth += 1;
            }
            Event::End(TagEnd::Item) => {
                depth -= 1;
                if depth == 0 {
                    items.push(plain_text(&list[start..i]).trim().to_string());
                }
            }
            _ => {}
        }
    }
    items
}

/// Index of the `End` matching the `Start` at `start`.
fn find_end(events: &[(Event<'_>, usize)], start: usize) -> usize {
    let mut depth = 0usize;
    for (i, (e, _)) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    events.len().saturating_sub(1)
}

fn plain_text(events: &[(Event<'_>, usize)]) -> String {
    let mut s = String::new();
    for (e, _) in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s
}

type Footnote<'a> = (String, Vec<(Event<'a>, usize)>);

/// Moves footnote definitions out of the body, to be appended in reference order.
fn extract_footnotes<'a>(events: &mut Vec<(Event<'a>, usize)>) -> Vec<Footnote<'a>> {
    let mut defs = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::FootnoteDefinition(name)) = &events[i].0 {
            let name = name.to_string();
            let end = find_end(events, i);
            let inner: Vec<_> = events.drain(i..=end).collect();
            defs.push((name, inner[1..inner.len() - 1].to_vec()));
        } else {
            i += 1;
        }
    }
    defs
}

type Src<'s> = (&'s str, &'s LineIndex);

/// Rewrites headings, internal links, images and footnote references.
fn rewrite<'a>(
    events: Vec<(Event<'a>, usize)>,
    out: &mut Scan,
    ids: &mut Ids,
    src: Src<'_>,
) -> Vec<Event<'a>> {
    let mut result = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        let (event, offset) = &events[i];
        match event {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                let end = find_end(&events, i);
                let text = plain_text(&events[i + 1..end]);
                let id = unique_id(
                    id.as_deref()
                        .map_or_else(|| slug::anchor(&text), str::to_string),
                    ids,
                );
                let lvl = *level as u8;
                let class = if classes.is_empty() {
                    String::new()
                } else {
                    format!(" class=\"{}\"", escape(&classes.join(" ")))
                };
                result.push(Event::InlineHtml(
                    format!("<h{lvl} id=\"{}\"{class}>", escape(&id)).into(),
                ));
                let inner: Vec<_> = events[i + 1..end].to_vec();
                result.extend(rewrite(inner, out, ids, src));
                result.push(Event::InlineHtml(
                    format!(" <a class=\"anchor\" href=\"#{0}\" aria-label=\"Link to this section\">#</a></h{lvl}>\n", escape(&id)).into(),
                ));
                out.headings.push(Heading {
                    level: lvl,
                    id,
                    text: text.trim().to_string(),
                });
                i = end + 1;
                continue;
            }
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if !out.trusted_html && is_script_url(dest_url) =>
            {
                // `[x](javascript:...)`: the text stays, the link goes.
                out.script_urls.push(src.1.pos(src.0, *offset));
                let end = find_end(&events, i);
                if matches!(event, Event::Start(Tag::Link { .. })) {
                    let inner: Vec<_> = events[i + 1..end].to_vec();
                    result.extend(rewrite(inner, out, ids, src));
                } else {
                    result.push(Event::Text(plain_text(&events[i + 1..end]).into()));
                }
                i = end + 1;
                continue;
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                ..
            }) if !is_external(dest_url) && *link_type != LinkType::Email => {
                let slot = push_link(out, dest_url, link_kind(*link_type), *offset, src);
                let title = if title.is_empty() {
                    String::new()
                } else {
                    format!(" title=\"{}\"", escape(title))
                };
                result.push(Event::InlineHtml(
                    format!("<a href=\"{SLOT}{slot}{SLOT}\"{title}>").into(),
                ));
                let end = find_end(&events, i);
                let inner: Vec<_> = events[i + 1..end].to_vec();
                if *link_type == (LinkType::WikiLink { has_pothole: false }) {
                    // `[[slug]]` reads as the target's title, filled in stage 3.
                    result.push(Event::InlineHtml(format!("{SLOT}t{slot}{SLOT}").into()));
                } else {
                    if inner.is_empty() {
                        result.push(Event::Text(dest_url.clone()));
                    }
                    result.extend(rewrite(inner, out, ids, src));
                }
                result.push(Event::InlineHtml("</a>".into()));
                i = end + 1;
                continue;
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                let end = find_end(&events, i);
                let alt = plain_text(&events[i + 1..end]);
                let src_attr = if is_external(dest_url) {
                    escape(dest_url)
                } else {
                    let slot = push_link(out, dest_url, LinkKind::Image, *offset, src);
                    format!("{SLOT}{slot}{SLOT}")
                };
                let title = if title.is_empty() {
                    String::new()
                } else {
                    format!(" title=\"{}\"", escape(title))
                };
                // A local image's `width` and `height` fill its text slot in stage 3.
                let size = src_attr
                    .strip_prefix(SLOT)
                    .map_or(String::new(), |rest| format!("{SLOT}t{}", rest));
                result.push(Event::InlineHtml(
                    format!("<img src=\"{src_attr}\" alt=\"{}\"{title}{size} loading=\"lazy\" decoding=\"async\">", escape(&alt)).into(),
                ));
                i = end + 1;
                continue;
            }
            Event::FootnoteReference(name) => {
                let id = slug::anchor(name);
                let ref_id = unique_id(format!("fnref-{id}"), ids);
                if !out.cited_notes.iter().any(|n| n == name.as_ref()) {
                    out.cited_notes.push(name.to_string());
                }
                result.push(Event::InlineHtml(
                    format!(
                        "<sup class=\"footnote-ref\" id=\"{}\"><a href=\"#fn-{}\">{}</a></sup>",
                        escape(&ref_id),
                        escape(&id),
                        escape(name)
                    )
                    .into(),
                ));
            }
            Event::Start(Tag::Paragraph) if out.first_paragraph.is_empty() => {
                let end = find_end(&events, i);
                out.first_paragraph = plain_text(&events[i + 1..end]).trim().to_string();
                result.push(event.clone());
            }
            Event::Text(t) => {
                out.words += count_words(t);
                out.text.push_str(t);
                out.text.push(' ');
                result.push(event.clone());
            }
            Event::Start(Tag::Table(_)) => {
                // Wide tables scroll sideways on phones instead of widening the
                // page; the scroll box is focusable so keyboards can scroll it.
                out.tables += 1;
                result.push(Event::InlineHtml(
                    format!("<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Table {}\">\n", out.tables).into(),
                ));
                result.push(event.clone());
            }
            Event::End(TagEnd::Table) => {
                result.push(event.clone());
                result.push(Event::InlineHtml("</div>\n".into()));
            }
            Event::Html(_) | Event::InlineHtml(_) => {
                // Passed through here; unless the site trusts its authors,
                // the whole body is sanitised once it is HTML (see `scan`).
                out.has_raw_html = true;
                result.push(event.clone());
            }
            _ => result.push(event.clone()),
        }
        i += 1;
    }
    result
}

fn link_kind(t: LinkType) -> LinkKind {
    match t {
        LinkType::WikiLink { .. } => LinkKind::Wiki,
        _ => LinkKind::Markdown,
    }
}

fn push_link(
    out: &mut Scan,
    dest: &CowStr<'_>,
    kind: LinkKind,
    offset: usize,
    (body, lines): Src<'_>,
) -> usize {
    out.links.push(LinkRef {
        dest: dest.to_string(),
        kind,
        pos: lines.pos(body, offset),
    });
    out.links.len() - 1
}

/// The ids given out in one body, and for each base id the next suffix to
/// try, so a body of a thousand `## Notes` headings takes linear time.
struct Ids {
    taken: HashSet<String>,
    next: HashMap<String, usize>,
}

impl Ids {
    fn insert(&mut self, id: String) -> bool {
        self.taken.insert(id)
    }
}

fn unique_id(base: String, ids: &mut Ids) -> String {
    if ids.insert(base.clone()) {
        return base;
    }
    let mut n = ids.next.get(&base).copied().unwrap_or(1);
    loop {
        let candidate = format!("{base}-{n}");
        n += 1;
        if ids.insert(candidate.clone()) {
            ids.next.insert(base, n);
            return candidate;
        }
    }
}

/// Appends footnote definitions, numbered in order of first reference, each
/// with a link back to where it is cited.
fn append_footnotes<'a>(
    body: &mut Vec<Event<'a>>,
    defs: Vec<Footnote<'a>>,
    out: &mut Scan,
    ids: &mut Ids,
    src: Src<'_>,
) {
    if defs.is_empty() {
        return;
    }
    let mut by_name: HashMap<String, Vec<(Event<'a>, usize)>> = defs.into_iter().collect();
    // Notes are listed in the order they are first cited, uncited ones last by name.
    let mut order = std::mem::take(&mut out.cited_notes);
    let mut rest: Vec<_> = by_name
        .keys()
        .filter(|k| !order.contains(k))
        .cloned()
        .collect();
    rest.sort();
    order.extend(rest);
    body.push(Event::Html(
        "<section class=\"footnotes\" aria-label=\"Notes\">\n<ol>\n".into(),
    ));
    for (n, (key, def)) in order
        .into_iter()
        .filter_map(|n| by_name.remove(&n).map(|d| (n, d)))
        .enumerate()
    {
        let id = slug::anchor(&key);
        ids.insert(format!("fn-{id}"));
        body.push(Event::Html(
            format!("<li id=\"fn-{}\">\n", escape(&id)).into(),
        ));
        let mut inner = rewrite(def, out, ids, src);
        let back = Event::InlineHtml(format!(" <a class=\"footnote-back\" href=\"#fnref-{}\" aria-label=\"Back to reference {}\">↩</a>", escape(&id), n + 1).into());
        match inner
            .iter()
            .rposition(|e| matches!(e, Event::End(TagEnd::Paragraph)))
        {
            Some(p) => inner.insert(p, back),
            None => inner.push(back),
        }
        body.extend(inner);
        body.push(Event::Html("</li>\n".into()));
    }
    body.push(Event::Html("</ol>\n</section>\n".into()));
}

/// Escapes text for an HTML attribute or element.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Fills link slots with resolved, already escaped URLs (`\0N\0`) and the
/// link text of unlabelled wiki links (`\0tN\0`).
pub fn fill_slots(html: &str, urls: &[String], labels: &[String]) -> String {
    if !html.contains(SLOT) {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len() + urls.len() * 32);
    let mut parts = html.split(SLOT);
    out.push_str(parts.next().unwrap_or_default());
    while let (Some(n), Some(rest)) = (parts.next(), parts.next()) {
        let fill = match n.strip_prefix('t') {
            Some(n) => n.parse::<usize>().ok().and_then(|n| labels.get(n)),
            None => n.parse::<usize>().ok().and_then(|n| urls.get(n)),
        };
        out.push_str(fill.map_or("#", String::as_str));
        out.push_str(rest);
    }
    out
}

mod sanitize;
pub use sanitize::MAX_DEPTH as MAX_HTML_DEPTH;
#[cfg(test)]
mod tests;
