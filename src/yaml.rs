//! The one module that talks to serde_yaml (deprecated upstream, so it stays
//! swappable): YAML text in, a small position-carrying tree out.
//!
//! serde_yaml reports syntax errors with a location but gives values none, so
//! key and list-item lines are recovered from the text. That is exact for the
//! flat mappings that front matter and `sitrep.yaml` are.

use crate::diag::Pos;

/// A YAML value with the scalars kept as text, as the author wrote them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Yaml {
    /// `~`, `null` or nothing.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number, as written.
    Number(String),
    /// A string.
    String(String),
    /// A list, each item with the position where its text was found.
    Seq(Vec<(Yaml, Pos)>),
    /// A mapping in document order.
    Map(Vec<Entry>),
}

/// One `key: value` of a mapping, with the key's position in the file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entry {
    /// The key as text.
    pub key: String,
    /// Where the key is; nested mappings share their parent key's line.
    pub pos: Pos,
    /// The value.
    pub value: Yaml,
}

/// A YAML syntax or structure error at a position in the file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct YamlError {
    /// Where, in the file's lines.
    pub pos: Pos,
    /// serde_yaml's message, lower-cased at the start.
    pub message: String,
}

impl Yaml {
    /// A short name for messages: "a string", "a list", ...
    pub fn kind(&self) -> &'static str {
        match self {
            Yaml::Null => "nothing",
            Yaml::Bool(_) => "a boolean",
            Yaml::Number(_) => "a number",
            Yaml::String(_) => "a string",
            Yaml::Seq(_) => "a list",
            Yaml::Map(_) => "a mapping",
        }
    }

    /// The text of a scalar (string, number or boolean).
    pub fn as_scalar(&self) -> Option<String> {
        match self {
            Yaml::String(s) | Yaml::Number(s) => Some(s.clone()),
            Yaml::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }

    /// The value as JSON, for template `extra` data.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Yaml::Null => J::Null,
            Yaml::Bool(b) => J::Bool(*b),
            Yaml::Number(n) => serde_json::from_str(n).unwrap_or_else(|_| J::String(n.clone())),
            Yaml::String(s) => J::String(s.clone()),
            Yaml::Seq(items) => J::Array(items.iter().map(|(v, _)| v.to_json()).collect()),
            Yaml::Map(entries) => J::Object(
                entries
                    .iter()
                    .map(|e| (e.key.clone(), e.value.to_json()))
                    .collect(),
            ),
        }
    }
}

/// Parses `text`, whose first line is line `first_line` of its file, as a
/// mapping. An empty document is an empty mapping.
pub(crate) fn parse_mapping(text: &str, first_line: u32) -> Result<Vec<Entry>, YamlError> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
        let msg = e.to_string();
        // An unclosed quote is detected at the end of the text; point at where it opened.
        let (line, col) = quoted_scalar_start(&msg)
            .or_else(|| repeated_key(&msg, text))
            .or_else(|| e.location().map(|l| (l.line() as u32, l.column() as u32)))
            .unwrap_or((1, 0));
        YamlError {
            pos: Pos::new(first_line + line.saturating_sub(1), col),
            message: tidy_message(&msg),
        }
    })?;
    let lines = KeyLines::scan(text, first_line);
    match value {
        serde_yaml::Value::Mapping(map) => Ok(map
            .into_iter()
            .map(|(k, v)| {
                let key = scalar_text(&k).unwrap_or_default();
                let (pos, span) = lines.find(&key);
                let value = convert(v, &mut Cursor::new(span, pos));
                Entry { key, pos, value }
            })
            .collect()),
        serde_yaml::Value::Null => Ok(Vec::new()),
        other => Err(YamlError {
            pos: Pos::new(first_line, 1),
            message: format!(
                "expected `key: value` lines, found {}",
                convert(other, &mut Cursor::new(&[], Pos::new(first_line, 1))).kind()
            ),
        }),
    }
}

/// Parses a whole YAML document of any shape (a vocabulary file is a list),
/// with list items and nested keys located in the text.
pub(crate) fn parse_document(text: &str, first_line: u32) -> Result<Yaml, YamlError> {
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| YamlError {
        pos: e.location().map_or(Pos::new(first_line, 1), |l| {
            Pos::new(
                first_line + (l.line() as u32).saturating_sub(1),
                l.column() as u32,
            )
        }),
        message: tidy_message(&e.to_string()),
    })?;
    let lines: Vec<&str> = text.lines().collect();
    let mut cursor = Cursor {
        span: &lines,
        line: 0,
        col: 0,
        fallback: Pos::new(first_line, 1),
    };
    Ok(convert(value, &mut cursor))
}

/// serde_yaml's messages repeat the location we already print; keep the words.
fn tidy_message(msg: &str) -> String {
    let mut out = String::with_capacity(msg.len());
    let mut rest = msg;
    while let Some(i) = rest.find(" at line ") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " at line ".len()..];
        let skip = after.find(" column ").map_or(0, |c| {
            let tail = &after[c + " column ".len()..];
            c + " column ".len()
                + tail
                    .find(|ch: char| !ch.is_ascii_digit())
                    .unwrap_or(tail.len())
        });
        rest = &after[skip..];
    }
    out.push_str(rest);
    let out = out.trim_end_matches('.').to_string();
    let mut chars = out.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => out,
    }
}

fn quoted_scalar_start(msg: &str) -> Option<(u32, u32)> {
    let tail = msg
        .split("while scanning a quoted scalar at line ")
        .nth(1)?;
    let (line, rest) = tail.split_once(" column ")?;
    let col: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, col.parse().ok()?))
}

/// A duplicate key is reported at the mapping's start; point at the line
/// that repeats it instead (the second top-level `key:` line).
fn repeated_key(msg: &str, text: &str) -> Option<(u32, u32)> {
    let key = msg
        .split("duplicate entry with key \"")
        .nth(1)?
        .split('"')
        .next()?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .nth(1)
        .map(|(i, _)| (i as u32 + 1, 1))
}

fn scalar_text(v: &serde_yaml::Value) -> Option<String> {
    match v {
        serde_yaml::Value::String(s) => Some(s.clone()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn convert(v: serde_yaml::Value, cursor: &mut Cursor<'_, '_>) -> Yaml {
    use serde_yaml::Value as V;
    match v {
        V::Null => Yaml::Null,
        V::Bool(b) => Yaml::Bool(b),
        V::Number(n) => Yaml::Number(n.to_string()),
        V::String(s) => Yaml::String(s),
        V::Sequence(items) => Yaml::Seq(
            items
                .into_iter()
                .map(|item| {
                    let pos = scalar_text(&item).map(|t| cursor.locate(&t));
                    let value = convert(item, cursor);
                    // A mapping item is where its first key is.
                    let pos = match (&value, pos) {
                        (_, Some(pos)) => pos,
                        (Yaml::Map(entries), None) => {
                            entries.first().map_or(cursor.fallback, |e| e.pos)
                        }
                        _ => cursor.fallback,
                    };
                    (value, pos)
                })
                .collect(),
        ),
        V::Mapping(map) => Yaml::Map(
            map.into_iter()
                .map(|(k, v)| {
                    let key = scalar_text(&k).unwrap_or_default();
                    let pos = cursor.locate(&key);
                    Entry {
                        key,
                        pos,
                        value: convert(v, cursor),
                    }
                })
                .collect(),
        ),
        V::Tagged(t) => convert(t.value, cursor),
    }
}

/// Lines of the document with the line each top-level key starts on.
struct KeyLines<'a> {
    lines: Vec<&'a str>,
    keys: Vec<(String, usize)>,
    first_line: u32,
}

impl<'a> KeyLines<'a> {
    fn scan(text: &'a str, first_line: u32) -> Self {
        let lines: Vec<&str> = text.lines().collect();
        let keys = lines
            .iter()
            .enumerate()
            .filter_map(|(i, line)| top_level_key(line).map(|k| (k, i)))
            .collect();
        KeyLines {
            lines,
            keys,
            first_line,
        }
    }

    /// The key's position and the lines up to the next top-level key.
    fn find(&self, key: &str) -> (Pos, &[&'a str]) {
        let Some(idx) = self.keys.iter().position(|(k, _)| k == key) else {
            return (Pos::new(self.first_line, 1), &[]);
        };
        let start = self.keys[idx].1;
        let end = self.keys.get(idx + 1).map_or(self.lines.len(), |k| k.1);
        (
            Pos::new(self.first_line + start as u32, 1),
            &self.lines[start..end],
        )
    }
}

fn top_level_key(line: &str) -> Option<String> {
    let first = line.chars().next()?;
    if first.is_whitespace() || matches!(first, '#' | '-' | '[' | '{' | '.') {
        return None;
    }
    let (key, _) = line.split_once(':')?;
    Some(
        key.trim()
            .trim_matches(|c| c == '"' || c == '\'')
            .to_string(),
    )
}

/// Finds list items' text in order within a key's lines.
struct Cursor<'s, 'a> {
    span: &'s [&'a str],
    line: usize,
    col: usize,
    fallback: Pos,
}

impl<'s, 'a> Cursor<'s, 'a> {
    fn new(span: &'s [&'a str], key_pos: Pos) -> Self {
        // Skip the key itself so a value equal to the key name is not found there.
        let col = span.first().and_then(|l| l.find(':')).map_or(0, |c| c + 1);
        Cursor {
            span,
            line: 0,
            col,
            fallback: key_pos,
        }
    }

    fn locate(&mut self, needle: &str) -> Pos {
        while self.line < self.span.len() {
            let line = self.span[self.line];
            if let Some(found) = line.get(self.col..).and_then(|rest| rest.find(needle)) {
                let at = self.col + found;
                self.col = at + needle.len();
                let col = line[..at].chars().count() + 1;
                return Pos::new(self.fallback.line + self.line as u32, col as u32);
            }
            self.line += 1;
            self.col = 0;
        }
        self.fallback
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_list_items_carry_file_lines() {
        let text = "title: A\ntopics:\n  - energy\n  - Middle East\nregion: [china, NO]\n";
        let entries = parse_mapping(text, 2).unwrap();
        assert_eq!(entries[0].pos, Pos::new(2, 1));
        assert_eq!(entries[1].pos, Pos::new(3, 1));
        let Yaml::Seq(items) = &entries[1].value else {
            panic!("expected a list")
        };
        assert_eq!(items[1].1, Pos::new(5, 5));
        let Yaml::Seq(items) = &entries[2].value else {
            panic!("expected a list")
        };
        assert_eq!(items[1], (Yaml::String("NO".into()), Pos::new(6, 17)));
    }

    #[test]
    fn syntax_errors_are_shifted_to_file_lines() {
        let err = parse_mapping("title: A\ntopic: \"energy\n", 2).unwrap_err();
        assert_eq!(err.pos, Pos::new(3, 8));
        assert_eq!(
            err.message,
            "found unexpected end of stream, while scanning a quoted scalar"
        );
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let err = parse_mapping("title: A\ntitle: B\n", 2).unwrap_err();
        assert!(err.message.contains("duplicate"), "{}", err.message);
    }

    #[test]
    fn norway_stays_a_string() {
        let entries = parse_mapping("region: NO\n", 2).unwrap();
        assert_eq!(entries[0].value, Yaml::String("NO".into()));
    }
}
