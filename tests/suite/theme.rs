//! The default theme as a reader meets it: what a briefing page shows above
//! the fold, region breadcrumbs, tables and images in the body, the print
//! stylesheet's page footer, and the `custom.css` hook.

use crate::common::{TestSite, main_of};

fn site() -> TestSite {
    let site = TestSite::copy("publish");
    site.build_clean();
    site
}

#[test]
fn briefing_pages_show_where_each_region_sits() {
    let site = site();
    let main = site.main("briefings/pipeline-deal/index.html");
    assert!(main.contains(
        "<ol class=\"breadcrumbs\"><li><a href=\"/desk/regions/europe/\">Europe</a></li><li><a href=\"/desk/regions/eastern-europe/\">Eastern Europe</a></li><li><a href=\"/desk/regions/russia/\">Russia</a></li></ol>"
    ), "{main}");
    assert!(main.contains(
        "<ol class=\"breadcrumbs\"><li><a href=\"/desk/regions/asia/\">Asia</a></li><li><a href=\"/desk/regions/eastern-asia/\">Eastern Asia</a></li><li><a href=\"/desk/regions/china/\">China</a></li></ol>"
    ));
    // A region with no larger region (Arctic) gets no trail, and no empty nav.
    assert!(
        !site
            .main("briefings/arctic/index.html")
            .contains("region-trails")
    );
}

#[test]
fn without_a_summary_the_first_takeaway_is_the_card_text_and_not_repeated_as_lede() {
    let site = site();
    let main = site.main("briefings/no-summary/index.html");
    assert!(
        !main.contains("class=\"lede\""),
        "the takeaways card already says it"
    );
    assert!(main.contains("<li>Transit fees rose by a third.</li>"));
    let page = site.page("briefings/no-summary/index.html");
    assert!(page.contains("<meta name=\"description\" content=\"Transit fees rose by a third.\">"));
    let topic = site.main("topics/energy/index.html");
    assert!(
        topic.contains("<p class=\"summary\">Transit fees rose by a third.</p>"),
        "{topic}"
    );
    // With a summary, the lede is the summary.
    assert!(site.main("briefings/pipeline-deal/index.html").contains(
        "<p class=\"lede\">The two sides signed a binding contract for the eastern route.</p>"
    ));
}

#[test]
fn a_heading_never_takes_an_id_the_theme_uses() {
    let site = site();
    let page = site.page("briefings/no-summary/index.html");
    assert!(
        page.contains("<h2 id=\"main-1\">Main"),
        "a `## Main` heading"
    );
    assert_eq!(
        page.matches(" id=\"main\"").count(),
        1,
        "one element has id main"
    );
}

#[test]
fn tables_scroll_in_a_focusable_region_and_images_have_their_size() {
    let site = site();
    let main = site.main("briefings/pipeline-deal/index.html");
    assert!(main.contains("<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Table 1\">\n<table>"), "{main}");
    assert!(main.contains(
        "<img src=\"/desk/images/route.svg\" alt=\"Map of the eastern route\" width=\"10\" height=\"10\" loading=\"lazy\" decoding=\"async\">"
    ), "{main}");
}

#[test]
fn a_printed_briefing_names_the_publication_url_and_date_on_every_page() {
    let site = site();
    let page = site.page("briefings/arctic/index.html");
    // The hostile title of this fixture cannot close the style element.
    assert!(page.contains(
        "@bottom-left { content: \"Publish Desk · 10 Jan 2025 · https://owner.github.io/desk/briefings/arctic/\";"
    ), "{page}");
    let head = &page[..page.find("</head>").unwrap()];
    assert_eq!(head.matches("</style>").count(), 1);
    let css = std::fs::read_to_string(site.output().join("style.css")).unwrap();
    let print = &css[css.find("@media print").expect("a print stylesheet")..];
    for hidden in [".site-header nav", ".toc", ".search-form", ".prev-next"] {
        assert!(print.contains(hidden), "print hides {hidden}");
    }
    assert!(print.contains("a[href^=\"http\"]::after { content: \" (\" attr(href) \")\""));
    assert!(
        print.contains(".takeaways, table"),
        "no page break inside takeaways and tables"
    );
}

#[test]
fn a_sites_custom_css_is_linked_after_the_default_stylesheet() {
    let site = site();
    assert!(!site.page("index.html").contains("custom.css"));
    site.write("static/custom.css", ":root { --accent: #005f73; }\n");
    site.build_clean();
    let page = site.page("index.html");
    let default = page.find("href=\"/desk/style.css\"").unwrap();
    let custom = page
        .find("<link rel=\"stylesheet\" href=\"/desk/custom.css\">")
        .expect("custom.css is linked");
    assert!(
        custom > default,
        "custom.css comes after style.css so it wins"
    );
    assert!(site.output().join("custom.css").is_file());
    assert!(main_of(&page).contains("Latest briefings"));
}

#[test]
fn the_worked_example_changes_the_colours_and_the_home_page_only() {
    let site = TestSite::copy("custom-theme");
    site.build_clean();
    let home = site.page("index.html");
    assert!(home.contains("<link rel=\"stylesheet\" href=\"/custom.css\">"));
    let main = main_of(&home);
    assert!(main.contains("<h1>Harbour Desk</h1>"), "{main}");
    assert!(main.contains("Maritime briefings: 1 briefing so far."));
    assert!(main.contains("<h2 id=\"latest-title\">This week on the water</h2>"));
    assert!(
        main.contains("<a href=\"/briefings/gas-deal/\">Gas deal signed</a>"),
        "the default card partial"
    );
    // Every other page keeps the default theme.
    let briefing = site.main("briefings/gas-deal/index.html");
    assert!(briefing.contains("<section class=\"takeaways\" aria-labelledby=\"takeaways-title\">"));
    assert_eq!(
        std::fs::read_to_string(site.output().join("custom.css")).unwrap(),
        std::fs::read_to_string(site.root.join("static/custom.css")).unwrap()
    );
}

#[test]
fn only_the_search_page_runs_a_script() {
    let site = site();
    for (path, html) in crate::common::html_pages(&site.output()) {
        let scripts = html.matches("<script").count();
        let data = html
            .matches("<script type=\"application/ld+json\">")
            .count();
        let expected = usize::from(path == "search/index.html");
        assert_eq!(
            scripts - data,
            expected,
            "{path}: pages must work with JavaScript off"
        );
        assert!(
            !html.contains("@font-face") && !html.contains("fonts.googleapis"),
            "{path}: no web fonts"
        );
    }
}
