//! Diagnostics: problems with the site's input (content, settings, templates),
//! each with its file, line and column, collected across a whole run and printed
//! the same way by `build`, `check` and `serve`.

use serde::Serialize;
use std::fmt;

/// A 1-based line and column in a source file. A column of 0 means "whole line".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Default)]
pub struct Pos {
    /// 1-based line.
    pub line: u32,
    /// 1-based column in characters; 0 when unknown.
    pub col: u32,
}

impl Pos {
    /// A position at `line`, column `col`.
    pub fn new(line: u32, col: u32) -> Self {
        Pos { line, col }
    }
}

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Stops `build` (exit 1).
    Error,
    /// Reported; fails only with `--deny-warnings`.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem with the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Path relative to the site root, with `/` separators.
    pub file: String,
    /// Where in the file, when the source has a line.
    pub pos: Option<Pos>,
    /// Error or warning.
    pub severity: Severity,
    /// Kebab-case rule name, e.g. `front-matter/unknown-key`.
    pub rule: &'static str,
    /// What is wrong, lower case, user values in backticks.
    pub message: String,
    /// What to do about it, when sitrep knows.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error about `file` at `pos`.
    pub fn error(file: &str, pos: Option<Pos>, rule: &'static str, message: String) -> Self {
        Diagnostic {
            file: file.to_owned(),
            pos,
            severity: Severity::Error,
            rule,
            message,
            help: None,
        }
    }

    /// A warning about `file` at `pos`.
    pub fn warning(file: &str, pos: Option<Pos>, rule: &'static str, message: String) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, pos, rule, message)
        }
    }

    /// True for an error (a warning does not fail a build).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Adds a `help:` line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    fn sort_key(&self) -> (&str, Option<Pos>, &str) {
        (&self.file, self.pos, &self.message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(pos) = self.pos {
            write!(f, ":{}", pos.line)?;
            if pos.col > 0 {
                write!(f, ":{}", pos.col)?;
            }
        }
        write!(
            f,
            ": {}[{}]: {}",
            self.severity.as_str(),
            self.rule,
            self.message
        )?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// All diagnostics of a run, kept in the order they are printed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    /// Adds one.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    /// Adds many.
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    /// Sorts by file, then position, then message, so output is stable.
    pub fn sort(&mut self) {
        self.0.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.0.dedup();
    }

    /// True when any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    /// Number of errors and of warnings.
    pub fn counts(&self) -> (usize, usize) {
        let errors = self
            .0
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        (errors, self.0.len() - errors)
    }

    /// Iterates in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Number of diagnostics.
    pub fn len(&self) -> usize {
        self.0.len()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

/// Maps byte offsets of a text to 1-based lines and columns.
pub struct LineIndex {
    starts: Vec<usize>,
    /// Line number of the text's first line in its file (front matter shifts bodies).
    first_line: u32,
}

impl LineIndex {
    /// Indexes `text`, whose first line is line `first_line` of its file.
    pub fn new(text: &str, first_line: u32) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text));
        LineIndex { starts, first_line }
    }

    /// The position of byte `offset` in `text` (which must be the indexed text).
    pub fn pos(&self, text: &str, offset: usize) -> Pos {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let col = text.get(start..offset).map_or(1, |s| s.chars().count() + 1);
        Pos::new(self.first_line + line as u32, col as u32)
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1)
}

/// The known name nearest to `input`, if it is close enough to be a likely typo.
pub fn suggest<'a>(input: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let input = input.to_lowercase();
    known
        .into_iter()
        .map(|k| (strsim::jaro_winkler(&input, &k.to_lowercase()), k))
        .filter(|&(score, _)| score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_maps_offsets_to_lines_and_columns() {
        let text = "ab\ncdé\nf";
        let idx = LineIndex::new(text, 5);
        assert_eq!(idx.pos(text, 0), Pos::new(5, 1));
        assert_eq!(idx.pos(text, 3), Pos::new(6, 1));
        assert_eq!(idx.pos(text, 7), Pos::new(6, 4));
        assert_eq!(idx.pos(text, 8), Pos::new(7, 1));
    }

    #[test]
    fn suggest_finds_near_misses_only() {
        let known = ["title", "region", "topic"];
        assert_eq!(suggest("regoin", known), Some("region"));
        assert_eq!(suggest("tittle", known), Some("title"));
        assert_eq!(suggest("classification", known), None);
    }

    #[test]
    fn diagnostic_display_has_file_line_col_rule_and_help() {
        let d = Diagnostic::error(
            "content/a.md",
            Some(Pos::new(4, 9)),
            "term/unknown",
            "unknown region `x`".into(),
        )
        .with_help("known regions: a, b");
        assert_eq!(
            d.to_string(),
            "content/a.md:4:9: error[term/unknown]: unknown region `x`\n  help: known regions: a, b"
        );
    }
}
