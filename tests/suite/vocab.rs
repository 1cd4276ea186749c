//! Controlled vocabularies and the region hierarchy: the `vocab` fixture
//! declares topics inline and regions in a file; the built-in gazetteer
//! places countries under UN M49 regions.

use crate::common::{TestSite, assert_clean, messages};

/// Term links of one `<ul>` that follows `heading` in `main`, as `name count`.
fn listed(main: &str, heading: &str) -> Vec<String> {
    let at = main
        .find(heading)
        .unwrap_or_else(|| panic!("`{heading}` in:\n{main}"));
    let list = &main[at..];
    let list = &list[..list.find("</ul>").expect("the list ends")];
    list.split("<li>")
        .skip(1)
        .map(|li| {
            let name = li.split("\">").nth(1).and_then(|s| s.split('<').next());
            let count = li
                .split("class=\"count\">")
                .nth(1)
                .and_then(|s| s.split('<').next());
            format!("{} {}", name.unwrap_or_default(), count.unwrap_or_default())
        })
        .collect()
}

/// Titles of the cards on a list page.
fn card_titles(main: &str) -> Vec<&str> {
    main.split("class=\"card-title\"><a href=\"")
        .skip(1)
        .filter_map(|s| s.split("\">").nth(1)?.split('<').next())
        .collect()
}

#[test]
fn aliases_map_to_the_declared_term_with_its_name_and_description() {
    let site = TestSite::copy("vocab");
    site.build_clean();
    let energy = site.main("topics/energy/index.html");
    assert!(energy.contains("<h1>Energy</h1>"));
    assert!(
        energy.contains("<p class=\"lede\">Oil &amp; gas &lt;b&gt;and&lt;/b&gt; pipelines.</p>"),
        "{energy}"
    );
    // "Oil and Gas" is an alias of energy.
    assert_eq!(
        card_titles(&energy),
        ["High north", "China and Asia", "Alias only"]
    );
    // "PRC" is a site alias of the gazetteer's china.
    let china = site.main("regions/china/index.html");
    assert_eq!(card_titles(&china), ["China and Asia", "Alias only"]);
    // A declared name replaces the author's spelling ("Arctic").
    assert!(
        site.main("regions/arctic/index.html")
            .contains("<h1>The Arctic</h1>")
    );
    let files = site.files();
    assert!(
        !files
            .iter()
            .any(|f| f.contains("oil-and-gas") || f.contains("prc")),
        "{files:?}"
    );
}

#[test]
fn region_pages_roll_up_sub_regions_with_breadcrumbs() {
    let site = TestSite::copy("vocab");
    site.build_clean();
    let china = site.main("regions/china/index.html");
    assert!(
        china.contains("<nav class=\"breadcrumbs\" aria-label=\"Larger regions\"><ol><li><a href=\"/regions/asia/\">Asia</a></li><li><a href=\"/regions/eastern-asia/\">Eastern Asia</a></li><li aria-current=\"page\">China</li></ol></nav>"),
        "{china}"
    );
    // Asia: tagged directly once, and through China and the South China Sea;
    // "China and Asia" is listed once.
    let asia = site.main("regions/asia/index.html");
    assert_eq!(
        card_titles(&asia),
        ["Sea patrol", "China and Asia", "Alias only"]
    );
    assert!(
        asia.contains("3 briefings, 2 of them from sub-regions"),
        "{asia}"
    );
    assert_eq!(
        listed(&asia, "<h2>Sub-regions</h2>"),
        ["Eastern Asia 3", "South-eastern Asia 1"]
    );
    // A site region with two parents rolls up into both.
    let east = site.main("regions/eastern-asia/index.html");
    assert_eq!(
        card_titles(&east),
        ["Sea patrol", "China and Asia", "Alias only"]
    );
    assert!(east.contains("3 briefings, all from sub-regions"), "{east}");
    // Topic × region pages roll up too: energy in Asia.
    let energy_asia = site.main("topics/energy/asia/index.html");
    assert_eq!(card_titles(&energy_asia), ["China and Asia", "Alias only"]);
}

#[test]
fn regions_index_is_a_tree_and_the_home_page_lists_tagged_terms_only() {
    let site = TestSite::copy("vocab");
    site.build_clean();
    let index = site.main("regions/index.html");
    let rows: Vec<String> = index
        .split("<li")
        .skip(1)
        .map(|li| {
            let depth = li
                .strip_prefix(" class=\"depth-")
                .and_then(|s| s.split('"').next())
                .unwrap_or("0");
            let name = li.split("/\">").nth(1).and_then(|s| s.split('<').next());
            format!("{depth} {}", name.unwrap_or_default())
        })
        .collect();
    assert_eq!(
        rows,
        [
            "0 Asia",
            "1 Eastern Asia",
            "2 China",
            "1 South-eastern Asia",
            "2 South China Sea",
            "0 The Arctic",
        ]
    );
    let home = site.main("index.html");
    assert_eq!(
        listed(&home, "id=\"home-regions\""),
        ["Asia 3", "China 2", "South China Sea 1", "The Arctic 1"]
    );
}

#[test]
fn unknown_terms_are_errors_with_a_suggestion_when_a_vocabulary_is_declared() {
    let site = TestSite::copy("vocab");
    site.write(
        "content/typo.md",
        "---\ntitle: Typo\ndate: 2024-05-01\ntopics: [Enrgy, Cooking]\nregions: [Chnia, Atlantis]\n---\n\nText.\n",
    );
    let report = site.check();
    assert_eq!(
        messages(&report),
        [
            "content/typo.md:4:10: error[term/unknown]: unknown topic `Enrgy`\n  help: did you mean `energy`?",
            "content/typo.md:4:17: error[term/unknown]: unknown topic `Cooking`\n  help: use a topic declared under `topics:` in sitrep.yaml, or declare this one there",
            "content/typo.md:5:11: error[term/unknown]: unknown region `Chnia`\n  help: did you mean `china`?",
            "content/typo.md:5:18: error[term/unknown]: unknown region `Atlantis`\n  help: use a region declared under `regions:` in sitrep.yaml, or declare this one there",
        ]
    );
}

#[test]
fn without_a_vocabulary_any_term_is_accepted_and_the_gazetteer_places_countries() {
    let site = TestSite::empty("gazetteer");
    site.write(
        "content/a.md",
        "---\ntitle: A\ndate: 2024-01-01\ntopics: [Anything]\nregions: [Kenya, Atlantis, Russian Federation]\n---\n\nText.\n",
    );
    assert_clean(&site.build());
    let kenya = site.main("regions/kenya/index.html");
    assert!(
        kenya.contains("<ol><li><a href=\"/regions/africa/\">Africa</a></li><li><a href=\"/regions/sub-saharan-africa/\">Sub-Saharan Africa</a></li><li><a href=\"/regions/eastern-africa/\">Eastern Africa</a></li><li aria-current=\"page\">Kenya</li></ol>"),
        "{kenya}"
    );
    // The gazetteer's official names are aliases: one page, the short name.
    assert!(
        site.main("regions/russia/index.html")
            .contains("<h1>Russia</h1>")
    );
    let atlantis = site.main("regions/atlantis/index.html");
    assert!(!atlantis.contains("breadcrumbs"), "no parent: {atlantis}");
    assert!(
        site.files()
            .contains(&"topics/anything/index.html".to_string())
    );
}

#[test]
fn vocabulary_mistakes_name_the_file_and_line() {
    let site = TestSite::copy("vocab");
    site.write(
        "vocab/regions.yaml",
        "- id: arctic\n  parents: [nowhere-land]\n- name: No id\n- id: sahel\n  parnets: [africa]\n",
    );
    site.write(
        "sitrep.yaml",
        "title: X\ntopics: 42\nregions: vocab/regions.yaml\n",
    );
    let report = site.check();
    let got: Vec<String> = messages(&report)
        .into_iter()
        .filter(|m| !m.starts_with("content/"))
        .collect();
    assert_eq!(
        got,
        [
            "sitrep.yaml:2:1: error[vocab/type]: `topics` must be a list of terms or the path of a file holding one, found a number",
            "vocab/regions.yaml:2:13: error[vocab/unknown-parent]: region `arctic` names unknown parent `nowhere-land`\n  help: declare the parent region too, or use a gazetteer region such as `eastern-asia` or `europe`",
            "vocab/regions.yaml:3:3: error[vocab/missing-id]: a region definition has no `id`\n  help: add `id: short-name`; it becomes the URL of the term's page",
            "vocab/regions.yaml:5:3: error[vocab/unknown-key]: unknown key `parnets` in a region definition\n  help: did you mean `parents`?",
        ]
    );
}

#[test]
fn a_missing_vocabulary_file_is_an_error_at_its_setting() {
    let site = TestSite::copy("vocab");
    site.write("sitrep.yaml", "title: X\nregions: vocab/nope.yaml\n");
    let report = site.check();
    let first = &messages(&report)[0];
    assert!(
        first.starts_with("sitrep.yaml:2:1: error[config/vocab-file]: cannot read `regions` file `vocab/nope.yaml`: "),
        "{first}"
    );
}
