//! The preview's state, apart from HTTP: the last good site in memory, the
//! latest build's problems and a generation counter that open pages watch.
//!
//! Input: the run's [`Options`]. Output: a [`Snapshot`] that the HTTP side reads
//! and a [`Rebuild`] summary per build. Nothing is written to disk.

use crate::config::{Config, Mode, Options};
use crate::diag::Diagnostics;
use crate::output::{Content, OutputFile};
use crate::url::{Route, Urls};
use axum::body::Bytes;
use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
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
#[derive(Debug, Default)]
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
}

impl Snapshot {
    /// True when the latest build failed, so pages show the overlay.
    pub fn failed(&self) -> bool {
        self.fatal.is_some() || self.diagnostics.has_errors()
    }
}

/// What one build did, for the line `serve` prints.
#[derive(Debug)]
pub struct Rebuild {
    /// The generation it produced.
    pub generation: u64,
    /// How long it took.
    pub elapsed: Duration,
    /// Its diagnostics.
    pub diagnostics: Diagnostics,
    /// The fatal error that stopped it, as text.
    pub fatal: Option<String>,
    /// Briefings shown.
    pub briefings: usize,
    /// Pages rendered.
    pub pages: usize,
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
    building: Mutex<()>,
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
            building: Mutex::new(()),
        }
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

    /// Ends every open event stream.
    pub(crate) fn close(&self) {
        self.reload.send_replace(None);
    }

    /// Renders the whole site again. A good build replaces the served files;
    /// a failed one keeps them and records its problems, so the pages show the
    /// overlay. Either way open pages are told to reload.
    ///
    /// This is the hook for incremental rebuilds: the caller knows which files
    /// changed (see `watch.rs`), so a later version can pass them here and
    /// re-render only the pages that depend on them.
    pub fn rebuild(&self) -> Rebuild {
        let _one_at_a_time = self.building.lock().unwrap_or_else(PoisonError::into_inner);
        let started = Instant::now();
        let (opts, base_path) = self.options();
        let previous = self.snapshot();
        let mut next = Snapshot {
            generation: previous.generation + 1,
            base_path: previous.base_path.clone(),
            files: Arc::clone(&previous.files),
            built: previous.built,
            ..Snapshot::default()
        };
        let (mut briefings, mut pages) = (0, 0);
        // A bug in a stage must not end live reload: it becomes this build's error.
        match std::panic::catch_unwind(AssertUnwindSafe(|| crate::render(&opts))) {
            Ok(Ok((report, files))) => {
                briefings = report.briefings;
                pages = report.pages;
                if let Some(files) = files.filter(|_| !report.diagnostics.has_errors()) {
                    next.files = Arc::new(bodies(files));
                    next.base_path = base_path;
                    next.built = true;
                } else if !previous.built {
                    next.base_path = base_path;
                }
                next.diagnostics = report.diagnostics;
            }
            Ok(Err(e)) => next.fatal = Some(e.to_string()),
            Err(_) => {
                next.fatal = Some("sitrep panicked while building: a bug, please report it".into());
            }
        }
        let rebuild = Rebuild {
            generation: next.generation,
            elapsed: started.elapsed(),
            diagnostics: next.diagnostics.clone(),
            fatal: next.fatal.clone(),
            briefings,
            pages,
        };
        *self.state.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(next);
        self.reload.send_if_modified(|g| match g {
            Some(g) => {
                *g = rebuild.generation;
                true
            }
            None => false,
        });
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

/// The rendered files by output path.
fn bodies(files: Vec<OutputFile>) -> HashMap<String, Body> {
    files
        .into_iter()
        .map(|f| {
            let body = match f.content {
                Content::Bytes(b) => Body::Memory(Bytes::from(b)),
                Content::Embedded(b) => Body::Memory(Bytes::from_static(b)),
                Content::Copy(p) => Body::Disk(p),
            };
            (f.path, body)
        })
        .collect()
}
