//! Controlled vocabularies: the topics and regions a site declares in
//! `sitrep.yaml` (inline or in files it names), and the built-in gazetteer of
//! countries under their UN M49 groupings (`data/gazetteer.tsv`).
//!
//! A vocabulary maps every way of writing a term (id, name, alias, in any
//! case or spacing) to one canonical entry, and gives regions their parents.
//! Only a declared vocabulary makes an unknown term an error; the gazetteer
//! alone names and places the countries it knows and accepts anything else.

use crate::diag::{Diagnostic, Pos};
use crate::slug::Slug;
use crate::url::TermKind;
use crate::yaml::Yaml;
use std::collections::HashMap;

/// The gazetteer, built from a public data package by `tools/gazetteer/generate`.
const GAZETTEER: &str = include_str!("../data/gazetteer.tsv");

/// One term as a site declares it.
#[derive(Debug, Clone, PartialEq)]
pub struct TermDef {
    /// `energy`, `south-china-sea`.
    pub id: String,
    /// Display name; the gazetteer's or the id when absent.
    pub name: Option<String>,
    /// Shown on the term's page.
    pub description: String,
    /// Other spellings that mean this term.
    pub aliases: Vec<String>,
    /// Regions only: the ids of larger regions containing this one.
    pub parents: Vec<(String, Pos)>,
    /// The file that declares it, relative to the site root.
    pub file: String,
    /// Where.
    pub pos: Pos,
}

/// Reads a list of term definitions: each item an id (`- energy`) or a
/// mapping (`- id: arctic` with `name`, `description`, `aliases`, `parents`).
pub(crate) fn parse_defs(
    kind: TermKind,
    value: &Yaml,
    file: &str,
    at: Pos,
    diags: &mut Vec<Diagnostic>,
) -> Vec<TermDef> {
    let Yaml::Seq(items) = value else {
        diags.push(Diagnostic::error(
            file,
            Some(at),
            "vocab/type",
            format!(
                "`{}` must be a list of terms or the path of a file holding one, found {}",
                kind.section(),
                value.kind()
            ),
        ));
        return Vec::new();
    };
    let mut defs = Vec::new();
    for (item, pos) in items {
        let def = |id: String| TermDef {
            id,
            name: None,
            description: String::new(),
            aliases: Vec::new(),
            parents: Vec::new(),
            file: file.to_string(),
            pos: *pos,
        };
        match item {
            Yaml::Map(entries) => {
                let mut d = def(String::new());
                for e in entries {
                    let text = e.value.as_scalar();
                    match (e.key.as_str(), &e.value) {
                        ("id", _) if text.is_some() => d.id = text.unwrap_or_default(),
                        ("name", _) if text.is_some() => d.name = text,
                        ("description", _) if text.is_some() => {
                            d.description = text.unwrap_or_default()
                        }
                        ("aliases", v) => {
                            d.aliases = strings(v, e.pos).into_iter().map(|s| s.0).collect()
                        }
                        ("parents" | "parent", v) if kind == TermKind::Region => {
                            d.parents = strings(v, e.pos)
                        }
                        (k, _) => {
                            let known: &[&str] = match kind {
                                TermKind::Topic => &["id", "name", "description", "aliases"],
                                TermKind::Region => {
                                    &["id", "name", "description", "aliases", "parents"]
                                }
                            };
                            let mut diag = Diagnostic::error(
                                file,
                                Some(e.pos),
                                "vocab/unknown-key",
                                format!("unknown key `{k}` in a {} definition", kind.noun()),
                            );
                            diag = match crate::diag::suggest(k, known.iter().copied()) {
                                Some(s) if known.contains(&k) => diag.with_help(format!(
                                    "`{s}` must be text (for `aliases` and `parents`, a list)"
                                )),
                                Some(s) => diag.with_help(format!("did you mean `{s}`?")),
                                None => diag.with_help(format!("known keys: {}", known.join(", "))),
                            };
                            diags.push(diag);
                        }
                    }
                }
                if d.id.trim().is_empty() {
                    diags.push(
                        Diagnostic::error(
                            file,
                            Some(*pos),
                            "vocab/missing-id",
                            format!("a {} definition has no `id`", kind.noun()),
                        )
                        .with_help("add `id: short-name`; it becomes the URL of the term's page"),
                    );
                    continue;
                }
                defs.push(d);
            }
            other => match other.as_scalar() {
                Some(id) if !id.trim().is_empty() => defs.push(def(id)),
                _ => diags.push(Diagnostic::error(
                    file,
                    Some(*pos),
                    "vocab/type",
                    format!(
                        "a {} must be an id or a mapping with `id:`, found {}",
                        kind.noun(),
                        other.kind()
                    ),
                )),
            },
        }
    }
    defs
}

/// A scalar or a list of scalars, with positions; a lone scalar is at `at`.
fn strings(v: &Yaml, at: Pos) -> Vec<(String, Pos)> {
    match v {
        Yaml::Seq(items) => items
            .iter()
            .filter_map(|(y, p)| y.as_scalar().map(|s| (s, *p)))
            .collect(),
        other => other.as_scalar().map(|s| (s, at)).into_iter().collect(),
    }
}

/// A known term.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Canonical slug: the page URL.
    pub id: Slug,
    /// Display name.
    pub name: String,
    /// Shown on the term's page.
    pub description: String,
    /// Indexes of the entries that contain this one.
    pub parents: Vec<usize>,
}

/// The known terms of one kind.
#[derive(Debug, Clone, Default)]
pub struct Scheme {
    /// True when the site declared this kind: unknown terms are errors.
    pub declared: bool,
    /// Known terms.
    pub entries: Vec<Entry>,
    /// Slug of every id, name and alias → entry.
    lookup: HashMap<String, usize>,
}

impl Scheme {
    /// The entry a term written as `text` means.
    pub fn find(&self, text: &str) -> Option<usize> {
        self.lookup.get(Slug::new(text).as_str()).copied()
    }

    /// The nearest known spelling of an unknown term, for "did you mean".
    pub fn suggest(&self, text: &str) -> Option<String> {
        let slug = Slug::new(text);
        crate::diag::suggest(slug.as_str(), self.lookup.keys().map(String::as_str))
            .map(|k| self.entries[self.lookup[k]].id.to_string())
    }

    /// Every ancestor of `entry` (parents, their parents, ...), nearest first,
    /// each once.
    pub fn ancestors(&self, entry: usize) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        let mut queue: std::collections::VecDeque<usize> =
            self.entries[entry].parents.iter().copied().collect();
        while let Some(p) = queue.pop_front() {
            if p != entry && !out.contains(&p) {
                out.push(p);
                queue.extend(&self.entries[p].parents);
            }
        }
        out
    }

    fn insert(&mut self, id: Slug, name: String) -> usize {
        if let Some(&i) = self.lookup.get(id.as_str())
            && self.entries[i].id == id
        {
            return i;
        }
        self.entries.push(Entry {
            id: id.clone(),
            name,
            description: String::new(),
            parents: Vec::new(),
        });
        let i = self.entries.len() - 1;
        self.lookup.insert(id.to_string(), i);
        i
    }

    /// Maps `text` to entry `i` unless it already means another entry.
    fn alias(&mut self, text: &str, i: usize) {
        self.lookup.entry(Slug::new(text).to_string()).or_insert(i);
    }
}

/// Both vocabularies of a site.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    /// Topics: declared by the site or open.
    pub topics: Scheme,
    /// Regions: the gazetteer plus the site's own.
    pub regions: Scheme,
}

impl Default for Vocabulary {
    /// Open topics; regions from the gazetteer.
    fn default() -> Self {
        Vocabulary {
            topics: Scheme::default(),
            regions: gazetteer(),
        }
    }
}

impl Vocabulary {
    /// The built-in gazetteer plus the site's declarations; problems with the
    /// declarations (unknown parents, cycles) come back as diagnostics.
    pub fn new(
        topics: Option<&[TermDef]>,
        regions: Option<&[TermDef]>,
    ) -> (Vocabulary, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let mut vocab = Vocabulary::default();
        if let Some(defs) = topics {
            vocab.topics.declared = true;
            declare(&mut vocab.topics, defs, &mut diags);
        }
        if let Some(defs) = regions {
            vocab.regions.declared = true;
            declare(&mut vocab.regions, defs, &mut diags);
        }
        (vocab, diags)
    }

    /// The scheme of one kind.
    pub fn scheme(&self, kind: TermKind) -> &Scheme {
        match kind {
            TermKind::Topic => &self.topics,
            TermKind::Region => &self.regions,
        }
    }
}

/// Adds a site's definitions: a known id is overridden (name, description,
/// and parents when given), a new one added; then parents are resolved.
fn declare(scheme: &mut Scheme, defs: &[TermDef], diags: &mut Vec<Diagnostic>) {
    let mut ids = Vec::with_capacity(defs.len());
    for d in defs {
        let id = Slug::new(&d.id);
        let name = d.name.clone().unwrap_or_else(|| d.id.clone());
        // By id first: an earlier alias spelled like this id (another
        // entry's) must not make a second entry with the same id.
        let i = match scheme.entries.iter().position(|e| e.id == id) {
            Some(i) => i,
            None => scheme.insert(id.clone(), name.clone()),
        };
        if let Some(n) = &d.name {
            scheme.entries[i].name = n.clone();
        }
        if !d.description.is_empty() {
            scheme.entries[i].description = d.description.clone();
        }
        // The site's own words win over the gazetteer's.
        for text in std::iter::once(&name).chain(&d.aliases) {
            let key = Slug::new(text).to_string();
            scheme.lookup.insert(key, i);
        }
        scheme.lookup.insert(id.to_string(), i);
        ids.push(i);
    }
    for (d, &i) in defs.iter().zip(&ids) {
        if d.parents.is_empty() {
            continue;
        }
        let mut parents = Vec::new();
        for (p, pos) in &d.parents {
            match scheme.find(p) {
                Some(pi) if pi == i || scheme.ancestors(pi).contains(&i) => diags.push(
                    Diagnostic::error(
                        &d.file,
                        Some(*pos),
                        "vocab/cycle",
                        format!("region `{}` would contain itself through `{p}`", d.id),
                    )
                    .with_help("a region's parents must be larger regions; remove this parent"),
                ),
                Some(pi) => parents.push(pi),
                None => {
                    let mut diag = Diagnostic::error(
                        &d.file,
                        Some(*pos),
                        "vocab/unknown-parent",
                        format!("region `{}` names unknown parent `{p}`", d.id),
                    );
                    diag = match scheme.suggest(p) {
                        Some(s) => diag.with_help(format!("did you mean `{s}`?")),
                        None => diag.with_help("declare the parent region too, or use a gazetteer region such as `eastern-asia` or `europe`"),
                    };
                    diags.push(diag);
                }
            }
        }
        scheme.entries[i].parents = parents;
    }
}

/// The embedded gazetteer, parsed once per process.
pub fn gazetteer() -> Scheme {
    static PARSED: std::sync::OnceLock<Scheme> = std::sync::OnceLock::new();
    PARSED.get_or_init(|| parse_gazetteer(GAZETTEER)).clone()
}

/// Parses `id<TAB>name<TAB>parents<TAB>aliases` rows, lists comma-separated,
/// after `#` comments and a header line.
fn parse_gazetteer(text: &str) -> Scheme {
    let mut scheme = Scheme::default();
    let rows: Vec<Vec<&str>> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|l| l.split('\t').collect())
        .collect();
    let list = |s: Option<&&str>| -> Vec<String> {
        s.map(|s| {
            s.split(',')
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
    };
    for row in &rows {
        let (Some(id), Some(name)) = (row.first(), row.get(1)) else {
            continue;
        };
        let i = scheme.insert(Slug::new(id), name.to_string());
        scheme.alias(name, i);
        for a in list(row.get(3)) {
            scheme.alias(&a, i);
        }
    }
    for row in &rows {
        let Some(&i) = row.first().and_then(|id| scheme.lookup.get(*id)) else {
            continue;
        };
        scheme.entries[i].parents = list(row.get(2))
            .iter()
            .filter_map(|p| scheme.lookup.get(p.as_str()).copied())
            .collect();
    }
    scheme
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(s: &Scheme, ids: &[usize]) -> Vec<String> {
        ids.iter().map(|&i| s.entries[i].id.to_string()).collect()
    }

    /// Regions declared by the YAML `text`, which must have no problem.
    fn regions_declared(text: &str) -> (Vec<TermDef>, Vocabulary) {
        let doc = crate::yaml::parse_document(text, 1).unwrap();
        let mut diags = Vec::new();
        let defs = parse_defs(
            TermKind::Region,
            &doc,
            "sitrep.yaml",
            Pos::new(1, 1),
            &mut diags,
        );
        let (v, d) = Vocabulary::new(None, Some(&defs));
        assert!(diags.is_empty() && d.is_empty(), "{diags:?} {d:?}");
        (defs, v)
    }

    #[test]
    fn gazetteer_places_countries_under_m49_groupings() {
        let g = gazetteer();
        let china = g.find("China").expect("china is known");
        assert_eq!(names(&g, &g.ancestors(china)), ["eastern-asia", "asia"]);
        assert_eq!(g.find("Russian Federation"), g.find("russia"));
        assert_eq!(g.find("CHN"), Some(china));
        assert!(g.find("arctic").is_none());
        assert!(g.entries.len() > 250, "{}", g.entries.len());
    }

    #[test]
    fn site_regions_extend_and_override_the_gazetteer() {
        let text = "- id: arctic\n  name: The Arctic\n- id: south-china-sea\n  parents: [eastern-asia, south-eastern-asia]\n  aliases: [SCS]\n- id: china\n  name: China (PRC)\n  aliases: [PRC]\n";
        let (defs, v) = regions_declared(text);
        let r = &v.regions;
        let scs = r.find("SCS").unwrap();
        assert_eq!(r.entries[scs].id.as_str(), "south-china-sea");
        assert_eq!(
            names(r, &r.ancestors(scs)),
            ["eastern-asia", "south-eastern-asia", "asia"]
        );
        let prc = r.find("prc").unwrap();
        assert_eq!(r.entries[prc].name, "China (PRC)");
        assert_eq!(r.find("China"), Some(prc));
        assert_eq!(r.entries[r.find("arctic").unwrap()].name, "The Arctic");
        assert_eq!(defs[1].pos, Pos::new(3, 3));
    }

    #[test]
    fn an_id_another_entry_has_as_an_alias_is_still_one_entry() {
        // `gaul` takes the gazetteer's spelling "France"; `france` is then
        // declared too: still the gazetteer's one `france`, and the id wins.
        let text = "- id: gaul\n  aliases: [France]\n- id: france\n  description: Our France.\n";
        let (_, v) = regions_declared(text);
        let r = &v.regions;
        let france: Vec<usize> = (0..r.entries.len())
            .filter(|&i| r.entries[i].id.as_str() == "france")
            .collect();
        assert_eq!(france.len(), 1, "one entry with the id `france`");
        let france = france[0];
        assert_eq!(r.find("France"), Some(france));
        assert_eq!(r.entries[france].description, "Our France.");
        assert_eq!(
            names(r, &r.ancestors(france)),
            ["western-europe", "europe"],
            "the gazetteer's place is kept"
        );
    }

    #[test]
    fn unknown_parents_and_cycles_are_errors_at_their_line() {
        let text =
            "- id: a\n  parents: [b]\n- id: b\n  parents: [a]\n- id: c\n  parents: [easten-asia]\n";
        let doc = crate::yaml::parse_document(text, 1).unwrap();
        let mut diags = Vec::new();
        let defs = parse_defs(
            TermKind::Region,
            &doc,
            "regions.yaml",
            Pos::new(1, 1),
            &mut diags,
        );
        let (_, d) = Vocabulary::new(None, Some(&defs));
        let text: Vec<String> = d.iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            [
                "regions.yaml:4:13: error[vocab/cycle]: region `b` would contain itself through `a`\n  help: a region's parents must be larger regions; remove this parent",
                "regions.yaml:6:13: error[vocab/unknown-parent]: region `c` names unknown parent `easten-asia`\n  help: did you mean `eastern-asia`?",
            ]
        );
    }
}
