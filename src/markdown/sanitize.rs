//! Raw HTML in a briefing, made safe: ammonia keeps harmless formatting
//! (`<sup>`, `<abbr>`, `<figure>`, `<details>`, tables, ...) and drops
//! `<script>`, `<style>`, event-handler attributes and `javascript:`,
//! `vbscript:` and `data:` URLs however they are spelled or encoded.
//!
//! Only bodies with raw HTML pass through here; the rest cost nothing.

use ammonia::Builder;
use std::sync::OnceLock;

/// Stands in for the link-slot marker (NUL), which an HTML parser would
/// replace, while ammonia reads the body. A private-use character.
const SLOT_STAND_IN: char = '\u{E000}';

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
    let marked = html.replace('\0', &SLOT_STAND_IN.to_string());
    builder()
        .clean(&marked)
        .to_string()
        .replace(SLOT_STAND_IN, "\0")
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
    fn sitrep_markup_and_link_slots_survive() {
        let html = "<h2 id=\"a\" class=\"x\">A <a class=\"anchor\" href=\"#a\" aria-label=\"Link\">#</a></h2>\n<p><a href=\"\u{0}3\u{0}\">t</a> <img src=\"\u{0}4\u{0}\" alt=\"m\"\u{0}t4\u{0} loading=\"lazy\"></p><div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Table 1\"><table><tr><td style=\"text-align: right\">1</td></tr></table></div>";
        let out = clean(html);
        assert!(out.contains("<h2 id=\"a\" class=\"x\">A <a class=\"anchor\" href=\"#a\" aria-label=\"Link\">#</a></h2>"), "{out}");
        assert!(out.contains("<a href=\"\u{0}3\u{0}\">t</a>"), "{out:?}");
        assert!(out.contains("tabindex=\"0\" role=\"region\""), "{out}");
        assert!(out.contains("<td style=\"text-align: right\">"), "{out}");
    }
}
