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

use output::Content;
use std::collections::HashSet;

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

/// Builds the site and writes it to `opts.output`, unless a diagnostic is an error.
pub fn build(opts: &Options) -> Result<Report> {
    output::check_output_dir(&opts.output, &opts.root)?;
    let (mut report, files) = render(opts)?;
    if let Some(files) = files.filter(|_| !report.diagnostics.has_errors()) {
        output::write(&files, &opts.output)?;
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
    render(&opts).map(|(report, _)| report)
}

/// Runs the pipeline into memory: the report and, unless settings were
/// unusable, every output file.
pub fn render(opts: &Options) -> Result<(Report, Option<Vec<OutputFile>>)> {
    if !opts.root.is_dir() {
        return Err(Error::NoSiteRoot(opts.root.clone()));
    }
    let mut report = Report::default();
    let (config, config_diags) = Config::load(&opts.root)?;
    report.diagnostics.extend(config_diags);
    if report.diagnostics.has_errors() {
        report.diagnostics.sort();
        return Ok((report, None));
    }
    let sources = source::scan(&opts.content_dir(), &opts.root)?;
    report.diagnostics.extend(sources.diagnostics);
    let (mut report, files) = render_sources(
        &sources.files,
        sources.assets,
        config,
        opts,
        report.diagnostics,
    )?;
    report.diagnostics.sort();
    Ok((report, Some(files)))
}

/// Stages 2 to 4 on sources already in memory: what `render` does after
/// reading `content/`, and what the fuzz target drives directly. `found`
/// holds what earlier stages reported; the preview's dashboard lists it.
pub fn render_sources(
    sources: &[source::SourceFile],
    assets: Vec<source::Asset>,
    config: Config,
    opts: &Options,
    found: Diagnostics,
) -> Result<(Report, Vec<OutputFile>)> {
    let mut report = Report {
        diagnostics: found,
        ..Report::default()
    };
    let (briefings, diags) = briefing::parse_all(sources, &config);
    report.diagnostics.extend(diags);
    let (site, diags) = site::assemble(briefings, assets, config, opts);
    report.diagnostics.extend(diags);
    let mut theme = theme::Theme::load(&opts.root, &site.urls)?;
    let mut files = render::render_site(&site, &mut theme, &report.diagnostics)?;
    report.pages = files.iter().filter(|f| f.path.ends_with(".html")).count();
    report.briefings = site.briefings.len();
    report.terms = site.topics.len() + site.regions.len();
    // A site's own `static/robots.txt` or `static/CNAME` replaces the generated one.
    files.retain(|f| {
        !(render::OVERRIDABLE.contains(&f.path.as_str())
            && matches!(theme.statics.get(&f.path), Some(theme::StaticFile::Site(_))))
    });
    for (rel, f) in &theme.statics {
        let content = match f {
            theme::StaticFile::Embedded(b) => Content::Embedded(b),
            theme::StaticFile::Site(p) => Content::Copy(p.clone()),
        };
        if let Some(path) = url::safe_path(rel) {
            files.push(OutputFile { path, content });
        }
    }
    for (route, asset) in &site.assets {
        files.push(OutputFile {
            path: route.output_file(),
            content: Content::Copy(asset.path.clone()),
        });
    }
    check_collisions(&files, &opts.root, &mut report.diagnostics);
    Ok((report, files))
}

/// Two outputs at one path would silently overwrite each other.
fn check_collisions(files: &[OutputFile], root: &std::path::Path, diags: &mut Diagnostics) {
    let mut seen = HashSet::new();
    for f in files {
        if !seen.insert(f.path.as_str()) {
            let source = match &f.content {
                Content::Copy(p) => source::display_path(p, root),
                _ => "a generated page".into(),
            };
            diags.push(
                Diagnostic::error(
                    &source,
                    None,
                    "output/collision",
                    format!("two files would be written to `{}`", f.path),
                )
                .with_help(
                    "rename the file or folder so it does not clash with a page sitrep generates",
                ),
            );
        }
    }
}
