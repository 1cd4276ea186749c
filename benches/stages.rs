//! Micro-benchmarks of the build's hot stages (issue 8), through sitrep's
//! public API:
//!
//! - `frontmatter`: `frontmatter::split` + `frontmatter::parse` of every sample briefing;
//! - `markdown`: `markdown::scan` of every sample body (parse, ids, sanitising, HTML);
//! - `briefing`: `briefing::parse`, the whole of stage 2, per sample briefing;
//! - `assemble`: `site::assemble` of a 1,008-briefing site. Link resolution and
//!   related-briefing scoring are private to `site`, so they are measured through
//!   it: `assemble/linked` has every link, `assemble/unlinked` the same site with
//!   the link targets removed, so the difference is link resolution; the copies
//!   share their topics and regions, which makes related scoring its worst case;
//! - `render`: `render::render_site` of that site into a sink that drops the
//!   pages: every template, no writing;
//! - `pipeline`: `render_sources` (stages 2 to 4 in memory) on the 18-briefing
//!   sample site and on the 1,008-briefing one.
//!
//! Input is the repository's own sample site (`content/`, `sitrep.yaml`), read
//! once at start, so the bench needs nothing generated first. The large site is
//! 56 copies of it, each under its own folder with its own slugs, so every link
//! still resolves. `cargo bench --bench stages -- --quick` takes about a minute.

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use sitrep::briefing::{self, Briefing};
use sitrep::source::{Asset, SourceFile};
use sitrep::{Config, Diagnostics, Options, frontmatter, markdown, render, site, theme};
use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;

/// Copies of the sample site in the large one: 56 × 18 = 1,008 briefings.
const COPIES: usize = 56;

/// The sample site, read from the repository.
struct Sample {
    opts: Options,
    config: Config,
    files: Vec<SourceFile>,
    assets: Vec<Asset>,
}

fn load_sample() -> Sample {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let opts = Options::new(root);
    let (config, diags) = Config::load(root).expect("the sample site's settings are readable");
    assert!(diags.is_empty(), "the sample site's settings are clean");
    let sources = sitrep::source::scan(&opts.content_dir(), root).expect("content/ is readable");
    Sample {
        opts,
        config,
        files: sources.files,
        assets: sources.assets,
    }
}

/// The file name without `.md`: the slug of a sample briefing.
fn stem(rel: &str) -> &str {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.strip_suffix(".md").unwrap_or(name)
}

/// `COPIES` copies of the sample, copy `k` under `kK/` with every slug given
/// a `-kK` suffix (an explicit `slug:` plus wiki links and `supersedes:`
/// rewritten), so each copy links only within itself. With `links` false,
/// every Markdown link target is cut, leaving the link text.
fn replicate(sample: &Sample, links: bool) -> (Vec<SourceFile>, Vec<Asset>) {
    let slugs: Vec<&str> = sample.files.iter().map(|f| stem(&f.rel)).collect();
    let mut files = Vec::new();
    let mut assets = Vec::new();
    for k in 0..COPIES {
        for f in &sample.files {
            let mut text =
                f.text
                    .replacen("---\n", &format!("---\nslug: {}-k{k}\n", stem(&f.rel)), 1);
            for s in &slugs {
                for (from, to) in [
                    ("[[", "]]"),
                    ("[[", "|"),
                    ("[[", "#"),
                    ("supersedes: ", "\n"),
                ] {
                    text = text.replace(&format!("{from}{s}{to}"), &format!("{from}{s}-k{k}{to}"));
                }
            }
            if !links {
                text = unlink(&text);
            }
            let rel = format!("k{k}/{}", f.rel);
            files.push(SourceFile {
                display: format!("content/{rel}"),
                rel,
                text,
            });
        }
        for a in &sample.assets {
            assets.push(Asset {
                rel: format!("k{k}/{}", a.rel),
                path: a.path.clone(),
            });
        }
    }
    (files, assets)
}

/// `text` with every Markdown link and image reduced to its text and every
/// wiki link to its target or label, so nothing is left to resolve.
fn unlink(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("](") {
        let Some(close) = rest[at..].find(')') else {
            break;
        };
        let open = rest[..at].rfind('[').unwrap_or(at);
        out.push_str(&rest[..open]);
        out.push_str(&rest[open + 1..at]);
        rest = &rest[at + close + 1..];
    }
    out.push_str(rest);
    out.replace("[[", "").replace("]]", "")
}

fn bytes(files: &[SourceFile]) -> u64 {
    files.iter().map(|f| f.text.len() as u64).sum()
}

fn per_file_stages(c: &mut Criterion, sample: &Sample) {
    let mut g = c.benchmark_group("per-file");
    g.throughput(Throughput::Bytes(bytes(&sample.files)));
    g.bench_function("frontmatter", |b| {
        b.iter(|| {
            for f in &sample.files {
                let split = frontmatter::split(&f.text).expect("samples have front matter");
                black_box(frontmatter::parse(&split, &f.display));
            }
        })
    });
    let bodies: Vec<(&str, u32)> = sample
        .files
        .iter()
        .map(|f| {
            let split = frontmatter::split(&f.text).expect("samples have front matter");
            (split.body, split.body_line)
        })
        .collect();
    g.bench_function("markdown", |b| {
        b.iter(|| {
            for (body, line) in &bodies {
                black_box(markdown::scan(body, *line, false));
            }
        })
    });
    // One vocabulary for every run, as one build's threads share one.
    let words = sitrep::search::Vocabulary::new();
    g.bench_function("briefing", |b| {
        b.iter(|| {
            for f in &sample.files {
                black_box(briefing::parse(f, &sample.config, &words));
            }
        })
    });
    g.finish();
}

/// Stage 2 run once: the input of `assemble`.
fn parsed(files: &[SourceFile], config: &Config) -> Vec<Arc<Briefing>> {
    let (briefings, diags) = briefing::parse_all(files, config);
    assert!(!diags.has_errors(), "the replicated sample parses: {diags}");
    briefings
}

fn site_stages(c: &mut Criterion, sample: &Sample) {
    let (files, assets) = replicate(sample, true);
    let (bare_files, bare_assets) = replicate(sample, false);
    let linked = parsed(&files, &sample.config);
    let unlinked = parsed(&bare_files, &sample.config);

    let mut g = c.benchmark_group("site");
    g.sample_size(10);
    for (name, briefings, assets) in [
        ("assemble/linked", &linked, &assets),
        ("assemble/unlinked", &unlinked, &bare_assets),
    ] {
        g.bench_function(name, |b| {
            b.iter_batched(
                || (briefings.clone(), assets.clone(), sample.config.clone()),
                |(briefings, assets, config)| {
                    site::assemble(briefings, assets, config, &sample.opts)
                },
                BatchSize::LargeInput,
            )
        });
    }

    let (site, diags) = site::assemble(linked, assets.clone(), sample.config.clone(), &sample.opts);
    assert!(
        !diags.has_errors(),
        "the replicated sample assembles: {diags}"
    );
    let mut theme = theme::Theme::load(&sample.opts.root, &site.urls).expect("the theme compiles");
    let none = Diagnostics::default();
    g.bench_function("render", |b| {
        b.iter(|| {
            render::render_site(&site, &mut theme, &none, &sitrep::output::Discard)
                .expect("every page renders")
        })
    });

    for (name, files, assets) in [
        ("pipeline/18", &sample.files, &sample.assets),
        ("pipeline/1008", &files, &assets),
    ] {
        g.bench_function(name, |b| {
            b.iter_batched(
                || (assets.clone(), sample.config.clone()),
                |(assets, config)| {
                    sitrep::render_sources(
                        files,
                        assets,
                        config,
                        &sample.opts,
                        Diagnostics::default(),
                    )
                    .expect("the sample renders")
                },
                BatchSize::LargeInput,
            )
        });
    }
    g.finish();
}

fn stages(c: &mut Criterion) {
    let sample = load_sample();
    per_file_stages(c, &sample);
    site_stages(c, &sample);
}

criterion_group!(benches, stages);
criterion_main!(benches);
