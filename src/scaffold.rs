//! `sitrep new`: writes the skeleton of a briefing, a draft with the front
//! matter filled in and the usual sections, at `content/<path>/<slug>.md`.
//! It never overwrites a file and never writes outside `content/`.

use crate::slug::Slug;
use jiff::civil::Date;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Why `new_briefing` wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum NewError {
    /// The file is there already.
    #[error(
        "`{}` already exists; nothing was written: edit that file, or choose another title or `--path`",
        .0.display()
    )]
    Exists(PathBuf),
    /// `--path` would leave `content/`.
    #[error(
        "`--path {0}` must be a folder inside `content/`, such as `2025/energy`: no `..`, `.`, `\\` or absolute path"
    )]
    OutsideContent(String),
    /// The title has no text.
    #[error("the title is empty; give the briefing a title, e.g. `sitrep new \"Gas deal signed\"`")]
    EmptyTitle,
    /// The site root is not a folder.
    #[error("site root `{}` is not a folder", .0.display())]
    NoSiteRoot(PathBuf),
    /// The file or its folder could not be written.
    #[error("cannot write `{}`: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

/// Writes a draft briefing titled `title` at `content/<path>/<slug>.md` under
/// `root` (default folder: `content/<year of today>/`) and returns its path.
pub fn new_briefing(
    root: &Path,
    title: &str,
    topics: &[String],
    regions: &[String],
    path: Option<&str>,
    today: Date,
) -> Result<PathBuf, NewError> {
    let title = title.trim();
    if title.is_empty() {
        return Err(NewError::EmptyTitle);
    }
    if !root.is_dir() {
        return Err(NewError::NoSiteRoot(root.to_owned()));
    }
    let folder = match path {
        Some(p) => folder_in_content(p).ok_or_else(|| NewError::OutsideContent(p.to_string()))?,
        None => today.year().to_string(),
    };
    let dir = root.join("content").join(&folder);
    std::fs::create_dir_all(&dir).map_err(|source| NewError::Io {
        path: dir.clone(),
        source,
    })?;
    let file = dir.join(format!("{}.md", Slug::new(title)));
    let io = |source| NewError::Io {
        path: file.clone(),
        source,
    };
    // `create_new` refuses an existing file atomically: no check-then-write race.
    let mut out = match std::fs::File::options()
        .write(true)
        .create_new(true)
        .open(&file)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(NewError::Exists(file));
        }
        Err(e) => return Err(io(e)),
    };
    out.write_all(skeleton(title, topics, regions, today).as_bytes())
        .map_err(io)?;
    Ok(file)
}

/// `--path` as a `/`-separated folder under `content/`, or `None` if it
/// would leave it. An empty path or `.` is `content/` itself.
fn folder_in_content(path: &str) -> Option<String> {
    if (path.trim_matches('/').is_empty() && !path.starts_with('/')) || path == "." {
        return Some(String::new());
    }
    if path.starts_with(['/', '\\']) || Path::new(path).is_absolute() {
        return None;
    }
    crate::url::safe_path(path).map(|p| p.trim_end_matches('/').to_string())
}

/// The text of a new briefing.
pub fn skeleton(title: &str, topics: &[String], regions: &[String], today: Date) -> String {
    let list = |items: &[String]| {
        let quoted: Vec<String> = items.iter().map(|s| yaml_string(s.trim())).collect();
        format!("[{}]", quoted.join(", "))
    };
    format!(
        "---\n\
         title: {title}\n\
         date: {today}\n\
         status: draft\n\
         topics: {topics}\n\
         regions: {regions}\n\
         summary: \"\"\n\
         authors: []\n\
         ---\n\
         \n\
         ## Key takeaways\n\
         \n\
         - First takeaway.\n\
         - Second takeaway.\n\
         - Third takeaway.\n\
         \n\
         ## Background\n\
         \n\
         What happened, and why it matters.\n\
         \n\
         ## Assessment\n\
         \n\
         What we judge will happen next, and how confident we are.\n",
        title = yaml_string(title),
        today = today,
        topics = list(topics),
        regions = list(regions),
    )
}

/// `s` as a YAML double-quoted scalar, so `:`, `#`, quotes, backslashes and
/// control characters all read back as written.
pub fn yaml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            // Control characters, and the breaks YAML 1.1 parsers treat as line ends.
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{Yaml, parse_mapping};

    #[test]
    fn awkward_titles_read_back_as_written() {
        for title in [
            "Gas: the \"deal\" #1",
            "back\\slash 'single' quotes",
            "- starts like a list",
            "yes",
            "tab\there\u{2028}and\u{7f}",
            "[not, a, list]",
            "{also: not}",
            "& * ! | > % @ `",
        ] {
            let text = format!("title: {}\n", yaml_string(title));
            let entries = parse_mapping(&text, 1).expect("quoted title parses");
            assert_eq!(entries[0].value, Yaml::String(title.into()), "{text}");
        }
    }

    #[test]
    fn path_must_stay_in_content() {
        assert_eq!(
            folder_in_content("2025/energy/").as_deref(),
            Some("2025/energy")
        );
        assert_eq!(folder_in_content("").as_deref(), Some(""));
        assert_eq!(folder_in_content(".").as_deref(), Some(""));
        for bad in [
            "..",
            "../x",
            "a/../../x",
            "/etc",
            "/",
            "\\x",
            "a\\..\\b",
            "./a",
        ] {
            assert_eq!(folder_in_content(bad), None, "{bad}");
        }
    }
}
