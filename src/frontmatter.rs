//! Front matter: splits the `---` block from the body and turns its YAML into
//! typed fields, each with the file position of its key, so that every later
//! check can point at the right line.

use crate::diag::{Diagnostic, Pos};
use crate::yaml::{self, Yaml};
use jiff::{Timestamp, civil::Date, tz::TimeZone};
use std::collections::BTreeMap;

/// Where a briefing is in the editorial workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum ReviewStatus {
    /// Being written.
    Draft,
    /// Written, awaiting sign-off.
    Review,
    /// Signed off and public.
    #[default]
    Published,
}

/// A value with the position of the text it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where it was written.
    pub pos: Pos,
}

/// A date or date-time from front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Moment {
    /// The instant; a plain date is midnight UTC.
    pub timestamp: Timestamp,
    /// The calendar date as the author wrote it.
    pub date: Date,
}

/// The typed front matter of one briefing.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    /// `title`, required.
    pub title: String,
    /// `date`, required.
    pub date: Option<Spanned<Moment>>,
    /// `updated`.
    pub updated: Option<Spanned<Moment>>,
    /// `embargo`: not public before this instant.
    pub embargo: Option<Spanned<Moment>>,
    /// `topic` / `topics`, as written.
    pub topics: Vec<Spanned<String>>,
    /// `region` / `regions`, as written.
    pub regions: Vec<Spanned<String>>,
    /// `summary`.
    pub summary: Option<String>,
    /// `author` / `authors`.
    pub authors: Vec<String>,
    /// `reviewers`.
    pub reviewers: Vec<String>,
    /// `status`, or `draft: true`.
    pub status: ReviewStatus,
    /// `slug`.
    pub slug: Option<Spanned<String>>,
    /// `takeaways`.
    pub takeaways: Vec<String>,
    /// `supersedes`: slugs of briefings this one replaces.
    pub supersedes: Vec<Spanned<String>>,
    /// `aliases`: old paths that should redirect here.
    pub aliases: Vec<Spanned<String>>,
    /// Every other key, for templates.
    pub extra: BTreeMap<String, serde_json::Value>,
    /// Position of each key, for checks on a field.
    pub keys: BTreeMap<String, Pos>,
}

/// The parts of a file: front matter text and body text with their first lines.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// YAML between the `---` lines.
    pub yaml: &'a str,
    /// File line of the first YAML line.
    pub yaml_line: u32,
    /// Markdown after the closing line.
    pub body: &'a str,
    /// File line of the first body line.
    pub body_line: u32,
}

const KNOWN_KEYS: &[&str] = &[
    "title",
    "date",
    "updated",
    "embargo",
    "topic",
    "topics",
    "region",
    "regions",
    "summary",
    "author",
    "authors",
    "reviewers",
    "status",
    "draft",
    "slug",
    "takeaways",
    "supersedes",
    "aliases",
    "extra",
];

/// Splits `text` (BOM removed, `\n` line ends) into front matter and body.
pub fn split(text: &str) -> Result<Split<'_>, (Pos, String, &'static str)> {
    if text.trim().is_empty() {
        return Err((
            Pos::new(1, 0),
            "empty file".into(),
            "write front matter between `---` lines, then the briefing's Markdown, or delete the file",
        ));
    }
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    if first.trim_end() != "---" {
        return Err((
            Pos::new(1, 1),
            "no front matter".into(),
            "start the file with a `---` line, then `title:` and `date:`, then another `---` line",
        ));
    }
    let mut offset = 0;
    for (i, line) in rest.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Ok(Split {
                yaml: &rest[..offset],
                yaml_line: 2,
                body: &rest[offset + line.len()..],
                body_line: i as u32 + 3,
            });
        }
        offset += line.len();
    }
    Err((
        Pos::new(1, 1),
        "front matter opened on line 1 is never closed".into(),
        "add a line with only `---` after the last front-matter field",
    ))
}

/// Parses the front matter YAML of `file`; all problems are returned together.
pub fn parse(split: &Split<'_>, file: &str) -> (FrontMatter, Vec<Diagnostic>) {
    let mut fm = FrontMatter::default();
    let mut diags = Vec::new();
    let entries = match yaml::parse_mapping(split.yaml, split.yaml_line) {
        Ok(entries) => entries,
        Err(e) => {
            let help = if e.message.starts_with("duplicate entry") {
                "each key may appear once: remove this line or merge it into the first"
            } else if e.message.starts_with("repetition limit") {
                "YAML aliases (`&name`, `*name`) here expand too far; front matter needs no aliases, so write the values out"
            } else if e.message.starts_with("recursion limit") {
                "the value nests too deeply; front matter holds flat `key: value` lines and short lists"
            } else {
                "front matter is YAML: `key: value` lines, indented with spaces, strings with `:` or `#` in quotes"
            };
            diags.push(
                Diagnostic::error(
                    file,
                    Some(e.pos),
                    "front-matter/yaml",
                    format!("invalid YAML: {}", e.message),
                )
                .with_help(help),
            );
            return (fm, diags);
        }
    };
    let mut p = FieldParser {
        file,
        diags: &mut diags,
    };
    for entry in entries {
        fm.keys.insert(entry.key.clone(), entry.pos);
        p.field(&mut fm, entry);
    }
    let first = Pos::new(split.yaml_line.saturating_sub(1), 1);
    if fm.title.is_empty() && !fm.keys.contains_key("title") {
        diags.push(
            Diagnostic::error(
                file,
                Some(first),
                "front-matter/missing-field",
                "missing `title`".into(),
            )
            .with_help("add `title: \"...\"` to the front matter"),
        );
    }
    if fm.date.is_none() && !fm.keys.contains_key("date") {
        diags.push(
            Diagnostic::error(
                file,
                Some(first),
                "front-matter/missing-field",
                "missing `date`".into(),
            )
            .with_help("add `date: YYYY-MM-DD` to the front matter"),
        );
    }
    (fm, diags)
}

struct FieldParser<'a> {
    file: &'a str,
    diags: &'a mut Vec<Diagnostic>,
}

impl FieldParser<'_> {
    fn field(&mut self, fm: &mut FrontMatter, e: yaml::Entry) {
        let pos = e.pos;
        match e.key.as_str() {
            "title" => fm.title = self.string(&e).unwrap_or_default(),
            "summary" => fm.summary = self.string(&e),
            "date" => fm.date = self.moment(&e),
            "updated" => fm.updated = self.moment(&e),
            "embargo" => fm.embargo = self.moment(&e),
            "topic" | "topics" => fm.topics.extend(self.list(&e)),
            "region" | "regions" => fm.regions.extend(self.list(&e)),
            "author" | "authors" => fm
                .authors
                .extend(self.list(&e).into_iter().map(|s| s.value)),
            "reviewers" => fm
                .reviewers
                .extend(self.list(&e).into_iter().map(|s| s.value)),
            "takeaways" => fm
                .takeaways
                .extend(self.list(&e).into_iter().map(|s| s.value)),
            "supersedes" => fm.supersedes.extend(self.list(&e)),
            "aliases" => fm.aliases.extend(self.list(&e)),
            "slug" => {
                fm.slug = self.string(&e).map(|value| Spanned {
                    value,
                    pos: self.value_pos(&e),
                })
            }
            "status" => self.status(fm, &e),
            "draft" => match e.value {
                Yaml::Bool(true) => fm.status = ReviewStatus::Draft,
                Yaml::Bool(false) => {}
                ref v => self.wrong_type(&e.key, pos, "`true` or `false`", v),
            },
            "extra" => match e.value {
                Yaml::Map(entries) => {
                    for inner in entries {
                        fm.extra.insert(inner.key, inner.value.to_json());
                    }
                }
                ref v => self.wrong_type(&e.key, pos, "a mapping of custom fields", v),
            },
            key => {
                if let Some(known) = near_miss(key) {
                    self.diags.push(
                        Diagnostic::error(self.file, Some(pos), "front-matter/unknown-key", format!("unknown key `{key}`: did you mean `{known}`?"))
                            .with_help(format!("rename it to `{known}`; if `{key}` is a custom field, put it under `extra:`")),
                    );
                } else {
                    fm.extra.insert(key.to_string(), e.value.to_json());
                }
            }
        }
    }

    fn wrong_type(&mut self, key: &str, pos: Pos, expected: &str, found: &Yaml) {
        self.diags.push(Diagnostic::error(
            self.file,
            Some(pos),
            "front-matter/type",
            format!("`{key}` must be {expected}, found {}", found.kind()),
        ));
    }

    fn value_pos(&self, e: &yaml::Entry) -> Pos {
        Pos::new(e.pos.line, e.pos.col + e.key.chars().count() as u32 + 2)
    }

    fn string(&mut self, e: &yaml::Entry) -> Option<String> {
        match &e.value {
            Yaml::String(_) | Yaml::Number(_) => e.value.as_scalar().map(|s| s.trim().to_string()),
            v => {
                self.wrong_type(&e.key, e.pos, "a string", v);
                None
            }
        }
    }

    fn list(&mut self, e: &yaml::Entry) -> Vec<Spanned<String>> {
        let expected = "a string or a list of strings";
        match &e.value {
            Yaml::Null => Vec::new(),
            Yaml::String(_) | Yaml::Number(_) => vec![Spanned {
                value: e.value.as_scalar().unwrap_or_default().trim().to_string(),
                pos: self.value_pos(e),
            }],
            Yaml::Seq(items) => {
                let mut out = Vec::new();
                for (item, pos) in items {
                    match item {
                        Yaml::String(_) | Yaml::Number(_) => out.push(Spanned {
                            value: item.as_scalar().unwrap_or_default().trim().to_string(),
                            pos: *pos,
                        }),
                        v => self.wrong_type(&e.key, *pos, expected, v),
                    }
                }
                out
            }
            v => {
                self.wrong_type(&e.key, e.pos, expected, v);
                Vec::new()
            }
        }
    }

    fn moment(&mut self, e: &yaml::Entry) -> Option<Spanned<Moment>> {
        let pos = self.value_pos(e);
        let text = match &e.value {
            Yaml::String(s) => s.trim().to_string(),
            v => {
                self.wrong_type(
                    &e.key,
                    e.pos,
                    "a date like `2025-03-14` or `2025-03-14T09:30:00Z`",
                    v,
                );
                return None;
            }
        };
        match parse_moment(&text) {
            Ok(value) => Some(Spanned { value, pos }),
            Err(why) => {
                self.diags.push(
                    Diagnostic::error(self.file, Some(pos), "front-matter/date", format!("invalid `{}` `{text}`: {why}", e.key))
                        .with_help("write dates as `YYYY-MM-DD` or RFC 3339 date-times such as `2025-03-14T09:30:00+01:00`"),
                );
                None
            }
        }
    }

    fn status(&mut self, fm: &mut FrontMatter, e: &yaml::Entry) {
        let text = e.value.as_scalar().unwrap_or_default();
        fm.status = match text.trim().to_ascii_lowercase().as_str() {
            "draft" => ReviewStatus::Draft,
            "review" | "in-review" | "in review" => ReviewStatus::Review,
            "published" => ReviewStatus::Published,
            _ => {
                self.diags.push(
                    Diagnostic::error(
                        self.file,
                        Some(self.value_pos(e)),
                        "front-matter/status",
                        format!("unknown status `{text}`"),
                    )
                    .with_help("use one of `draft`, `review`, `published`"),
                );
                ReviewStatus::Draft
            }
        };
    }
}

/// A key that is one or two edits from a known key is a typo, not a custom field.
fn near_miss(key: &str) -> Option<&'static str> {
    let key_l = key.to_ascii_lowercase();
    let limit = if key.chars().count() <= 4 { 1 } else { 2 };
    KNOWN_KEYS
        .iter()
        .map(|k| (strsim::damerau_levenshtein(&key_l, k), *k))
        .filter(|&(d, _)| d <= limit)
        .min()
        .map(|(_, k)| k)
}

/// Parses `YYYY-MM-DD` or an RFC 3339 date-time.
pub fn parse_moment(text: &str) -> Result<Moment, String> {
    let b = text.as_bytes();
    let shape_ok = b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit);
    if !shape_ok {
        return Err("expected `YYYY-MM-DD` or an RFC 3339 date-time".into());
    }
    let date: Date = text[..10]
        .parse()
        .map_err(|_| "no such day in the calendar".to_string())?;
    if b.len() == 10 {
        let timestamp = date
            .to_zoned_datetime(TimeZone::UTC)
            .map_err(|e| e.to_string())?
            .timestamp();
        return Ok(Moment { timestamp, date });
    }
    let timestamp: Timestamp = text.parse().map_err(|_| {
        "expected an RFC 3339 date-time with a time zone, like `2025-03-14T09:30:00Z`".to_string()
    })?;
    Ok(Moment { timestamp, date })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fm(src: &str) -> (FrontMatter, Vec<Diagnostic>) {
        let s = split(src).unwrap();
        parse(&s, "a.md")
    }

    #[test]
    fn split_finds_body_line() {
        let s = split("---\ntitle: A\n---\nbody\n").unwrap();
        assert_eq!(
            (s.yaml, s.yaml_line, s.body, s.body_line),
            ("title: A\n", 2, "body\n", 4)
        );
    }

    #[test]
    fn split_reports_missing_and_unclosed_front_matter() {
        assert_eq!(split("# hi\n").unwrap_err().1, "no front matter");
        assert!(
            split("---\ntitle: A\n")
                .unwrap_err()
                .1
                .contains("never closed")
        );
        assert_eq!(split("").unwrap_err().1, "empty file");
    }

    #[test]
    fn typo_keys_are_errors_and_other_keys_are_extra() {
        let (f, d) = fm("---\ntitle: A\ndate: 2024-01-02\nregoin: china\nsource: desk\n---\n");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].message, "unknown key `regoin`: did you mean `region`?");
        assert_eq!(d[0].pos, Some(Pos::new(4, 1)));
        assert_eq!(f.extra["source"], "desk");
    }

    #[test]
    fn dates_are_strict() {
        assert!(parse_moment("2024-13-45").is_err());
        assert!(parse_moment("03/04/2024").is_err());
        assert!(parse_moment("March 3rd").is_err());
        assert!(parse_moment("2024-03-01T10:00:00").is_err());
        assert_eq!(
            parse_moment("2024-03-01T23:30:00-05:00")
                .unwrap()
                .date
                .to_string(),
            "2024-03-01"
        );
    }

    #[test]
    fn wrong_types_name_the_key_and_line() {
        let (_, d) = fm("---\ntitle: [a, b]\ndate: 42\ntopic: {a: 1}\n---\n");
        let msgs: Vec<_> = d
            .iter()
            .map(|d| (d.pos.unwrap().line, d.message.as_str()))
            .collect();
        assert_eq!(
            msgs,
            [
                (2, "`title` must be a string, found a list"),
                (
                    3,
                    "`date` must be a date like `2025-03-14` or `2025-03-14T09:30:00Z`, found a number"
                ),
                (
                    4,
                    "`topic` must be a string or a list of strings, found a mapping"
                ),
            ]
        );
    }
}
