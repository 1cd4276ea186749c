//! The integration suite: one test binary (see STYLE.md section 7).
//!
//! - `build`: fixture sites under `tests/sites/` built through the library.
//! - `check`: diagnostics of `sitrep::check`, links above all.
//! - `cli`: the `sitrep` binary: exit codes, stdout and stderr.
//! - `files`: links in `content/`, output paths that try to escape, the swap under SIGKILL, neighbours of the output.
//! - `graph`: the `tests/sites/graph/` link graph: related, backlinks, neighbours, supersedes.
//! - `invalid`: one bad briefing per file under `tests/invalid/`, each snapshotted.
//! - `lint`: editorial checks: empty body, `updated` before `date`, summary, takeaways, reviewers, titles.
//! - `new`: `sitrep new` writes a draft skeleton that checks clean, and never overwrites.
//! - `props`: property tests: slugs, anchors and routes over arbitrary Unicode; slug collisions.
//! - `publish`: feeds, sitemap, aliases, metadata, search index, and a sub-path link crawl over HTTP.
//! - `regressions`: inputs the pipeline fuzzer (`fuzz/`) found, replayed: no panic.
//! - `theme`: the default theme: above the fold, region trails, tables, images, print, `custom.css`.
//! - `serve`: the preview server over HTTP: reload script, overlay, rebuilds, base path, 404s.

mod build;
mod check;
mod cli;
mod common;
mod files;
mod graph;
mod invalid;
mod lint;
mod new;
mod props;
mod publish;
mod regressions;
mod serve;
mod theme;
mod vocab;
