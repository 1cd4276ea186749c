//! The pipeline fuzz harness: turns raw bytes into a small site and runs
//! stages 2 to 4 on it in memory, in both modes. Shared through `#[path]` by
//! the fuzz target (`fuzz/fuzz_targets/pipeline.rs`) and the regression test
//! (`tests/suite/regressions.rs`), so a saved input replays exactly.
//!
//! Input format: up to four parts separated by the byte `0xFF`, which never
//! occurs in UTF-8 text (bytes after the third `0xFF` stay in the fourth part).
//! Each part is decoded lossily and normalised as `source::scan` would (BOM
//! dropped, CR and CRLF made `\n`, NUL made U+FFFD). A part whose first line
//! is `@some/path.md` is the briefing at that path under `content/`, and
//! `@sitrep.yaml` makes the part the site settings; other parts are
//! `a.md`, `2024/b.md`, `2024/deep/c.md` and `d.md` by position.
//!
//! Checks: no panic; every output path is relative, with no empty, `.` or
//! `..` segment, no backslash or NUL, and no segment over 255 bytes. With
//! `SITREP_FUZZ_STRICT` set, a fatal `Error` from content also fails, and so
//! does output that differs between two runs on the same input.

use sitrep::output::Content;
use sitrep::source::SourceFile;
use sitrep::{Config, Diagnostics, Mode, Options, OutputFile, Severity};

/// Separates the parts of an input.
pub const SEPARATOR: u8 = 0xFF;

const DEFAULT_NAMES: [&str; 4] = ["a.md", "2024/b.md", "2024/deep/c.md", "d.md"];

/// A fuzz input as a site: briefing sources sorted by path, and settings text.
pub struct Input {
    /// The briefings.
    pub sources: Vec<SourceFile>,
    /// `sitrep.yaml`, when a part is named so.
    pub config: Option<String>,
}

/// Splits raw bytes into a site, as described at the top of this file.
pub fn split(data: &[u8]) -> Input {
    let mut input = Input {
        sources: Vec::new(),
        config: None,
    };
    for (i, part) in data
        .splitn(DEFAULT_NAMES.len(), |&b| b == SEPARATOR)
        .enumerate()
    {
        let text = normalise(&String::from_utf8_lossy(part));
        let (name, text) = match text.strip_prefix('@') {
            Some(rest) => rest.split_once('\n').unwrap_or((rest, "")),
            None => (DEFAULT_NAMES[i], text.as_str()),
        };
        if name == "sitrep.yaml" {
            input.config = Some(text.to_string());
            continue;
        }
        let rel = rel_path(name, DEFAULT_NAMES[i], &input.sources);
        input.sources.push(SourceFile {
            display: format!("content/{rel}"),
            rel,
            text: text.to_string(),
        });
    }
    // `source::scan` walks folders in file-name order.
    input
        .sources
        .sort_by(|a, b| a.rel.split('/').cmp(b.rel.split('/')));
    input
}

/// What `source::scan` does to a file's text.
fn normalise(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\0', "\u{fffd}")
}

/// A path `source::scan` could have produced: `/`-separated segments that a
/// file system allows and the scan does not skip, ending in `.md`, not taken.
fn rel_path(name: &str, default: &str, taken: &[SourceFile]) -> String {
    let segments: Vec<String> = name
        .split('/')
        .filter(|s| !matches!(*s, "" | "." | ".."))
        .map(|s| {
            let mut s = s.to_string();
            if s.starts_with(['.', '#']) || s.ends_with('~') {
                s.insert(0, '_');
            }
            while s.len() > 240 {
                s.pop();
            }
            s
        })
        .collect();
    let mut rel = if segments.is_empty() {
        default.to_string()
    } else {
        segments.join("/")
    };
    if !rel.ends_with(".md") {
        rel.push_str(".md");
    }
    while taken.iter().any(|s| s.rel == rel) {
        rel.insert(0, '_');
    }
    rel
}

/// Runs the pipeline on one input in public and preview mode; panics on a
/// broken invariant (see the top of this file).
pub fn run(data: &[u8]) {
    let input = split(data);
    let config = match &input.config {
        Some(text) => {
            let (config, diags) = Config::parse(text);
            // `sitrep::render` stops here too.
            if diags.iter().any(|d| d.severity == Severity::Error) {
                return;
            }
            config
        }
        None => Config::default(),
    };
    let strict = std::env::var_os("SITREP_FUZZ_STRICT").is_some();
    for opts in [options(Mode::Public), options(Mode::Preview)] {
        let Some(files) = render(&input, &config, &opts, strict) else {
            continue;
        };
        for f in &files {
            assert_safe(&f.path);
        }
        if strict {
            let again = render(&input, &config, &opts, strict).unwrap_or_default();
            assert!(same_output(&files, &again), "two runs on one input differ");
        }
    }
}

fn options(mode: Mode) -> Options {
    let mut opts = Options::new("/nonexistent-fuzz-root");
    opts.mode = mode;
    opts.future = true;
    opts.now = "2025-06-01T00:00:00Z".parse().expect("a valid timestamp");
    if mode == Mode::Preview {
        opts.editorial = true;
        opts.base_url = Some("https://example.org/desk/".into());
    }
    opts
}

fn render(input: &Input, config: &Config, opts: &Options, strict: bool) -> Option<Vec<OutputFile>> {
    match sitrep::render_sources(
        &input.sources,
        Vec::new(),
        config.clone(),
        opts,
        Diagnostics::default(),
    ) {
        Ok((_, files)) => Some(files),
        Err(e) if strict => panic!("fatal error from content: {e}"),
        Err(_) => None,
    }
}

fn assert_safe(path: &str) {
    assert!(!path.is_empty(), "empty output path");
    for segment in path.split('/') {
        assert!(
            !matches!(segment, "" | "." | "..")
                && !segment.contains(['\\', '\0'])
                && segment.len() <= 255,
            "unsafe output path `{path}`"
        );
    }
}

fn same_output(a: &[OutputFile], b: &[OutputFile]) -> bool {
    let bytes = |c: &Content| match c {
        Content::Bytes(b) => b.clone(),
        Content::Embedded(b) => b.to_vec(),
        Content::Copy(p) => p.to_string_lossy().into_owned().into_bytes(),
    };
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.path == y.path && bytes(&x.content) == bytes(&y.content))
}
