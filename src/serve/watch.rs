//! Watches the site's inputs and rebuilds the preview when they change:
//! `content/`, `templates/` and `static/` recursively, `sitrep.yaml`, and the
//! root itself (non-recursively, so a folder created later is picked up and
//! a big `target/` beside the site is never walked).
//!
//! Changes are debounced here: the first change waits until [`DEBOUNCE`] passes
//! without another, so one save (or a `git checkout` of many files) is one
//! rebuild. Events that only read a file are ignored, since a rebuild reads
//! files itself.

use super::preview::{Preview, Rebuild};
use crate::error::{Error, Result};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The folders of a site that hold its inputs.
const WATCHED_DIRS: [&str; 3] = ["content", "templates", "static"];

/// Changes that come within this long of each other make one rebuild. An
/// editor's save is a burst well inside it; the edited page must be served
/// within 100 ms of the save, so the wait is short.
const DEBOUNCE: Duration = Duration::from_millis(20);

/// A batch closes this long after its first change at the latest, however
/// many follow: a `git checkout` of many files is a few batches, each built
/// (a newer one stopping the last), rather than one that waits for the end.
const MAX_BATCH: Duration = Duration::from_millis(250);

type Shared = Arc<Mutex<Option<RecommendedWatcher>>>;

/// A running watcher; stopping it ends the rebuild thread.
pub(super) struct Watch {
    watcher: Shared,
    thread: Option<JoinHandle<()>>,
}

impl Watch {
    /// Starts watching the preview's root; `report` hears about each rebuild
    /// with the changed paths, relative to the root.
    pub(super) fn start(
        preview: Arc<Preview>,
        report: impl Fn(&[String], &Rebuild) + Send + 'static,
    ) -> Result<Watch> {
        let root = preview.root().to_path_buf();
        let (tx, rx) = mpsc::channel::<notify::Result<Event>>();
        // Links are not followed: one to `/` would watch the whole disk, and
        // targets inside `content/` are watched where they are.
        let config = notify::Config::default().with_follow_symlinks(false);
        let noticing = Arc::clone(&preview);
        let handler_root = root.clone();
        let handler = move |event: notify::Result<Event>| {
            // Counted as it comes, so a build under way can stop for it.
            if counts(&handler_root, &event) {
                noticing.change_noticed();
            }
            let _ = tx.send(event);
        };
        let mut watcher =
            RecommendedWatcher::new(handler, config).map_err(|e| watch_error(&root, e))?;
        watcher
            .watch(&root, RecursiveMode::NonRecursive)
            .map_err(|e| watch_error(&root, e))?;
        for dir in WATCHED_DIRS.map(|d| root.join(d)) {
            if dir.is_dir() {
                watcher
                    .watch(&dir, RecursiveMode::Recursive)
                    .map_err(|e| watch_error(&dir, e))?;
            }
        }
        let watcher = Arc::new(Mutex::new(Some(watcher)));
        let shared = Arc::clone(&watcher);
        let thread = std::thread::Builder::new()
            .name("sitrep-rebuild".into())
            .spawn(move || {
                // Ends when the watcher is dropped, which drops the sender.
                while let Some(paths) = next_batch(&rx, &preview, &root) {
                    watch_new_dirs(&shared, &root, &paths);
                    let changed = relevant(&root, &paths);
                    // After a build stopped for a newer change (the first
                    // build included), the next batch is built whatever it holds.
                    if !changed.is_empty() || preview.unfinished() {
                        let rebuild = preview.update(&changed);
                        report(&changed, &rebuild);
                    }
                }
            })
            .map_err(|source| Error::Io {
                action: "cannot start the rebuild thread for",
                path: PathBuf::from("sitrep serve"),
                source,
            })?;
        Ok(Watch {
            watcher,
            thread: Some(thread),
        })
    }

    /// Stops watching and waits for a rebuild under way to finish.
    pub(super) fn stop(&mut self) {
        self.watcher
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Whether `event` may change an input, and so stops a build under way: a
/// change under an input folder, or what may hide one (a watcher error, an
/// event without paths such as inotify's queue overflow). Reads do not (a
/// rebuild reads files itself), nor an editor's swap file being written.
fn counts(root: &Path, event: &notify::Result<Event>) -> bool {
    match event {
        Ok(e) if matches!(e.kind, EventKind::Access(_)) => false,
        Ok(e) => e.paths.is_empty() || !relevant(root, &e.paths).is_empty(),
        Err(_) => true,
    }
}

/// The paths of the next batch of changes: it closes [`DEBOUNCE`] after the
/// last change to an input ([`counts`]), or [`MAX_BATCH`] after the first
/// one, so a file written over and over (a log, a swap file) cannot hold a
/// rebuild off. `None` when the watcher has stopped.
fn next_batch(
    rx: &Receiver<notify::Result<Event>>,
    preview: &Preview,
    root: &Path,
) -> Option<Vec<PathBuf>> {
    let mut paths = Vec::new();
    // When the first change to an input came, and when the batch closes.
    // A counted event without paths still makes a batch (an empty one).
    let mut first: Option<Instant> = None;
    let mut closes: Option<Instant> = None;
    loop {
        let wait = match closes {
            Some(at) => at.saturating_duration_since(Instant::now()),
            None if paths.is_empty() => Duration::MAX,
            // Only events that are not changes to inputs so far.
            None => DEBOUNCE,
        };
        let event = if wait == Duration::MAX {
            rx.recv().ok()?
        } else {
            match rx.recv_timeout(wait) {
                Ok(event) => event,
                Err(RecvTimeoutError::Timeout) => return Some(paths),
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        };
        if counts(root, &event) {
            preview.change_taken();
            let now = Instant::now();
            let first = *first.get_or_insert(now);
            closes = Some((now + DEBOUNCE).min(first + MAX_BATCH));
        }
        // A watcher error (e.g. too many watched folders) loses events, not the server.
        if let Ok(event) = event
            && !matches!(event.kind, EventKind::Access(_))
        {
            paths.extend(event.paths);
        }
    }
}

fn watch_error(path: &Path, e: notify::Error) -> Error {
    Error::Io {
        action: "cannot watch",
        path: path.to_owned(),
        source: std::io::Error::other(e.to_string()),
    }
}

/// `content/`, `templates/` or `static/` created after the start: watch it too.
fn watch_new_dirs(watcher: &Mutex<Option<RecommendedWatcher>>, root: &Path, paths: &[PathBuf]) {
    let mut guard = watcher.lock().unwrap_or_else(PoisonError::into_inner);
    let Some(watcher) = guard.as_mut() else {
        return;
    };
    for dir in WATCHED_DIRS.map(|d| root.join(d)) {
        if paths.contains(&dir) && dir.is_dir() {
            // Watching a folder already watched is harmless; a failure leaves it unwatched.
            let _ = watcher.watch(&dir, RecursiveMode::Recursive);
        }
    }
}

/// The changed inputs among `paths`, relative to the root with `/`, sorted.
/// Hidden files and editor leftovers are skipped, as `source.rs` skips them.
fn relevant(root: &Path, paths: &[PathBuf]) -> Vec<String> {
    let mut out: Vec<String> = paths
        .iter()
        .filter_map(|p| p.strip_prefix(root).ok())
        .map(|rel| {
            rel.components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
        })
        .filter(|parts| match parts.first().map(String::as_str) {
            Some(crate::config::CONFIG_FILE) => parts.len() == 1,
            Some(first) => {
                WATCHED_DIRS.contains(&first) && !parts.iter().any(|p| crate::source::is_ignored(p))
            }
            None => false,
        })
        .map(|parts| parts.join("/"))
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_site_inputs_trigger_a_rebuild() {
        let root = Path::new("/site");
        let paths: Vec<PathBuf> = [
            "/site/content/2024/a.md",
            "/site/content/2024/.a.md.swp",
            "/site/content/2024/a.md~",
            "/site/templates/base.html",
            "/site/sitrep.yaml",
            "/site/public/index.html",
            "/site/target/debug/x",
            "/site/content",
            "/elsewhere/content/a.md",
            "/site/content/2024/a.md",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        assert_eq!(
            relevant(root, &paths),
            [
                "content",
                "content/2024/a.md",
                "sitrep.yaml",
                "templates/base.html"
            ]
        );
    }

    #[test]
    fn a_batch_of_only_a_watcher_error_or_a_pathless_event_is_returned() {
        // inotify's queue overflow comes as an event without paths: it may
        // hide a change, so it stops a build, and the rebuild after that
        // must run, not wait for an event with a path.
        let preview = Arc::new(Preview::new(
            crate::Options::new("/nonexistent"),
            "http://127.0.0.1:1111",
        ));
        let (tx, rx) = mpsc::channel::<notify::Result<Event>>();
        for event in [
            Err(notify::Error::generic("queue overflow")),
            Ok(Event::new(EventKind::Other)),
        ] {
            assert!(counts(Path::new("/site"), &event));
            preview.change_noticed();
            tx.send(event).expect("sends");
        }
        let (done_tx, done_rx) = mpsc::channel();
        let p = Arc::clone(&preview);
        std::thread::spawn(move || {
            let batch = next_batch(&rx, &p, Path::new("/site"));
            let _ = done_tx.send(batch);
            drop(tx);
        });
        let batch = done_rx
            .recv_timeout(Duration::from_secs(5))
            .expect("the batch is returned");
        assert_eq!(batch, Some(Vec::new()));
        assert!(!preview.change_waiting(), "both were taken");
    }

    #[test]
    fn a_batch_closes_however_many_events_follow_it() {
        let preview = Arc::new(Preview::new(
            crate::Options::new("/nonexistent"),
            "http://127.0.0.1:1111",
        ));
        let modify = |path: &str| -> notify::Result<Event> {
            Ok(
                Event::new(EventKind::Modify(notify::event::ModifyKind::Any))
                    .add_path(PathBuf::from(path)),
            )
        };
        // A swap file written every 5 ms for a second after a save: the
        // batch closes one debounce after the save, not when the writes stop.
        for (stream, within) in [
            ("/site/content/.a.md.swp", Duration::from_millis(200)),
            // Inputs changed every 5 ms: closed at the latest batch length.
            ("/site/content/b.md", MAX_BATCH + Duration::from_millis(250)),
        ] {
            let (tx, rx) = mpsc::channel::<notify::Result<Event>>();
            let send = move |event: notify::Result<Event>| {
                let _ = tx.send(event);
            };
            send(modify("/site/content/a.md"));
            let writer = std::thread::spawn(move || {
                for _ in 0..200 {
                    send(modify(stream));
                    std::thread::sleep(Duration::from_millis(5));
                }
            });
            let started = Instant::now();
            let batch = next_batch(&rx, &preview, Path::new("/site")).expect("a batch");
            let took = started.elapsed();
            assert!(took < within, "{stream}: closed after {took:?}");
            assert!(batch.contains(&PathBuf::from("/site/content/a.md")));
            drop(rx);
            writer.join().expect("writer ends");
        }
    }

    #[test]
    fn only_changes_to_inputs_stop_a_build() {
        let root = Path::new("/site");
        let event = |kind: EventKind, path: &str| -> notify::Result<Event> {
            Ok(Event::new(kind).add_path(PathBuf::from(path)))
        };
        let modify = EventKind::Modify(notify::event::ModifyKind::Any);
        assert!(counts(root, &event(modify, "/site/content/a.md")));
        assert!(counts(root, &event(modify, "/site/templates/base.html")));
        // An editor's swap file, a file outside the inputs, a read.
        assert!(!counts(root, &event(modify, "/site/content/.a.md.swp")));
        assert!(!counts(root, &event(modify, "/site/public/index.html")));
        let read = EventKind::Access(notify::event::AccessKind::Any);
        assert!(!counts(root, &event(read, "/site/content/a.md")));
    }
}
