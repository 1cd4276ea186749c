//! The preview's state, apart from HTTP: the last good site in memory, the
//! latest build's problems and a generation counter that open pages watch.
//!
//! Input: the run's [`Options`]. Output: a [`Snapshot`] that the HTTP side reads
//! and a [`Rebuild`] summary per build. Nothing is written to disk.
//!
//! Rebuilds are incremental ([`Memo`]): an edited briefing is read and parsed
//! again alone, the site is assembled again (links, terms and related
//! briefings are cross-file), and only pages whose key changed are rendered
//! (see `render::keys`); every other page is the one already held.
//!
//! An edit to one briefing that leaves it where it sits (its body, title,
//! summary or terms, not its dates or slug) goes faster still: its page, and
//! the first page of each term it joined or left, are rendered alone from the
//! last site and served at once, while every other page waits
//! ([`Snapshot::only_current`]) for the full rebuild that follows.

use crate::config::{Config, Mode, Options};
use crate::diag::Diagnostics;
use crate::output::{Content, OutputFile};
use crate::search::Vocabulary;
use crate::url::{Route, Urls};
use axum::body::Bytes;
use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant};
use tokio::sync::watch;

/// One file of the served site.
#[derive(Debug, Clone)]
pub enum Body {
    /// Rendered or built-in bytes.
    Memory(Bytes),
    /// A file served as is (an asset beside a briefing, a site static file),
    /// read when it is requested.
    Disk(PathBuf),
}

/// What the server shows at one moment. Replaced whole by each build, so a
/// request sees one consistent site.
#[derive(Debug, Default, Clone)]
pub struct Snapshot {
    /// Counts builds; open pages reload when it changes.
    pub generation: u64,
    /// Where the site lives on the server: `/` or `/repo/`.
    pub base_path: String,
    /// The last good site by output path (`briefings/x/index.html`); empty
    /// until a build succeeds.
    pub files: Arc<HashMap<String, Body>>,
    /// True once a build has succeeded.
    pub built: bool,
    /// Diagnostics of the latest build.
    pub diagnostics: Diagnostics,
    /// The fatal error that stopped the latest build (a template that does not
    /// compile, an unreadable file), as text.
    pub fatal: Option<String>,
    /// Pages of `files` that are out of date and being rendered: the pages
    /// every edit touches and that take longest (search index, archive,
    /// review dashboard) are rendered after the rest is served. A request
    /// for one waits until a snapshot without it is stored.
    pub pending: Vec<String>,
    /// Set after an edit to one briefing, while its page (and the first
    /// page of each term it joined or left) is already new and the rest of
    /// the site is being rendered again: every other rendered file (page,
    /// feed, index) is pending. Empty otherwise.
    pub only_current: Vec<String>,
}

/// The error a bug in a stage becomes.
const PANICKED: &str = "sitrep panicked while building: a bug, please report it";

/// Site-wide pages that an incremental build renders last, after serving
/// the edited pages.
const DEFERRED: &[&str] = &[
    "search/index.json",
    "archive/index.html",
    "review/index.html",
];

impl Snapshot {
    /// True when the latest build failed, so pages show the overlay.
    pub fn failed(&self) -> bool {
        self.fatal.is_some() || self.diagnostics.has_errors()
    }

    /// True when the file at `path` may be out of date and is being
    /// rendered: a request for it waits for the next snapshot.
    pub fn is_pending(&self, path: &str) -> bool {
        // Style sheets, scripts and assets are never rendered from a
        // briefing, so the page served early loads them without waiting.
        let rendered = [".html", ".xml", ".json", ".txt", ".opml"]
            .iter()
            .any(|ext| path.ends_with(ext));
        (rendered && !self.only_current.is_empty() && !self.only_current.iter().any(|p| p == path))
            || self.pending.iter().any(|p| p == path)
    }
}

/// What one build did, for the line `serve` prints.
#[derive(Debug)]
pub struct Rebuild {
    /// The generation it produced.
    pub generation: u64,
    /// How long until it was served: until the edited briefing's page was,
    /// when it went [`early`](Rebuild::early).
    pub elapsed: Duration,
    /// The edited briefing's page, then the first pages of the terms it
    /// joined or left (path and bytes), when they were served before the
    /// rest of the site was rendered again; empty otherwise.
    pub early: Vec<(String, Bytes)>,
    /// Its diagnostics.
    pub diagnostics: Diagnostics,
    /// The fatal error that stopped it, as text.
    pub fatal: Option<String>,
    /// Briefings shown.
    pub briefings: usize,
    /// HTML pages in the site.
    pub pages: usize,
    /// Files rendered by this build; the others were kept as they were.
    pub rendered: usize,
    /// Stopped for a newer change once its edited pages (if any) were
    /// served: the next build renders the rest.
    pub superseded: bool,
    /// How long until every page was up to date: `elapsed`, plus the
    /// site-wide pages rendered after the rest was served.
    pub finished: Duration,
}

impl Rebuild {
    /// True when the new site replaced the old one.
    pub fn ok(&self) -> bool {
        self.fatal.is_none() && !self.diagnostics.has_errors()
    }
}

/// The preview: options, the current [`Snapshot`], and the channel that tells
/// open pages to reload (`None` once the server stops).
pub struct Preview {
    site: Options,
    origin: String,
    state: RwLock<Arc<Snapshot>>,
    reload: watch::Sender<Option<u64>>,
    /// Counts the snapshots stored, so a request waiting for a pending page
    /// looks again whenever one is.
    stored: watch::Sender<u64>,
    /// Held while building; keeps what the next build reuses.
    building: Mutex<Memo>,
    /// Changes to the inputs noticed, and taken to be built: while more are
    /// noticed than taken, a newer change waits and the build under way stops.
    changes_noticed: AtomicU64,
    changes_taken: AtomicU64,
    /// The last build stopped for a newer change: the watcher builds again
    /// even if that change was not to an input.
    unfinished: AtomicBool,
    /// Looks for a newer change the next build makes before it stops as if
    /// one waited ([`Preview::stop_after`]); `u64::MAX` when none is set.
    stop_after: AtomicU64,
}

/// What one build leaves for the next.
#[derive(Default)]
struct Memo {
    /// Settings, assets and what the last full scan found.
    scanned: Option<Scanned>,
    /// Briefing sources by path under `content/`, parsed.
    parsed: HashMap<String, Parsed>,
    /// Output path to the key of the page served there.
    keys: HashMap<String, u64>,
    /// The site and theme of the last good build, once assembled: what
    /// [`Memo::quick`] renders an edited page from, and [`Memo::finish`]
    /// the deferred pages.
    last: Option<Last>,
    /// Briefings parsed again since `last` was assembled: a build stopped
    /// during assembly keeps the site before them.
    unassembled: Vec<String>,
    /// What the briefings' search words are numbered in. It grows with every
    /// word an edit brings, so it is replaced when most of its words are no
    /// longer used ([`Memo::vocabulary_worn`]).
    words: Arc<Vocabulary>,
    /// How many of its words the briefings used when last counted.
    words_in_use: usize,
}

/// An assembled site and the theme that rendered it.
struct Last {
    site: crate::site::Site,
    theme: crate::theme::Theme,
}

struct Scanned {
    config: Config,
    /// The settings as text, to notice a change that parsing depends on.
    config_text: String,
    /// Briefing paths in scan order, which the build's order follows.
    order: Vec<String>,
    assets: Vec<crate::source::Asset>,
    found: Diagnostics,
}

struct Parsed {
    /// Hash of the path and text, to skip files saved unchanged.
    digest: u64,
    briefing: Option<Arc<crate::briefing::Briefing>>,
    diags: Vec<crate::Diagnostic>,
}

impl Preview {
    /// A preview of `site`, served at `origin` (`http://127.0.0.1:1111`), not built yet.
    pub fn new(site: Options, origin: &str) -> Preview {
        Preview {
            site,
            origin: origin.trim_end_matches('/').to_string(),
            state: RwLock::new(Arc::new(Snapshot {
                base_path: "/".into(),
                ..Snapshot::default()
            })),
            reload: watch::Sender::new(Some(0)),
            stored: watch::Sender::new(0),
            building: Mutex::new(Memo::default()),
            changes_noticed: AtomicU64::new(0),
            changes_taken: AtomicU64::new(0),
            unfinished: AtomicBool::new(false),
            stop_after: AtomicU64::new(u64::MAX),
        }
    }

    /// For tests: the next build stops after `checks` looks for a newer
    /// change, as if one had been saved then, at any stage a save can stop.
    #[doc(hidden)]
    pub fn stop_after(&self, checks: u64) {
        self.stop_after.store(checks, Ordering::SeqCst);
    }

    /// For tests: how many words the vocabulary of the briefings kept
    /// between builds has numbered.
    #[doc(hidden)]
    pub fn vocabulary_len(&self) -> usize {
        let memo = self.building.lock().unwrap_or_else(PoisonError::into_inner);
        memo.words.len()
    }

    /// A change to the inputs was noticed and is waiting to be built: the
    /// build under way, once its edited pages are served, stops at its next
    /// page and leaves the rest to the next build, so saves made while
    /// typing are each served as quickly as the first.
    pub fn change_noticed(&self) {
        self.changes_noticed.fetch_add(1, Ordering::SeqCst);
    }

    /// A noticed change was taken to be built.
    pub fn change_taken(&self) {
        self.changes_taken.fetch_add(1, Ordering::SeqCst);
    }

    /// True while a noticed change waits to be taken.
    pub(crate) fn change_waiting(&self) -> bool {
        self.changes_noticed.load(Ordering::SeqCst) > self.changes_taken.load(Ordering::SeqCst)
    }

    /// True once the looks set by [`Preview::stop_after`] are used up.
    fn counted_down(&self) -> bool {
        self.stop_after.load(Ordering::SeqCst) != u64::MAX
            && self
                .stop_after
                .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                .is_err()
    }

    /// True when the last build stopped for a newer change (the first build
    /// included), so the next batch of changes is built whatever it holds.
    pub fn unfinished(&self) -> bool {
        self.unfinished.load(Ordering::SeqCst)
    }

    /// The site root.
    pub fn root(&self) -> &std::path::Path {
        &self.site.root
    }

    /// What is served now.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.state.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Generation changes; `None` when the server is stopping.
    pub fn subscribe(&self) -> watch::Receiver<Option<u64>> {
        self.reload.subscribe()
    }

    /// Ticks whenever a new snapshot is stored.
    pub fn stored(&self) -> watch::Receiver<u64> {
        self.stored.subscribe()
    }

    /// Serves `snap` from now on.
    fn store(&self, snap: Snapshot) {
        *self.state.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(snap);
        self.stored.send_modify(|n| *n += 1);
    }

    /// Tells open pages to reload for `generation`.
    fn announce(&self, generation: u64) {
        self.reload.send_if_modified(|g| match g {
            Some(g) => {
                *g = generation;
                true
            }
            None => false,
        });
    }

    /// Ends every open event stream.
    pub(crate) fn close(&self) {
        self.reload.send_replace(None);
    }

    /// Reads every input again and builds. A good build replaces the served
    /// files; a failed one keeps them and records its problems, so the pages
    /// show the overlay. Either way open pages are told to reload. Files that
    /// did not change are not parsed again, nor unchanged pages rendered.
    pub fn rebuild(&self) -> Rebuild {
        self.build(None)
    }

    /// Builds after the inputs at `changed` (relative to the root, `/`) were
    /// edited: when they are all existing briefings, only those are read;
    /// anything else (settings, templates, a new file) reads every input.
    pub fn update(&self, changed: &[String]) -> Rebuild {
        self.build(Some(changed))
    }

    fn build(&self, changed: Option<&[String]>) -> Rebuild {
        let mut memo = self.building.lock().unwrap_or_else(PoisonError::into_inner);
        let r = self.build_locked(&mut memo, changed);
        self.unfinished.store(r.superseded, Ordering::SeqCst);
        self.stop_after.store(u64::MAX, Ordering::SeqCst);
        r
    }

    fn build_locked(&self, memo: &mut Memo, changed: Option<&[String]>) -> Rebuild {
        let started = Instant::now();
        let (opts, base_path) = self.options();
        let before = self.snapshot();
        // One briefing edited without moving it: its page is served first,
        // the rest of the site waits for the full build below.
        let quick = changed
            .filter(|_| before.built && !before.failed())
            .and_then(|c| {
                std::panic::catch_unwind(AssertUnwindSafe(|| memo.quick(&opts, c)))
                    .ok()
                    .flatten()
            });
        let quick_elapsed = quick.as_ref().map(|pages| {
            let mut files = Files::clone(&before.files);
            for (path, bytes) in pages {
                files.insert(path.clone(), Body::Memory(bytes.clone()));
            }
            let generation = before.generation + 1;
            self.store(Snapshot {
                generation,
                files: Arc::new(files),
                pending: Vec::new(),
                only_current: pages.iter().map(|(path, _)| path.clone()).collect(),
                ..Snapshot::clone(&before)
            });
            self.announce(generation);
            started.elapsed()
        });
        let previous = self.snapshot();
        let mut next = Snapshot {
            generation: previous.generation + u64::from(quick.is_none()),
            base_path: previous.base_path.clone(),
            files: Arc::clone(&previous.files),
            built: previous.built,
            ..Snapshot::default()
        };
        let (mut briefings, mut pages, mut rendered) = (0, 0, 0);
        let mut later = None;
        // A bug in a stage must not end live reload: it becomes this build's
        // error, and the next build starts from nothing.
        let stop = || self.change_waiting() || self.counted_down();
        let run = std::panic::catch_unwind(AssertUnwindSafe(|| {
            memo.build(&opts, changed, &previous.files, &stop)
        }));
        if run.is_err() {
            *memo = Memo::default();
        }
        match run {
            Ok(Ok((report, files))) => {
                briefings = report.briefings;
                pages = report.pages;
                if let Some(done) = files.filter(|_| !report.diagnostics.has_errors()) {
                    rendered = done.rendered;
                    next.files = Arc::new(done.files);
                    next.pending = done.pending;
                    later = done.later;
                    next.base_path = base_path;
                    next.built = true;
                } else if !previous.built {
                    next.base_path = base_path;
                }
                next.diagnostics = report.diagnostics;
            }
            Ok(Err(crate::Error::Superseded)) => {
                // A newer change waits: what is served stays (the edited
                // pages current, every other page pending) for its build.
                return Rebuild {
                    generation: previous.generation,
                    elapsed: quick_elapsed.unwrap_or_else(|| started.elapsed()),
                    early: quick.unwrap_or_default(),
                    diagnostics: previous.diagnostics.clone(),
                    fatal: None,
                    briefings: 0,
                    pages: 0,
                    rendered: 0,
                    finished: started.elapsed(),
                    superseded: true,
                };
            }
            Ok(Err(e)) => next.fatal = Some(e.to_string()),
            Err(_) => {
                next.fatal = Some(PANICKED.into());
            }
        }
        let failed_after_quick = next.failed() && quick.is_some();
        if failed_after_quick {
            // The page served early came from a site that does not build:
            // back to the last good one, with the overlay.
            memo.last = None;
            next.files = Arc::clone(&before.files);
            next.generation += 1;
        } else if let Some(pages) = &quick {
            // A safety net: should the full build's pages differ from those
            // served early, open pages reload to get them.
            let same = pages.iter().all(
                |(path, early)| matches!(next.files.get(path), Some(Body::Memory(b)) if b == early),
            );
            if !same {
                next.generation += 1;
            }
        }
        rendered += quick.as_ref().map_or(0, Vec::len);
        let early = quick.filter(|_| !failed_after_quick).unwrap_or_default();
        let rebuild = Rebuild {
            generation: next.generation,
            elapsed: quick_elapsed.unwrap_or_else(|| started.elapsed()),
            early,
            diagnostics: next.diagnostics.clone(),
            fatal: next.fatal.clone(),
            briefings,
            pages,
            rendered,
            finished: Duration::ZERO,
            superseded: false,
        };
        let generation = next.generation;
        let pending = !next.pending.is_empty();
        self.store(next);
        if generation != previous.generation {
            self.announce(generation);
        }
        let mut rebuild = rebuild;
        if let Some(diagnostics) = later.filter(|_| pending) {
            let served = self.snapshot();
            let run = std::panic::catch_unwind(AssertUnwindSafe(|| {
                memo.finish(&diagnostics, &served.files, &stop)
            }));
            let mut next = Snapshot {
                pending: Vec::new(),
                ..Snapshot::clone(&served)
            };
            match run {
                Ok(Ok((files, n))) => {
                    next.files = Arc::new(files);
                    rebuild.rendered += n;
                }
                Ok(Err(crate::Error::Superseded)) => {
                    // Still pending: the next build renders them.
                    rebuild.superseded = true;
                    rebuild.finished = started.elapsed();
                    return rebuild;
                }
                Ok(Err(e)) => next.fatal = Some(e.to_string()),
                Err(_) => {
                    *memo = Memo::default();
                    next.fatal = Some(PANICKED.into());
                }
            }
            self.store(next);
        }
        rebuild.finished = started.elapsed();
        rebuild
    }

    /// The options of one build: preview mode, the clock read now (embargoes
    /// lift while serving), and a base URL on this server so absolute URLs
    /// (canonical links, feeds) work locally. Returns the base path too.
    fn options(&self) -> (Options, String) {
        let mut opts = self.site.clone();
        opts.mode = Mode::Preview;
        opts.now = jiff::Timestamp::now();
        let base_url = match &self.site.base_url {
            Some(b) => b.clone(),
            None => Config::load(&self.site.root)
                .map(|(c, _)| c.base_url)
                .unwrap_or_default(),
        };
        let base_path = Urls::new(&base_url).link(&Route::home());
        opts.base_url = Some(format!("{}{base_path}", self.origin));
        (opts, base_path)
    }
}

type Files = HashMap<String, Body>;

/// What a build served, and what it left to render.
struct Done {
    files: Files,
    /// Files rendered.
    rendered: usize,
    /// Paths held out of date in `files` until `later` renders them.
    pending: Vec<String>,
    /// The diagnostics the deferred pages show (the review dashboard's),
    /// when some are pending.
    later: Option<Diagnostics>,
}

impl Memo {
    /// One build: the report and, unless settings were unusable, the new
    /// site with how many files were rendered (the rest kept from `held`).
    /// The [`DEFERRED`] pages are left pending when they changed.
    ///
    /// Stops with [`Error::Superseded`](crate::Error::Superseded) when `stop`
    /// says a newer change waits, once the site is assembled (it is kept for
    /// that change's quick path) and before all pages are rendered.
    fn build(
        &mut self,
        opts: &Options,
        changed: Option<&[String]>,
        held: &Files,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> crate::Result<(crate::Report, Option<Done>)> {
        // Words no briefing uses any more, from a long session's edits: a
        // new vocabulary, and every briefing parsed again into it.
        let worn = self.vocabulary_worn();
        if worn {
            self.words = Vocabulary::new();
            self.words_in_use = 0;
            self.parsed.clear();
        }
        let edits = changed
            .filter(|_| !worn)
            .and_then(|c| self.briefing_edits(opts, c));
        match edits {
            Some(edits) => {
                // Kept while the next site is assembled, should a newer save
                // stop that: it holds the same briefings, so little is twice.
                self.reparse(opts, &edits)?;
                self.unassembled.extend(edits);
            }
            None => {
                // Anything may have changed: one site in memory, not two.
                if let Some(last) = self.last.take() {
                    std::thread::spawn(move || drop(last));
                }
                if let Err(report) = self.rescan(opts)? {
                    return Ok((report, None));
                }
            }
        }
        let Some(scanned) = &self.scanned else {
            return Ok((crate::Report::default(), None));
        };
        let mut found = scanned.found.clone();
        let mut briefings = Vec::with_capacity(scanned.order.len());
        for p in scanned.order.iter().filter_map(|rel| self.parsed.get(rel)) {
            found.extend(p.diags.iter().cloned());
            briefings.extend(p.briefing.clone());
        }
        let (mut report, site, mut theme) = crate::assemble_parsed(
            briefings,
            scanned.assets.clone(),
            scanned.config.clone(),
            opts,
            found,
            stop,
        )?;
        if let Some(last) = self.last.take() {
            std::thread::spawn(move || drop(last));
        }
        self.unassembled.clear();
        let sink = Held::new(held, &self.keys, true, stop);
        let rendered = crate::render_assembled(&site, &mut theme, opts, &mut report, &sink);
        // Kept even when stopped for a newer change: the site has every edit
        // so far, so that change's edited page can be rendered from it. Not
        // a site with errors: no page is served early from one.
        if !report.diagnostics.has_errors() {
            self.last = Some(Last { site, theme });
        }
        rendered?;
        if report.diagnostics.has_errors() {
            return Ok((report, None));
        }
        let (files, rendered, keys, pending) = sink.finish(false);
        self.keys = keys;
        let later = (!pending.is_empty()).then(|| report.diagnostics.clone());
        Ok((
            report,
            Some(Done {
                files,
                rendered,
                pending,
                later,
            }),
        ))
    }

    /// Renders the pages a build left pending; returns the site with them
    /// and how many files were rendered.
    /// Stops as [`Memo::build`] does; the pages stay pending.
    fn finish(
        &mut self,
        diagnostics: &Diagnostics,
        held: &Files,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> crate::Result<(Files, usize)> {
        let Some(last) = &mut self.last else {
            return Ok((held.clone(), 0));
        };
        let sink = Held::new(held, &self.keys, false, stop);
        crate::render::render_site(&last.site, &mut last.theme, diagnostics, &sink)?;
        // Files outside `render_site` (assets, theme files) are not put again.
        let (files, rendered, keys, _) = sink.finish(true);
        self.keys = keys;
        Ok((files, rendered))
    }

    /// The quick path after `changed` edited one briefing and left it where
    /// it sits ([`Site::with_edit`]): reads and parses it, and renders its
    /// page alone from the last good site. `None` when the edit needs the
    /// full build first (anything else changed, or something to report).
    ///
    /// [`Site::with_edit`]: crate::site::Site::with_edit
    fn quick(&mut self, opts: &Options, changed: &[String]) -> Option<Vec<(String, Bytes)>> {
        let mut edits = self.briefing_edits(opts, changed)?;
        // With those the last site has not taken in yet.
        edits.extend(self.unassembled.iter().cloned());
        edits.sort_unstable();
        edits.dedup();
        let [rel] = edits.as_slice() else {
            return None;
        };
        let (last, scanned) = (self.last.as_ref()?, self.scanned.as_ref()?);
        let file = crate::source::read_one(&opts.content_dir(), rel, &opts.root)
            .ok()??
            .ok()?;
        let digest = crate::briefing::digest(&file);
        // A file no build has parsed (one deleted by a build stopped while
        // it assembled, now back) waits for the rescan that finds it.
        let known = self.parsed.get(rel)?;
        if known.digest == digest && !self.unassembled.contains(rel) {
            // Saved unchanged since the last site took it in.
            return None;
        }
        let id = last.site.briefings.iter().position(|b| b.source == *rel)?;
        let parsed = parse(&file, &scanned.config, digest, &self.words);
        let edited = parsed
            .briefing
            .clone()
            .filter(|_| !parsed.diags.iter().any(crate::Diagnostic::is_error))?;
        // What would fail the full build fails the quick path too.
        let lints = crate::lint::lint(std::slice::from_ref(&edited), true);
        if lints.iter().any(crate::Diagnostic::is_error) {
            return None;
        }
        let t = Instant::now();
        // A new date moves it: `now` is where it sits.
        let (site, now) = last.site.with_edit(id, edited, opts)?;
        crate::timing("quick: site with the edit", t);
        let terms = site.terms_joined_or_left(&last.site, id, now);
        let pages = crate::render::edited_pages(&site, &last.theme, now, &terms).ok()?;
        crate::timing("quick: pages", t);
        let pages = pages
            .into_iter()
            .map(|page| match page.content {
                Content::Bytes(bytes) => Some((page.path, Bytes::from(bytes))),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()?;
        // The full build that follows finds it parsed already.
        self.parsed.insert(rel.clone(), parsed);
        // Served before any key describes them (a build stopped for a newer
        // save keeps them served): forgotten, so the next render makes them
        // again rather than keep them for a key that matches the old bytes.
        for (path, _) in &pages {
            self.keys.remove(path);
        }
        Some(pages)
    }

    /// The briefings under `content/` that `changed` edited or removed, when
    /// that is all it did; `None` when a full scan is needed (settings,
    /// templates, assets, a new file, a link, or nothing scanned yet).
    fn briefing_edits(&self, opts: &Options, changed: &[String]) -> Option<Vec<String>> {
        let scanned = self.scanned.as_ref()?;
        let mut edits = Vec::new();
        for path in changed {
            let rel = path.strip_prefix("content/")?;
            let on_disk = std::fs::symlink_metadata(opts.content_dir().join(rel));
            let known = self.parsed.contains_key(rel);
            match on_disk {
                Ok(m) if m.file_type().is_file() && known => edits.push(rel.to_string()),
                // A briefing deleted; or an editor's scratch file that came and
                // went (Vim's `4913`), which no build ever saw.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    if known {
                        edits.push(rel.to_string());
                    } else if scanned.assets.iter().any(|a| a.rel == rel) {
                        return None;
                    }
                }
                _ => return None,
            }
        }
        Some(edits)
    }

    /// Whether most of the vocabulary's words are ones no parsed briefing
    /// uses any more. Counted only once it has grown past twice what was in
    /// use at the last count (and past [`Memo::SMALL_VOCABULARY`]), so a
    /// build seldom pays for counting.
    fn vocabulary_worn(&mut self) -> bool {
        let len = self.words.len();
        if len <= (2 * self.words_in_use).max(Self::SMALL_VOCABULARY) {
            return false;
        }
        let briefings = self.parsed.values().filter_map(|p| p.briefing.as_deref());
        self.words_in_use = self.words.in_use(briefings);
        len > 2 * self.words_in_use
    }

    /// A vocabulary this small is kept however few of its words are used:
    /// a few MB.
    const SMALL_VOCABULARY: usize = 100_000;

    /// Reads and parses the briefings at `edits` again.
    fn reparse(&mut self, opts: &Options, edits: &[String]) -> crate::Result<()> {
        let Some(scanned) = &mut self.scanned else {
            return Ok(());
        };
        for rel in edits {
            match crate::source::read_one(&opts.content_dir(), rel, &opts.root)? {
                None => {
                    self.parsed.remove(rel);
                    scanned.order.retain(|r| r != rel);
                }
                Some(Err(d)) => {
                    self.parsed.insert(
                        rel.clone(),
                        Parsed {
                            digest: 0,
                            briefing: None,
                            diags: vec![d],
                        },
                    );
                }
                Some(Ok(file)) => {
                    let digest = crate::briefing::digest(&file);
                    if self.parsed.get(rel).is_none_or(|p| p.digest != digest) {
                        let parsed = parse(&file, &scanned.config, digest, &self.words);
                        self.parsed.insert(rel.clone(), parsed);
                    }
                }
            }
        }
        Ok(())
    }

    /// Reads every input again, parsing only files whose text changed (all
    /// of them when the settings did). `Err` holds the report of unusable
    /// settings.
    fn rescan(&mut self, opts: &Options) -> crate::Result<std::result::Result<(), crate::Report>> {
        let (config, sources, found) = match crate::load(opts)? {
            Ok(loaded) => loaded,
            Err(report) => {
                self.scanned = None;
                return Ok(Err(report));
            }
        };
        let config_text = format!("{config:?}");
        if self
            .scanned
            .as_ref()
            .is_none_or(|s| s.config_text != config_text)
        {
            self.parsed.clear();
        }
        use rayon::prelude::*;
        let old = std::mem::take(&mut self.parsed);
        let words = Arc::clone(&self.words);
        self.parsed = sources
            .files
            .par_iter()
            .map(|file| {
                let digest = crate::briefing::digest(file);
                let parsed = match old.get(&file.rel) {
                    Some(p) if p.digest == digest => Parsed {
                        digest,
                        briefing: p.briefing.clone(),
                        diags: p.diags.clone(),
                    },
                    _ => parse(file, &config, digest, &words),
                };
                (file.rel.clone(), parsed)
            })
            .collect();
        self.scanned = Some(Scanned {
            order: sources.files.iter().map(|f| f.rel.clone()).collect(),
            config,
            config_text,
            assets: sources.assets,
            found,
        });
        Ok(Ok(()))
    }
}

fn parse(
    file: &crate::source::SourceFile,
    config: &Config,
    digest: u64,
    words: &Arc<Vocabulary>,
) -> Parsed {
    let (briefing, diags) = crate::briefing::parse(file, config, words);
    Parsed {
        digest,
        briefing: briefing.map(Arc::new),
        diags,
    }
}

fn take<T>(m: Mutex<Vec<T>>) -> Vec<T> {
    m.into_inner().unwrap_or_else(PoisonError::into_inner)
}

/// The sink of a preview build: takes new files, and keeps a held page
/// whose key did not change.
struct Held<'a> {
    held: &'a Files,
    previous: &'a HashMap<String, u64>,
    /// Leave changed [`DEFERRED`] pages pending.
    defer: bool,
    /// True when a newer change waits: the build stops.
    stop: &'a (dyn Fn() -> bool + Sync),
    keys: Mutex<HashMap<String, u64>>,
    files: Mutex<Vec<OutputFile>>,
    kept: Mutex<Vec<String>>,
    pending: Mutex<Vec<String>>,
}

impl<'a> Held<'a> {
    fn new(
        held: &'a Files,
        previous: &'a HashMap<String, u64>,
        defer: bool,
        stop: &'a (dyn Fn() -> bool + Sync),
    ) -> Held<'a> {
        Held {
            held,
            previous,
            defer,
            stop,
            keys: Mutex::default(),
            files: Mutex::default(),
            kept: Mutex::default(),
            pending: Mutex::default(),
        }
    }

    /// The site: the pages kept from `held` (all of `held` with `keep_all`)
    /// with the new files over them; with the count of new files, the keys of
    /// the pages and the pending paths.
    fn finish(self, keep_all: bool) -> (Files, usize, HashMap<String, u64>, Vec<String>) {
        let files = take(self.files);
        let (kept, pending) = (take(self.kept), take(self.pending));
        let rendered = files.len();
        let mut out: Files = if keep_all {
            self.held.clone()
        } else {
            kept.into_iter()
                .filter_map(|path| self.held.get(&path).cloned().map(|b| (path, b)))
                .collect()
        };
        out.extend(files.into_iter().map(|f| {
            let body = match f.content {
                Content::Bytes(b) => Body::Memory(Bytes::from(b)),
                Content::Embedded(b) => Body::Memory(Bytes::from_static(b)),
                Content::Copy(p) => Body::Disk(p),
            };
            (f.path, body)
        }));
        let keys = self
            .keys
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        (out, rendered, keys, pending)
    }
}

impl crate::output::Sink for Held<'_> {
    fn put(&self, mut file: OutputFile) -> crate::Result<()> {
        // Kept until the next build: without the room reserved to render it.
        if let Content::Bytes(bytes) = &mut file.content {
            bytes.shrink_to_fit();
        }
        self.files
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(file);
        Ok(())
    }

    fn keyed(&self) -> bool {
        true
    }

    fn superseded(&self) -> bool {
        (self.stop)()
    }

    fn unchanged(&self, path: &str, key: u64) -> bool {
        let held = self.held.contains_key(path);
        let same = held && self.previous.get(path) == Some(&key);
        let later = !same && held && self.defer && DEFERRED.contains(&path);
        if !later {
            // A pending page keeps no key, so the next render makes it.
            self.keys
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert(path.to_string(), key);
        }
        if same || later {
            self.kept
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(path.to_string());
        }
        if later {
            self.pending
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(path.to_string());
        }
        same || later
    }
}
