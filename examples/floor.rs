//! The floor of issue 8: the least work any briefing-site generator must do,
//! timed by `bench/run` beside sitrep and Hugo. It reads every `.md` file under
//! a folder, splits off the front matter, parses it with serde_yaml into a
//! title and a date, renders the Markdown with pulldown-cmark (sitrep's
//! options) and writes one HTML file per briefing, on every core with rayon.
//! No links, indexes, templates, feeds or search: what sitrep spends beyond
//! this is the price of those.
//!
//! ```text
//! cargo run --release --example floor -- CONTENT_DIR OUT_DIR [--like MANIFEST]
//! ```
//!
//! With `--like`, it also writes every file a full build writes besides the
//! briefing pages, with the same path and size but blank bytes: MANIFEST has
//! a `path<TAB>bytes` line per file (`find OUT -type f -printf '%P\t%s\n'`
//! of a sitrep build). That is the floor of a generator whose output has
//! sitrep's shape, what issue 8 asks a full build to write, with none of the
//! work that fills those files in. Its briefing pages stay the floor's own,
//! smaller ones in flat files, so it still does less than sitrep must.
//!
//! An example rather than a `[[bench]]` target: `bench/run` needs a plain
//! release binary it can time with `/usr/bin/time` on a corpus of its choice,
//! built with the same profile as `sitrep` (`cargo build --release --examples`);
//! a harness-less bench target would instead be run by every `cargo bench`,
//! with no corpus to read.

use pulldown_cmark::{Parser, html};
use rayon::prelude::*;
use serde::Deserialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The two fields every briefing has; the rest of the YAML is parsed and dropped.
#[derive(Deserialize)]
struct Meta {
    #[serde(default)]
    title: String,
    #[serde(default)]
    date: serde_yaml::Value,
}

/// Front matter between the first two `---` lines, and the body after them.
fn split(text: &str) -> (&str, &str) {
    let Some(rest) = text.strip_prefix("---\n") else {
        return ("", text);
    };
    match rest.find("\n---\n") {
        Some(end) => (&rest[..end + 1], &rest[end + 5..]),
        None => ("", text),
    }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// One briefing from Markdown to its HTML page.
fn render(text: &str, file: &Path) -> Result<String, String> {
    let (yaml, body) = split(text);
    let meta: Meta =
        serde_yaml::from_str(yaml).map_err(|e| format!("{}: invalid YAML: {e}", file.display()))?;
    let date = match &meta.date {
        serde_yaml::Value::String(s) => s.clone(),
        other => serde_yaml::to_string(other).unwrap_or_default(),
    };
    let mut page = String::with_capacity(body.len() * 3 / 2 + 256);
    page.push_str("<!doctype html>\n<meta charset=\"utf-8\">\n<title>");
    page.push_str(&escape(&meta.title));
    page.push_str("</title>\n<h1>");
    page.push_str(&escape(&meta.title));
    page.push_str("</h1>\n<time>");
    page.push_str(&escape(date.trim()));
    page.push_str("</time>\n");
    html::push_html(
        &mut page,
        Parser::new_ext(body, sitrep::markdown::options()),
    );
    Ok(page)
}

/// The files of a manifest outside `briefings/`, as paths under `out` and sizes.
fn manifest(file: &Path, out: &Path) -> Result<Vec<(PathBuf, usize)>, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let mut files = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let bad = || format!("{}:{}: expected `path<TAB>bytes`", file.display(), n + 1);
        let (path, size) = line.split_once('\t').ok_or_else(bad)?;
        let size: usize = size.parse().map_err(|_| bad())?;
        if !path.starts_with("briefings/") {
            files.push((out.join(path), size));
        }
    }
    Ok(files)
}

fn run(content: &Path, out: &Path, like: &[(PathBuf, usize)]) -> Result<usize, String> {
    let io = |p: &Path, e: std::io::Error| format!("{}: {e}", p.display());
    let mut sources: Vec<(PathBuf, PathBuf)> = Vec::new();
    for entry in walkdir::WalkDir::new(content).sort_by_file_name() {
        let entry = entry.map_err(|e| e.to_string())?;
        let path = entry.path();
        if entry.file_type().is_file() && path.extension().is_some_and(|x| x == "md") {
            let rel = path
                .strip_prefix(content)
                .expect("walkdir yields paths under its root");
            sources.push((path.to_path_buf(), out.join(rel).with_extension("html")));
        }
    }
    let dirs: BTreeSet<&Path> = sources
        .iter()
        .map(|(_, o)| o)
        .chain(like.iter().map(|(o, _)| o))
        .filter_map(|o| o.parent())
        .collect();
    for dir in dirs {
        std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    }
    sources.par_iter().try_for_each(|(src, dst)| {
        let text = std::fs::read_to_string(src).map_err(|e| io(src, e))?;
        let page = render(&text, src)?;
        std::fs::write(dst, page).map_err(|e| io(dst, e))
    })?;
    let blank = vec![b' '; like.iter().map(|(_, size)| *size).max().unwrap_or(0)];
    like.par_iter()
        .try_for_each(|(dst, size)| std::fs::write(dst, &blank[..*size]).map_err(|e| io(dst, e)))?;
    Ok(sources.len())
}

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (content, out, like) = match args.as_slice() {
        [content, out] => (content, out, None),
        [content, out, flag, file] if flag == "--like" => (content, out, Some(file)),
        _ => {
            eprintln!("usage: floor CONTENT_DIR OUT_DIR [--like MANIFEST]");
            return std::process::ExitCode::from(2);
        }
    };
    let started = Instant::now();
    let like = like.map_or(Ok(Vec::new()), |f| manifest(Path::new(f), Path::new(out)));
    match like.and_then(|like| run(Path::new(content), Path::new(out), &like)) {
        Ok(n) => {
            let ms = started.elapsed().as_secs_f64() * 1000.0;
            eprintln!("floor: {n} briefings in {ms:.0} ms");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("floor: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
