//! Raw HTML in a briefing, made safe: ammonia keeps harmless formatting
//! (`<sup>`, `<abbr>`, `<figure>`, `<details>`, tables, ...) and drops
//! `<script>`, `<style>`, event-handler attributes and `javascript:`,
//! `vbscript:` and `data:` URLs however they are spelled or encoded.
//!
//! Only bodies with raw HTML pass through here; the rest cost nothing.

use ammonia::Builder;
use std::sync::OnceLock;

/// Raw HTML nested deeper than this is shown as text instead: the HTML
/// parser under ammonia slows down sharply with depth (100,000 nested
/// `<div>`s take seconds), and no briefing needs it.
pub const MAX_DEPTH: usize = 512;

fn builder() -> &'static Builder<'static> {
    static BUILDER: OnceLock<Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut b = Builder::default();
        // What sitrep itself writes into bodies: heading ids and anchors,
        // footnote sections, table scroll boxes, task-list checkboxes, lazy images.
        b.add_tags(["section", "input"])
            .add_generic_attributes([
                "id",
                "class",
                "role",
                "tabindex",
                "aria-label",
                "aria-labelledby",
            ])
            .add_tag_attributes("img", ["loading", "decoding"])
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            // Table column alignment, as pulldown-cmark writes it.
            .add_tag_attributes("th", ["style"])
            .add_tag_attributes("td", ["style"])
            // Internal links are sitrep's own; no `rel` on every link.
            .link_rel(None);
        b
    })
}

/// `html` with anything that could run a script removed.
pub(super) fn clean(html: &str) -> String {
    // The link-slot marker (NUL) would not survive an HTML parser: a
    // private-use character the text does not contain stands in for it.
    let stand_in = ('\u{E000}'..='\u{F8FF}')
        .find(|c| !html.contains(*c))
        .unwrap_or('\u{F8FF}');
    let marked = html.replace('\0', &stand_in.to_string());
    builder().clean(&marked).to_string().replace(stand_in, "\0")
}

/// How deeply `html`'s elements nest, roughly: opening tags minus closing
/// ones, at their highest. Cheap, and enough to refuse pathological input.
pub(super) fn depth(html: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    let bytes = html.as_bytes();
    for (i, _) in html.match_indices('<') {
        match bytes.get(i + 1) {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(c) if c.is_ascii_alphabetic() => {
                let end = html[i..].find('>').map_or(html.len(), |e| i + e);
                if !html[i..end].ends_with('/') {
                    depth += 1;
                    max = max.max(depth);
                }
            }
            _ => {}
        }
    }
    max
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_handlers_and_script_urls_go_formatting_stays() {
        let dirty = concat!(
            "<p>Gas<sup>1</sup> <abbr title=\"liquefied natural gas\">LNG</abbr></p>",
            "<script>alert(1)</script><style>body{display:none}</style>",
            "<img src=x onerror=alert(1)>",
            "<a href=\"javascript:alert(1)\">a</a><a href=\"JaVaScRiPt:alert(1)\">b</a>",
            "<a href=\"jav&#x61;script:alert(1)\">c</a><a href=\" vbscript:msgbox(1)\">d</a>",
            "<a href=\"data:text/html,<script>alert(1)</script>\">e</a>",
            "<details><summary>More</summary><p onclick=\"alert(1)\">Text</p></details>",
            "<figure><figcaption>Map</figcaption></figure><iframe src=\"https://x\"></iframe>",
        );
        let clean = clean(dirty);
        for gone in [
            "<script",
            "alert(1)</",
            "onerror",
            "onclick",
            "javascript",
            "JaVaScRiPt",
            "vbscript",
            "data:",
            "<iframe",
            "<style",
        ] {
            assert!(!clean.contains(gone), "`{gone}` survived: {clean}");
        }
        for kept in [
            "<sup>1</sup>",
            "<abbr title=\"liquefied natural gas\">LNG</abbr>",
            "<details><summary>More</summary><p>Text</p></details>",
            "<figure><figcaption>Map</figcaption></figure>",
        ] {
            assert!(clean.contains(kept), "`{kept}` was lost: {clean}");
        }
    }

    #[test]
    fn private_use_characters_in_the_text_survive_next_to_link_slots() {
        let html = "<p>Icon <b>\u{E000}</b> before <a href=\"\u{0}0\u{0}\">link</a> after \u{E000} end.</p>";
        assert_eq!(clean(html), html);
    }

    #[test]
    fn depth_counts_open_elements() {
        assert_eq!(depth("<p>a <b>b</b> <br/> c</p>"), 2);
        assert_eq!(depth(&"<div>".repeat(2000)), 2000);
    }

    #[test]
    fn sitrep_markup_and_link_slots_survive() {
        let html = "<h2 id=\"a\" class=\"x\">A <a class=\"anchor\" href=\"#a\" aria-label=\"Link\">#</a></h2>\n<p><a href=\"\u{0}3\u{0}\">t</a> <img src=\"\u{0}4\u{0}\" alt=\"m\"\u{0}t4\u{0} loading=\"lazy\"></p><div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Table 1\"><table><tr><td style=\"text-align: right\">1</td></tr></table></div>";
        let out = clean(html);
        assert!(out.contains("<h2 id=\"a\" class=\"x\">A <a class=\"anchor\" href=\"#a\" aria-label=\"Link\">#</a></h2>"), "{out}");
        assert!(out.contains("<a href=\"\u{0}3\u{0}\">t</a>"), "{out:?}");
        assert!(out.contains("tabindex=\"0\" role=\"region\""), "{out}");
        assert!(out.contains("<td style=\"text-align: right\">"), "{out}");
    }
}
