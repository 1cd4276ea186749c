//! Site settings (`sitrep.yaml` at the site root, all optional) and the
//! resolved options of one run. Both are complete before stage 1 starts.

use crate::diag::{Diagnostic, Pos};
use crate::error::Result;
use crate::fs;
use crate::url::TermKind;
use crate::vocab::{self, TermDef, Vocabulary};
use crate::yaml::{self, Yaml};
use jiff::Timestamp;
use std::path::{Path, PathBuf};

/// The settings file's name.
pub const CONFIG_FILE: &str = "sitrep.yaml";

/// Site settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// Site title, shown in every page header.
    pub title: String,
    /// One-line description for the home page and metadata.
    pub description: String,
    /// Where the site is published: `https://owner.github.io/repo/`.
    pub base_url: String,
    /// Language tag for `<html lang>`.
    pub language: String,
    /// Author of briefings that name none.
    pub author: Option<String>,
    /// Briefings per page on topic, region and home pages.
    pub per_page: usize,
    /// Custom domain for GitHub Pages (`CNAME`).
    pub cname: Option<String>,
    /// Pass raw HTML in bodies through unsanitised.
    pub trusted_html: bool,
    /// Topics and regions: the gazetteer plus what the site declares under
    /// `topics:` and `regions:`.
    pub vocab: Vocabulary,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Briefings".into(),
            description: String::new(),
            base_url: "/".into(),
            language: "en".into(),
            author: None,
            per_page: 20,
            cname: None,
            trusted_html: false,
            vocab: Vocabulary::default(),
        }
    }
}

const KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "author",
    "per_page",
    "cname",
    "trusted_html",
    "topics",
    "regions",
];

impl Config {
    /// Reads `sitrep.yaml` under `root`; defaults when there is none.
    pub fn load(root: &Path) -> Result<(Config, Vec<Diagnostic>)> {
        let path = root.join(CONFIG_FILE);
        if !path.is_file() {
            return Ok((Config::default(), Vec::new()));
        }
        let bytes = fs::read(&path)?;
        let text = String::from_utf8_lossy(&bytes);
        Ok(Config::parse_in(
            text.trim_start_matches('\u{feff}'),
            Some(root),
        ))
    }

    /// Parses the settings text; problems come back as diagnostics on `sitrep.yaml`.
    /// Vocabulary files it names cannot be read without a root: see [`Config::load`].
    pub fn parse(text: &str) -> (Config, Vec<Diagnostic>) {
        Config::parse_in(text, None)
    }

    fn parse_in(text: &str, root: Option<&Path>) -> (Config, Vec<Diagnostic>) {
        let mut config = Config::default();
        let mut diags = Vec::new();
        let (mut topics, mut regions) = (None, None);
        let entries = match yaml::parse_mapping(text, 1) {
            Ok(e) => e,
            Err(e) => {
                diags.push(Diagnostic::error(
                    CONFIG_FILE,
                    Some(e.pos),
                    "config/yaml",
                    format!("invalid YAML: {}", e.message),
                ));
                return (config, diags);
            }
        };
        for e in entries {
            let bad = |expected: &str| {
                Diagnostic::error(
                    CONFIG_FILE,
                    Some(e.pos),
                    "config/type",
                    format!("`{}` must be {expected}, found {}", e.key, e.value.kind()),
                )
            };
            match (e.key.as_str(), &e.value) {
                ("title", v) if v.as_scalar().is_some() => {
                    config.title = v.as_scalar().unwrap_or_default()
                }
                ("description", v) if v.as_scalar().is_some() => {
                    config.description = v.as_scalar().unwrap_or_default()
                }
                ("base_url", Yaml::String(s)) => config.base_url = s.clone(),
                ("language", Yaml::String(s)) => config.language = s.clone(),
                ("author", Yaml::String(s)) => config.author = Some(s.clone()),
                ("cname", Yaml::String(s)) => config.cname = Some(s.trim().to_string()),
                ("trusted_html", Yaml::Bool(b)) => config.trusted_html = *b,
                ("per_page", Yaml::Number(n)) if n.parse::<usize>().is_ok_and(|n| n > 0) => {
                    config.per_page = n.parse().unwrap_or(20);
                }
                ("topics" | "regions", v) => {
                    let kind = if e.key == "topics" {
                        TermKind::Topic
                    } else {
                        TermKind::Region
                    };
                    let defs = match v {
                        Yaml::String(file) => vocab_file(root, kind, file, e.pos, &mut diags),
                        v => vocab::parse_defs(kind, v, CONFIG_FILE, e.pos, &mut diags),
                    };
                    match kind {
                        TermKind::Topic => topics = Some(defs),
                        TermKind::Region => regions = Some(defs),
                    }
                }
                ("per_page", _) => diags.push(bad("a whole number above 0")),
                ("trusted_html", _) => diags.push(bad("`true` or `false`")),
                (k, _) if KEYS.contains(&k) => diags.push(bad("a string")),
                (k, _) => {
                    let mut d = Diagnostic::error(
                        CONFIG_FILE,
                        Some(e.pos),
                        "config/unknown-key",
                        format!("unknown setting `{k}`"),
                    );
                    d = match crate::diag::suggest(k, KEYS.iter().copied()) {
                        Some(s) => d.with_help(format!("did you mean `{s}`?")),
                        None => d.with_help(format!("known settings: {}", KEYS.join(", "))),
                    };
                    diags.push(d);
                }
            }
        }
        let (vocab, vocab_diags) = Vocabulary::new(topics.as_deref(), regions.as_deref());
        config.vocab = vocab;
        diags.extend(vocab_diags);
        (config, diags)
    }
}

/// Reads a vocabulary file named in `sitrep.yaml`, relative to the site root.
fn vocab_file(
    root: Option<&Path>,
    kind: TermKind,
    file: &str,
    at: Pos,
    diags: &mut Vec<Diagnostic>,
) -> Vec<TermDef> {
    let key = kind.section();
    let text = match (root, crate::url::safe_path(file)) {
        (Some(root), Some(rel)) => std::fs::read(root.join(&rel)).map_err(|e| e.to_string()),
        (_, None) => Err("the path must be relative and stay inside the site".into()),
        (None, _) => Err("no site root to read it from".into()),
    };
    let text = match text {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(why) => {
            diags.push(
                Diagnostic::error(
                    CONFIG_FILE,
                    Some(at),
                    "config/vocab-file",
                    format!("cannot read `{key}` file `{file}`: {why}"),
                )
                .with_help(format!(
                    "give a path relative to the site root, or list the {key} inline"
                )),
            );
            return Vec::new();
        }
    };
    match yaml::parse_document(text.trim_start_matches('\u{feff}'), 1) {
        Ok(doc) => vocab::parse_defs(kind, &doc, file, Pos::new(1, 1), diags),
        Err(e) => {
            diags.push(Diagnostic::error(
                file,
                Some(e.pos),
                "vocab/yaml",
                format!("invalid YAML: {}", e.message),
            ));
            Vec::new()
        }
    }
}

/// What kind of build: what the public sees, or an editor's preview.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Published briefings only.
    Public,
    /// Every status, with banners and `noindex`.
    Preview,
}

/// Everything one run needs, resolved from the command line before any work.
#[derive(Debug, Clone)]
pub struct Options {
    /// Site root (absolute).
    pub root: PathBuf,
    /// Output folder (absolute).
    pub output: PathBuf,
    /// `--base-url`, overriding the settings file.
    pub base_url: Option<String>,
    /// Public or preview.
    pub mode: Mode,
    /// Show briefings dated in the future or under embargo.
    pub future: bool,
    /// Report broken links as warnings instead of errors.
    pub allow_broken_links: bool,
    /// "Now", for embargoes: the only clock reading of a run.
    pub now: Timestamp,
    /// Report editorial warnings (no summary, no reviewers...): on for
    /// `sitrep check` and preview builds.
    pub editorial: bool,
}

impl Options {
    /// Options for building the site at `root` into `root/public` with defaults.
    pub fn new(root: impl Into<PathBuf>) -> Options {
        let root = root.into();
        Options {
            output: root.join("public"),
            root,
            base_url: None,
            mode: Mode::Public,
            future: false,
            allow_broken_links: false,
            now: Timestamp::now(),
            editorial: false,
        }
    }

    /// The `content/` folder.
    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_setting_names_line_and_suggests() {
        let (_, d) = Config::parse("title: X\nbase_ulr: /repo/\n");
        assert_eq!(
            d[0].to_string(),
            "sitrep.yaml:2:1: error[config/unknown-key]: unknown setting `base_ulr`\n  help: did you mean `base_url`?"
        );
    }

    #[test]
    fn settings_are_read() {
        let (c, d) = Config::parse("title: Desk\nper_page: 5\nbase_url: https://o.github.io/r\n");
        assert!(d.is_empty());
        assert_eq!(
            (c.title.as_str(), c.per_page, c.base_url.as_str()),
            ("Desk", 5, "https://o.github.io/r")
        );
    }
}
