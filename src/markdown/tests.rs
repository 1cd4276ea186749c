use super::*;

#[test]
fn internal_links_become_slots_with_positions() {
    let s = scan(
        "Intro\n\nSee [gas](../energy/pos.md#pricing) and [[pos|the deal]].\n",
        10,
        true,
    );
    assert_eq!(s.links.len(), 2);
    assert_eq!(s.links[0].dest, "../energy/pos.md#pricing");
    assert_eq!(s.links[0].pos, Pos::new(12, 5));
    assert_eq!(s.links[1].kind, LinkKind::Wiki);
    assert_eq!(s.links[1].dest, "pos");
    assert!(
        s.html.contains("<a href=\"\u{0}0\u{0}\">gas</a>"),
        "{}",
        s.html
    );
    assert!(
        s.html.contains("<a href=\"\u{0}1\u{0}\">the deal</a>"),
        "{}",
        s.html
    );
    let filled = fill_slots(&s.html, &["/a/".into(), "/b/".into()], &[]);
    assert!(filled.contains("<a href=\"/a/\">gas</a>"));
}

#[test]
fn unlabelled_wiki_links_take_their_text_from_a_label_slot() {
    let s = scan("See [[pos]] and [[pos|the deal]].\n", 1, false);
    assert!(
        s.html.contains(
            "<a href=\"\u{0}0\u{0}\">\u{0}t0\u{0}</a> and <a href=\"\u{0}1\u{0}\">the deal</a>"
        ),
        "{}",
        s.html
    );
    let filled = fill_slots(
        &s.html,
        &["/p/".into(), "/p/".into()],
        &["Power &amp; gas".into(), String::new()],
    );
    assert!(
        filled.contains("<a href=\"/p/\">Power &amp; gas</a> and <a href=\"/p/\">the deal</a>"),
        "{filled}"
    );
}

#[test]
fn external_links_are_untouched() {
    let s = scan(
        "[x](https://example.org) [m](mailto:a@b.c) <https://x.org>",
        1,
        true,
    );
    assert!(s.links.is_empty());
    assert!(s.html.contains("href=\"https://example.org\""));
}

#[test]
fn headings_get_unique_ids_and_anchor_links() {
    let s = scan(
        "## Energy cooperation\n\n## Energy cooperation\n\n### Custom {#mine}\n",
        1,
        true,
    );
    let ids: Vec<_> = s.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["energy-cooperation", "energy-cooperation-1", "mine"]);
    assert!(s.html.contains("<h2 id=\"energy-cooperation\">Energy cooperation <a class=\"anchor\" href=\"#energy-cooperation\""));
}

#[test]
fn key_takeaways_are_moved_out_of_the_body() {
    let s = scan(
        "## Key takeaways\n\n- One *thing*\n- Two\n\nFirst para.\n\n## Next\n",
        1,
        true,
    );
    assert_eq!(s.takeaways, ["One thing", "Two"]);
    assert!(s.takeaways_html.unwrap().contains("<em>thing</em>"));
    assert!(!s.html.contains("Key takeaways"));
    assert_eq!(s.first_paragraph, "First para.");
    assert_eq!(s.headings.len(), 1);
}

#[test]
fn footnotes_link_both_ways() {
    let s = scan("Claim.[^a] Again.[^a]\n\n[^a]: Source.\n", 1, true);
    assert!(
        s.html
            .contains("<sup class=\"footnote-ref\" id=\"fnref-a\"><a href=\"#fn-a\">a</a></sup>"),
        "{}",
        s.html
    );
    assert!(s.html.contains("id=\"fnref-a-1\""));
    assert!(s.html.contains("<li id=\"fn-a\">"));
    assert!(s.html.contains("href=\"#fnref-a\""));
}

#[test]
fn images_are_lazy_with_escaped_alt() {
    let s = scan("![A <b> & map](map.png)\n", 1, true);
    assert_eq!(s.links[0].kind, LinkKind::Image);
    assert!(s.html.contains("alt=\"A  &amp; map\""), "{}", s.html);
    assert!(s.html.contains("loading=\"lazy\""));
}

#[test]
fn only_links_make_slots() {
    let s = scan("[x](y.md) and text", 1, true);
    assert_eq!(s.html.matches(SLOT).count(), 2, "{}", s.html);
}

#[test]
fn words_and_raw_html_are_counted() {
    let s = scan("one two three\n\n<div>x</div>\n", 1, true);
    assert_eq!(s.words, 3);
    assert!(s.has_raw_html);
}

#[test]
fn raw_html_is_sanitised_unless_trusted() {
    let dirty = "Hi <script>alert(1)</script><sup>2</sup>\n\n<img src=x onerror=alert(2)>\n\n## Key takeaways\n\n- <b onmouseover=alert(3)>Bold</b>\n";
    let s = scan(dirty, 1, false);
    assert!(s.has_raw_html);
    assert!(
        !s.html.contains("<script") && !s.html.contains("alert"),
        "{}",
        s.html
    );
    assert!(s.html.contains("<sup>2</sup>"), "{}", s.html);
    assert!(s.html.contains("<img src=\"x\">"), "{}", s.html);
    let takeaways = s.takeaways_html.unwrap();
    assert!(takeaways.contains("<b>Bold</b>"), "{takeaways}");
    let s = scan(dirty, 1, true);
    assert!(
        s.html.contains("<script>alert(1)</script>"),
        "trusted HTML passes unchanged"
    );
    assert!(s.html.contains("onerror=alert(2)"));
}

#[test]
fn anchors_list_every_id_the_body_defines() {
    let s = scan("## Pricing\n\nClaim.[^n]\n\n[^n]: Note.\n", 1, false);
    assert_eq!(s.anchors, ["fn-n", "fnref-n", "pricing"]);
}

#[test]
fn script_urls_in_markdown_links_and_images_are_removed_unless_trusted() {
    let body = "[a](javascript:alert(1)) [b](JaVaScRiPt:alert(2)) [c](&#106;avascript:alert(3)) [d](<java\tscript:alert(4)>) [e](vbscript:x) [f](data:text/html,<script>alert(5)</script>) ![g](javascript:alert(6)) [ok](https://example.org) ![map](data:image/png;base64,AAAA)\n";
    let s = scan(body, 10, false);
    assert!(!s.html.to_lowercase().contains("script:"), "{}", s.html);
    assert!(!s.html.contains("data:text"), "{}", s.html);
    assert!(
        s.html
            .contains("<p>a b c d e f g <a href=\"https://example.org\">ok</a>"),
        "{}",
        s.html
    );
    assert!(
        s.html.contains("src=\"data:image/png;base64,AAAA\""),
        "{}",
        s.html
    );
    assert_eq!(s.script_urls.len(), 7);
    assert_eq!(s.script_urls[0], Pos::new(10, 1));
    let trusted = scan(body, 10, true);
    assert!(trusted.html.contains("href=\"javascript:alert(1)\""));
    assert!(trusted.script_urls.is_empty());
}

#[test]
fn is_script_url_sees_through_case_whitespace_and_control_characters() {
    for bad in [
        "javascript:x",
        " JAVASCRIPT:x",
        "\u{1}javascript:x",
        "java\nscript:x",
        "jav\tascript:x",
        "vbscript:x",
        "data:text/html,x",
        "DATA:application/x",
    ] {
        assert!(is_script_url(bad), "{bad:?}");
    }
    for good in [
        "https://x.org/javascript:",
        "/javascript:",
        "javascript",
        "data:image/png;base64,x",
        "mailto:a@b.c",
    ] {
        assert!(!is_script_url(good), "{good:?}");
    }
}

#[test]
fn raw_html_nested_too_deeply_is_shown_as_text_quickly() {
    let body = format!(
        "Start\n\n{}x{}\n",
        "<div>".repeat(50_000),
        "</div>".repeat(50_000)
    );
    let t = std::time::Instant::now();
    let s = scan(&body, 1, false);
    assert!(s.html_too_deep);
    assert!(s.html.contains("&lt;div&gt;"), "shown as text");
    assert!(!s.html.contains("<div>"));
    assert!(
        t.elapsed() < std::time::Duration::from_secs(5),
        "took {:?}",
        t.elapsed()
    );
    assert!(!scan("<div><b>x</b></div>\n", 1, false).html_too_deep);
}

#[test]
fn thousands_of_identical_headings_get_numbered_ids_in_linear_time() {
    let s = scan(&"## Notes\n\n".repeat(3), 1, false);
    assert_eq!(
        s.headings.iter().map(|h| h.id.as_str()).collect::<Vec<_>>(),
        ["notes", "notes-1", "notes-2"]
    );
    let s = scan(&"# a\n".repeat(20_000), 1, false);
    assert_eq!(s.headings.last().map(|h| h.id.as_str()), Some("a-19999"));
}

#[test]
fn words_are_counted_as_split_whitespace_counts_them() {
    for t in [
        "",
        "   ",
        "one",
        " two  words ",
        "tab\tand\nnew\x0Bline\x0C\rend",
        "non-breaking\u{a0}space and em\u{2003}space",
        "Côte d’Ivoire",
        "exactly8",
        "a b c d e f g h i j k l m n o p q",
        "        sixteen-byte run        ",
    ] {
        assert_eq!(count_words(t), t.split_whitespace().count(), "{t:?}");
    }
    // Every ASCII byte, at every offset across the eight-byte steps: spaces
    // among the control characters, `!` and DEL beside them.
    let alphabet: Vec<u8> = (0u8..0x80).collect();
    let mut state = 1u64;
    for len in 0..40 {
        for _ in 0..200 {
            let t: String = (0..len)
                .map(|_| {
                    state = state
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    // Half the bytes from the spaces and their neighbours.
                    let pick = (state >> 33) as usize;
                    let b = if pick.is_multiple_of(2) {
                        [
                            b' ', b'\t', b'\n', 0x0B, 0x0C, b'\r', 0x08, 0x0E, 0x1F, b'!', b'x',
                        ][pick / 2 % 11]
                    } else {
                        alphabet[pick / 2 % alphabet.len()]
                    };
                    char::from(b)
                })
                .collect();
            assert_eq!(count_words(&t), t.split_whitespace().count(), "{t:?}");
        }
    }
}
