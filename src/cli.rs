//! The command line: the only module that sees clap. Each handler turns its
//! arguments into [`Options`] and runs the library; diagnostics are printed here.

use crate::config::{Mode, Options};
use crate::diag::{Diagnostics, Severity};
use crate::error::Error;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// sitrep: build a cross-linked briefing website from Markdown files with YAML front matter.
#[derive(Debug, Parser)]
#[command(name = "sitrep", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (default `public/`).
    Build(BuildArgs),
    /// Run every check without writing anything; exit 1 on errors.
    Check(CheckArgs),
    /// Preview the site (drafts shown) on a local server that rebuilds and reloads on every change.
    Serve(ServeArgs),
    /// Write a new draft briefing with its front matter filled in.
    New(NewArgs),
}

/// Flags every command shares.
#[derive(Debug, Args)]
pub struct SiteArgs {
    /// Site root: the folder with `content/` and, optionally, `sitrep.yaml`, `templates/`, `static/`.
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// Preview build: include drafts, briefings in review and embargoed ones, with banners and `noindex`.
    #[arg(long)]
    pub drafts: bool,
    /// Include briefings dated in the future or under embargo as if published.
    #[arg(long)]
    pub future: bool,
    /// Report broken internal links as warnings instead of errors (for previews).
    #[arg(long)]
    pub allow_broken_links: bool,
    /// Override `base_url` from sitrep.yaml, e.g. `https://owner.github.io/repo/` (with or without the final `/`).
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

/// `sitrep build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Shared flags.
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output folder; replaced as a whole only when the build succeeds. Default: `public/` under the root.
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
}

/// How `check` prints diagnostics.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// `file:line:col: error[rule]: message` plus a `help:` line.
    Human,
    /// One JSON object per line.
    Json,
    /// GitHub Actions annotations (`::error file=...,line=...::message`).
    Github,
}

/// `sitrep check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Shared flags.
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Exit 1 on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
}

/// `sitrep serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Shared flags (`--drafts` is implied: a preview always shows drafts).
    #[command(flatten)]
    pub site: SiteArgs,
    /// Port to listen on.
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on; `0.0.0.0` shows the preview to other machines on the network.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDRESS")]
    pub bind: IpAddr,
}

/// `sitrep new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The briefing's title, in quotes; its slug names the file.
    pub title: String,
    /// A topic; repeat for more (`--topic energy --topic shipping`).
    #[arg(long = "topic", value_name = "TOPIC")]
    pub topics: Vec<String>,
    /// A region; repeat for more.
    #[arg(long = "region", value_name = "REGION")]
    pub regions: Vec<String>,
    /// Folder under `content/` to write into. Default: the current year, `content/YYYY/`.
    #[arg(long, value_name = "FOLDER")]
    pub path: Option<String>,
    /// Site root: the folder with `content/`.
    #[arg(long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
}

/// Parses the command line, runs, and returns the exit code: 0 success,
/// 1 content errors, 2 usage or fatal error.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let result = match cli.command {
        Command::Build(args) => build(args),
        Command::Check(args) => check(args),
        Command::Serve(args) => serve(args),
        Command::New(args) => new(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {e}");
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                eprintln!("  caused by: {s}");
                source = s.source();
            }
            ExitCode::from(2)
        }
    }
}

fn absolute(p: &Path) -> Result<PathBuf, Error> {
    std::path::absolute(p).map_err(|source| Error::Io {
        action: "cannot resolve",
        path: p.to_owned(),
        source,
    })
}

impl SiteArgs {
    fn options(&self) -> Result<Options, Error> {
        let root = absolute(&self.root)?;
        let mut opts = Options::new(root);
        opts.mode = if self.drafts {
            Mode::Preview
        } else {
            Mode::Public
        };
        opts.future = self.future;
        opts.allow_broken_links = self.allow_broken_links;
        opts.base_url = self.base_url.clone();
        Ok(opts)
    }
}

fn build(args: BuildArgs) -> Result<u8, Error> {
    let started = Instant::now();
    let mut opts = args.site.options()?;
    if let Some(out) = &args.output {
        opts.output = absolute(out)?;
    }
    let report = crate::build(&opts)?;
    print_human(&report.diagnostics);
    let (errors, warnings) = report.diagnostics.counts();
    if !report.written {
        eprintln!(
            "build failed: {errors} error(s), {warnings} warning(s); `{}` left as it was",
            opts.output.display()
        );
        return Ok(1);
    }
    println!(
        "built {} briefings, {} pages, {} terms into {} in {:.2}s{}",
        report.briefings,
        report.pages,
        report.terms,
        opts.output.display(),
        started.elapsed().as_secs_f64(),
        if warnings > 0 {
            format!(" ({warnings} warning(s))")
        } else {
            String::new()
        }
    );
    Ok(0)
}

fn check(args: CheckArgs) -> Result<u8, Error> {
    let opts = args.site.options()?;
    let report = crate::check(&opts)?;
    match args.format {
        Format::Human => print_human(&report.diagnostics),
        Format::Json => {
            let mut out = std::io::stdout().lock();
            for d in &report.diagnostics {
                let _ = writeln!(out, "{}", serde_json::to_string(d).unwrap_or_default());
            }
        }
        Format::Github => {
            let mut out = std::io::stdout().lock();
            for d in &report.diagnostics {
                let _ = writeln!(out, "{}", github_annotation(d));
            }
        }
    }
    let (errors, warnings) = report.diagnostics.counts();
    if args.format == Format::Human {
        eprintln!(
            "checked {} briefings: {errors} error(s), {warnings} warning(s)",
            report.briefings
        );
    }
    Ok(u8::from(errors > 0 || (args.deny_warnings && warnings > 0)))
}

fn serve(args: ServeArgs) -> Result<u8, Error> {
    let site = args.site.options()?;
    let opts = crate::serve::ServeOptions {
        bind: args.bind,
        port: args.port,
        ..crate::serve::ServeOptions::new(site)
    };
    crate::serve::serve(opts)?;
    Ok(0)
}

/// Exit 1 when the file exists (nothing written), 2 for bad usage or I/O.
fn new(args: NewArgs) -> Result<u8, Error> {
    use crate::scaffold::{NewError, new_briefing};
    let today = jiff::ZonedDateTime::now().date();
    let written = new_briefing(
        &args.root,
        &args.title,
        &args.topics,
        &args.regions,
        args.path.as_deref(),
        today,
    );
    // `--root .` (the default) prints `content/...`, not `./content/...`.
    let shown = |p: PathBuf| match p.strip_prefix(".") {
        Ok(rel) if args.root == Path::new(".") => rel.to_path_buf(),
        _ => p,
    };
    match written {
        Ok(path) => {
            println!("wrote {}", shown(path).display());
            Ok(0)
        }
        Err(NewError::Exists(path)) => {
            eprintln!("error: {}", NewError::Exists(shown(path)));
            Ok(1)
        }
        Err(e) => {
            eprintln!("error: {e}");
            Ok(2)
        }
    }
}

/// Prints diagnostics to stderr, coloured when it is a terminal.
pub(crate) fn print_human(diags: &Diagnostics) {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut err = std::io::stderr().lock();
    for d in diags {
        let text = d.to_string();
        if color {
            let (code, word) = match d.severity {
                Severity::Error => ("31", "error"),
                Severity::Warning => ("33", "warning"),
            };
            let text = text.replacen(
                &format!(": {word}["),
                &format!(": \x1b[1;{code}m{word}\x1b[0m["),
                1,
            );
            let _ = writeln!(
                err,
                "{}",
                text.replacen("\n  help:", "\n  \x1b[1;36mhelp\x1b[0m:", 1)
            );
        } else {
            let _ = writeln!(err, "{text}");
        }
    }
}

/// A GitHub Actions workflow command for one diagnostic.
fn github_annotation(d: &crate::diag::Diagnostic) -> String {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let esc_prop = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
            .replace(':', "%3A")
            .replace(',', "%2C")
    };
    let esc_msg = |s: &str| {
        s.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let mut props = format!("file={}", esc_prop(&d.file));
    if let Some(p) = d.pos {
        props.push_str(&format!(",line={}", p.line));
        if p.col > 0 {
            props.push_str(&format!(",col={}", p.col));
        }
    }
    props.push_str(&format!(",title={}", esc_prop(d.rule)));
    let mut msg = d.message.clone();
    if let Some(h) = &d.help {
        msg.push_str(&format!("\nhelp: {h}"));
    }
    format!("::{level} {props}::{}", esc_msg(&msg))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_valid() {
        Cli::command().debug_assert();
    }

    #[test]
    fn github_annotations_escape_properties() {
        let d = crate::diag::Diagnostic::error(
            "content/a,b.md",
            Some(crate::diag::Pos::new(3, 2)),
            "link/broken",
            "broken link `x`".into(),
        )
        .with_help("fix");
        assert_eq!(
            github_annotation(&d),
            "::error file=content/a%2Cb.md,line=3,col=2,title=link/broken::broken link `x`%0Ahelp: fix"
        );
    }
}
