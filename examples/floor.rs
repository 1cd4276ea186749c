//! The floor of issue 8: the least work any briefing-site generator must do,
//! timed by `bench/run` beside sitrep and Hugo. It reads every `.md` file under
//! a folder, splits off the front matter, parses it with serde_yaml into a
//! title and a date, renders the Markdown with pulldown-cmark (sitrep's
//! options) and writes one HTML file per briefing, on every core with rayon.
//! No links, indexes, templates, feeds or search: what sitrep spends beyond
//! this is the price of those.
//!
//! ```text
//! cargo run --release --example floor -- CONTENT_DIR OUT_DIR
//! ```
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

fn run(content: &Path, out: &Path) -> Result<usize, String> {
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
    let dirs: BTreeSet<&Path> = sources.iter().filter_map(|(_, o)| o.parent()).collect();
    for dir in dirs {
        std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    }
    sources.par_iter().try_for_each(|(src, dst)| {
        let text = std::fs::read_to_string(src).map_err(|e| io(src, e))?;
        let page = render(&text, src)?;
        std::fs::write(dst, page).map_err(|e| io(dst, e))
    })?;
    Ok(sources.len())
}

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [content, out] = args.as_slice() else {
        eprintln!("usage: floor CONTENT_DIR OUT_DIR");
        return std::process::ExitCode::from(2);
    };
    let started = Instant::now();
    match run(Path::new(content), Path::new(out)) {
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
