//! sitrep turns a folder of Markdown briefings with YAML front matter into a
//! cross-linked static site: a page per briefing, topic and region indexes,
//! a home page and an archive.
//!
//! The build flows one way; each stage takes the previous stage's output:
//!
//! ```text
//! Options ─ source::scan ─► Sources ─ briefing::parse_all ─► (Vec<Briefing>, Diagnostics)
//!         ─ site::assemble ─► (Site, Diagnostics)
//!         ─ render::render_site (&Site, &Theme) ─► Vec<OutputFile> ─ output::write ─► disk
//! ```
//!
//! Problems with the input are [`Diagnostic`]s with file, line and column,
//! collected across the whole run; only failures that stop sitrep (I/O, a
//! template that does not compile) are [`Error`]s.

#![forbid(unsafe_code)]

pub mod briefing;
pub mod cli;
pub mod config;
pub mod diag;
pub mod error;
pub mod frontmatter;
mod fs;
pub mod image;
pub mod lint;
pub mod markdown;
pub mod output;
pub mod render;
pub mod review;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod slug;
pub mod source;
pub mod theme;
pub mod url;
pub mod vocab;
mod yaml;

pub use config::{Config, Mode, Options};
pub use diag::{Diagnostic, Diagnostics, Pos, Severity};
pub use error::{Error, Result};
pub use output::OutputFile;

use output::{Content, Sink};

/// What a run did.
#[derive(Debug, Default)]
pub struct Report {
    /// Every problem found, sorted by file and line.
    pub diagnostics: Diagnostics,
    /// Briefings shown.
    pub briefings: usize,
    /// HTML pages rendered.
    pub pages: usize,
    /// Topics plus regions.
    pub terms: usize,
    /// Whether the output folder was replaced.
    pub written: bool,
}

/// Builds the site and writes it to `opts.output`, unless a diagnostic is an
/// error. Pages are written as they are rendered, into a folder beside the
/// output that replaces it only when the whole site is there and clean.
pub fn build(opts: &Options) -> Result<Report> {
    output::check_output_dir(&opts.output, &opts.root)?;
    let t = std::time::Instant::now();
    let (config, sources, found) = match load(opts)? {
        Ok(loaded) => loaded,
        Err(report) => return Ok(report),
    };
    crate::timing("load", t);
    let staging = output::Staging::create(&opts.output)?;
    let mut report = render_into(sources.files, sources.assets, config, opts, found, &staging)?;
    if !report.diagnostics.has_errors() {
        let t = std::time::Instant::now();
        staging.commit()?;
        crate::timing("commit", t);
        report.written = true;
    }
    Ok(report)
}

/// Runs every stage but writing; reports every problem.
pub fn check(opts: &Options) -> Result<Report> {
    let opts = Options {
        editorial: true,
        ..opts.clone()
    };
    match load(&opts)? {
        Ok((config, sources, found)) => render_into(
            sources.files,
            sources.assets,
            config,
            &opts,
            found,
            &output::Discard,
        ),
        Err(report) => Ok(report),
    }
}

/// Runs the pipeline into memory: the report and, unless settings were
/// unusable, every output file.
pub fn render(opts: &Options) -> Result<(Report, Option<Vec<OutputFile>>)> {
    match load(opts)? {
        Ok((config, sources, found)) => {
            let memory = output::Memory::default();
            let report = render_into(sources.files, sources.assets, config, opts, found, &memory)?;
            let mut files = memory.into_files();
            files.sort_unstable_by(|a, b| a.path.cmp(&b.path));
            Ok((report, Some(files)))
        }
        Err(report) => Ok((report, None)),
    }
}

/// Stage 1: settings and sources, with what was found on the way; or, when
/// the settings are unusable, the report saying why.
#[allow(clippy::type_complexity)]
pub fn load(
    opts: &Options,
) -> Result<std::result::Result<(Config, source::Sources, Diagnostics), Report>> {
    if !opts.root.is_dir() {
        return Err(Error::NoSiteRoot(opts.root.clone()));
    }
    let (config, mut found) = {
        let (config, diags) = Config::load(&opts.root)?;
        let mut found = Diagnostics::default();
        found.extend(diags);
        (config, found)
    };
    if found.has_errors() {
        found.sort();
        return Ok(Err(Report {
            diagnostics: found,
            ..Report::default()
        }));
    }
    let mut sources = source::scan(&opts.content_dir(), &opts.root)?;
    found.extend(std::mem::take(&mut sources.diagnostics));
    Ok(Ok((config, sources, found)))
}

/// Stages 2 to 4 on sources already in memory, every file kept in memory:
/// what the fuzz target and `serve` use. `found` holds what earlier stages
/// reported; the preview's dashboard lists it.
pub fn render_sources(
    sources: &[source::SourceFile],
    assets: Vec<source::Asset>,
    config: Config,
    opts: &Options,
    found: Diagnostics,
) -> Result<(Report, Vec<OutputFile>)> {
    let memory = output::Memory::default();
    let report = render_into(sources.to_vec(), assets, config, opts, found, &memory)?;
    let mut files = memory.into_files();
    files.sort_unstable_by(|a, b| a.path.cmp(&b.path));
    Ok((report, files))
}

/// Stages 2 to 4, each file handed to `sink` as soon as it is made. The
/// sources are dropped once parsed: a large site's text is not kept twice.
pub fn render_into(
    sources: Vec<source::SourceFile>,
    assets: Vec<source::Asset>,
    config: Config,
    opts: &Options,
    found: Diagnostics,
    sink: &dyn output::Sink,
) -> Result<Report> {
    let t = std::time::Instant::now();
    let (briefings, diags) = briefing::parse_all(&sources, &config);
    crate::timing("parse", t);
    drop(sources);
    let mut found = found;
    found.extend(diags);
    let (report, site, theme) = render_parsed(briefings, assets, config, opts, found, sink)?;
    // Freeing a large site takes a tenth of a second on one core: done
    // beside the commit and the report instead of before them.
    std::thread::spawn(move || drop((site, theme)));
    Ok(report)
}

/// Stages 3 and 4 on parsed briefings (in source path order). Returns the
/// site and theme too: `serve` renders them again to finish what it put off.
pub fn render_parsed(
    briefings: Vec<std::sync::Arc<briefing::Briefing>>,
    assets: Vec<source::Asset>,
    config: Config,
    opts: &Options,
    found: Diagnostics,
    sink: &dyn output::Sink,
) -> Result<(Report, site::Site, theme::Theme)> {
    let (mut report, site, mut theme) =
        assemble_parsed(briefings, assets, config, opts, found, &|| false)?;
    render_assembled(&site, &mut theme, opts, &mut report, sink)?;
    Ok((report, site, theme))
}

/// Stage 3 on parsed briefings, and the theme to render the site with;
/// [`Error::Superseded`] when `stop` says on the way that it is not wanted.
pub fn assemble_parsed(
    briefings: Vec<std::sync::Arc<briefing::Briefing>>,
    assets: Vec<source::Asset>,
    config: Config,
    opts: &Options,
    found: Diagnostics,
    stop: &(dyn Fn() -> bool + Sync),
) -> Result<(Report, site::Site, theme::Theme)> {
    let mut report = Report {
        diagnostics: found,
        ..Report::default()
    };
    let t = std::time::Instant::now();
    let (site, diags) =
        site::assemble_unless(briefings, assets, config, opts, stop).ok_or(Error::Superseded)?;
    crate::timing("assemble", t);
    report.diagnostics.extend(diags);
    let theme = theme::Theme::load(&opts.root, &site.urls)?;
    Ok((report, site, theme))
}

/// Stage 4: every file of an assembled site to `sink`, and what the report
/// says of them (pages, terms, clashing paths).
pub fn render_assembled(
    site: &site::Site,
    theme: &mut theme::Theme,
    opts: &Options,
    report: &mut Report,
    sink: &dyn output::Sink,
) -> Result<()> {
    let recorder = Recorder {
        inner: sink,
        paths: Default::default(),
    };
    // In file and line order before the review dashboard lists them.
    report.diagnostics.sort();
    let t = std::time::Instant::now();
    render::render_site(site, theme, &report.diagnostics, &recorder)?;
    crate::timing("render: all", t);
    for (rel, f) in &theme.statics {
        let content = match f {
            theme::StaticFile::Embedded(b) => Content::Embedded(b),
            theme::StaticFile::Site(p) => Content::Copy(p.clone()),
        };
        if let Some(path) = url::safe_path(rel) {
            recorder.put(OutputFile { path, content })?;
        }
    }
    for (route, asset) in &site.assets {
        recorder.put(OutputFile {
            path: route.output_file(),
            content: Content::Copy(asset.path.clone()),
        })?;
    }
    let paths = recorder
        .paths
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    report.pages = paths.iter().filter(|(p, _)| p.ends_with(".html")).count();
    report.briefings = site.briefings.len();
    report.terms = site.topics.len() + site.regions.len();
    check_collisions(paths, &opts.root, &mut report.diagnostics);
    report.diagnostics.sort();
    Ok(())
}

/// With `SITREP_TIMINGS` set, prints how long the build has spent since
/// `since` when it reaches `stage`: what `BENCHMARKS.md` quotes per stage.
pub(crate) fn timing(stage: &str, since: std::time::Instant) {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if *ON.get_or_init(|| std::env::var_os("SITREP_TIMINGS").is_some()) {
        eprintln!(
            "timing: {stage} {:.1} ms",
            since.elapsed().as_secs_f64() * 1e3
        );
    }
}

/// Passes files on, remembering each path and, for copies, the source file.
struct Recorder<'a> {
    inner: &'a dyn output::Sink,
    paths: std::sync::Mutex<Vec<(String, Option<std::path::PathBuf>)>>,
}

impl output::Sink for Recorder<'_> {
    fn put(&self, file: OutputFile) -> Result<()> {
        let source = match &file.content {
            Content::Copy(p) => Some(p.clone()),
            _ => None,
        };
        self.paths
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((file.path.clone(), source));
        self.inner.put(file)
    }

    fn keyed(&self) -> bool {
        self.inner.keyed()
    }

    fn superseded(&self) -> bool {
        self.inner.superseded()
    }

    fn unchanged(&self, path: &str, key: u64) -> bool {
        let kept = self.inner.unchanged(path, key);
        if kept {
            self.paths
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((path.to_string(), None));
        }
        kept
    }
}

/// Two outputs at one path would silently overwrite each other. Files come
/// from many threads, so the report does not depend on their order: a copied
/// file (the author's to rename) is named over a generated page.
fn check_collisions(
    mut paths: Vec<(String, Option<std::path::PathBuf>)>,
    root: &std::path::Path,
    diags: &mut Diagnostics,
) {
    paths.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| b.1.cmp(&a.1)));
    for pair in paths.windows(2) {
        if pair[0].0 == pair[1].0 {
            let source = pair[0].1.as_deref().map_or_else(
                || "a generated page".into(),
                |p| source::display_path(p, root),
            );
            diags.push(
                Diagnostic::error(
                    &source,
                    None,
                    "output/collision",
                    format!("two files would be written to `{}`", pair[0].0),
                )
                .with_help(
                    "rename the file or folder so it does not clash with a page sitrep generates",
                ),
            );
        }
    }
}
