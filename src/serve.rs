//! `sitrep serve`: a local preview server. It builds the site in preview mode
//! (drafts shown) into memory, serves it on `http://127.0.0.1:1111`, watches
//! the site's inputs, rebuilds on every change and tells open pages to reload.
//! A build with errors does not stop it: the last good site stays served with
//! an overlay listing the problems. Nothing is written to disk.
//!
//! - `preview.rs`: the state, apart from HTTP: files in memory, diagnostics,
//!   generation counter, and `rebuild`/`update`, which re-parse only edited
//!   briefings and re-render only the pages whose inputs changed.
//! - `http.rs`: request path → file, reload script and overlay injection,
//!   the `/__sitrep/events` stream (server-sent events).
//! - `watch.rs`: file watching, debounced, one rebuild per batch of changes.
//! - `livereload.js`: the script injected before `</body>` of served pages.

mod http;
mod preview;
mod watch;

pub use http::EVENTS_PATH;
pub use preview::{Body, Preview, Rebuild, Snapshot};

use crate::config::{Mode, Options};
use crate::error::{Error, Result};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::oneshot;

/// Everything `serve` needs.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site and build flags; the mode is always preview and `base_url`
    /// gives only the base path (the origin is this server's).
    pub site: Options,
    /// Address to listen on.
    pub bind: IpAddr,
    /// Port to listen on; 0 picks a free one.
    pub port: u16,
    /// Print nothing (for tests): no URL, rebuild lines or diagnostics.
    pub quiet: bool,
}

impl ServeOptions {
    /// Serve `site` on `127.0.0.1:1111`, printing what happens.
    pub fn new(site: Options) -> ServeOptions {
        ServeOptions {
            site,
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 1111,
            quiet: false,
        }
    }
}

/// A running preview server: HTTP on background threads, a watcher that
/// rebuilds. Stops when dropped.
pub struct Server {
    addr: SocketAddr,
    origin: String,
    preview: Arc<Preview>,
    watch: Option<watch::Watch>,
    runtime: Option<tokio::runtime::Runtime>,
    http: Option<tokio::task::JoinHandle<()>>,
    shutdown: Option<oneshot::Sender<()>>,
}

impl Server {
    /// Binds, builds the site once, then serves and watches in the background.
    /// A failed build still starts the server (pages show the overlay); a
    /// missing site root, a port in use or a watcher that cannot start are errors.
    pub fn start(opts: ServeOptions) -> Result<Server> {
        let mut site = opts.site;
        site.mode = Mode::Preview;
        if !site.root.is_dir() {
            return Err(Error::NoSiteRoot(site.root));
        }
        let wanted = SocketAddr::new(opts.bind, opts.port);
        let net_error = |source| Error::Io {
            action: "cannot listen on",
            path: PathBuf::from(wanted.to_string()),
            source,
        };
        let listener = TcpListener::bind(wanted).map_err(net_error)?;
        listener.set_nonblocking(true).map_err(net_error)?;
        let addr = listener.local_addr().map_err(net_error)?;
        let origin = format!("http://{}", display_addr(addr));
        let preview = Arc::new(Preview::new(site, &origin));
        let quiet = opts.quiet;
        // Watch before the first build, so an edit made while it runs is not missed.
        let watch = watch::Watch::start(Arc::clone(&preview), move |changed, rebuild| {
            if !quiet {
                print_rebuild(changed, rebuild);
            }
        })?;
        let first = preview.rebuild();
        if !quiet {
            print_rebuild(&[], &first);
        }
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("sitrep-serve")
            .enable_all()
            .build()
            .map_err(net_error)?;
        let listener = {
            let _entered = runtime.enter();
            tokio::net::TcpListener::from_std(listener).map_err(net_error)?
        };
        let (shutdown, stopped) = oneshot::channel::<()>();
        let app = http::router(Arc::clone(&preview));
        let http = runtime.spawn(async move {
            let stop = async {
                let _ = stopped.await;
            };
            // axum handles a failed accept itself (it waits and retries), so this ends only on stop.
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(stop)
                .await;
        });
        Ok(Server {
            addr,
            origin,
            preview,
            watch: Some(watch),
            runtime: Some(runtime),
            http: Some(http),
            shutdown: Some(shutdown),
        })
    }

    /// The address the server listens on (the real port when 0 was asked for).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The site's URL: origin plus base path, `http://127.0.0.1:1111/repo/`.
    pub fn url(&self) -> String {
        format!("{}{}", self.origin, self.preview.snapshot().base_path)
    }

    /// The preview state: what is served, and `rebuild` to drive a build directly.
    pub fn preview(&self) -> &Preview {
        &self.preview
    }

    /// Stops watching, ends open event streams and closes the server.
    pub fn stop(mut self) {
        self.shutdown_now();
    }

    fn shutdown_now(&mut self) {
        if let Some(mut w) = self.watch.take() {
            w.stop();
        }
        self.preview.close();
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(runtime) = self.runtime.take() {
            if let Some(http) = self.http.take() {
                let _ = runtime.block_on(async move {
                    tokio::time::timeout(Duration::from_secs(2), http).await
                });
            }
            runtime.shutdown_timeout(Duration::from_millis(200));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shutdown_now();
    }
}

/// Serves until Ctrl-C: prints the URL, a line per rebuild, and diagnostics.
pub fn serve(opts: ServeOptions) -> Result<()> {
    let quiet = opts.quiet;
    let server = Server::start(opts)?;
    if !quiet {
        println!(
            "serving a preview (drafts shown) at {}  (Ctrl-C to stop)",
            server.url()
        );
    }
    let interrupted = match &server.runtime {
        Some(rt) => rt.block_on(tokio::signal::ctrl_c()),
        None => Ok(()),
    };
    server.stop();
    if !quiet {
        eprintln!("stopped");
    }
    interrupted.map_err(|source| Error::Io {
        action: "cannot wait for Ctrl-C in",
        path: PathBuf::from("sitrep serve"),
        source,
    })
}

/// `0.0.0.0` and `::` listen everywhere but are no address to browse to.
fn display_addr(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => {
            SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), addr.port())
        }
        IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::new(IpAddr::V6(std::net::Ipv6Addr::LOCALHOST), addr.port())
        }
        _ => addr,
    }
}

/// One line on stdout per build, the diagnostics on stderr as `build` prints them.
fn print_rebuild(changed: &[String], r: &Rebuild) {
    crate::cli::print_human(&r.diagnostics);
    if let Some(fatal) = &r.fatal {
        eprintln!("error: {fatal}");
    }
    let what = match changed {
        [] => "first build".to_string(),
        [one] => format!("{one} changed"),
        [first, rest @ ..] => format!("{first} and {} more changed", rest.len()),
    };
    let (errors, warnings) = r.diagnostics.counts();
    let errors = errors + usize::from(r.fatal.is_some());
    let secs = r.elapsed.as_secs_f64();
    // After a one-briefing edit its page is served first, the rest after.
    let first: String = r.early.iter().map(|(path, _)| format!(" {path}")).collect();
    if r.superseded {
        let served = if first.is_empty() {
            String::new()
        } else {
            format!(" served{first} in {secs:.3}s;")
        };
        println!("{what}:{served} a newer change came, the rest is built with it");
    } else if r.ok() {
        println!(
            "{what}: served{first} in {secs:.3}s, all up to date in {:.3}s: {} briefings, {} pages, {} files rendered ({warnings} warning(s))",
            r.finished.as_secs_f64(),
            r.briefings,
            r.pages,
            r.rendered
        );
    } else {
        println!(
            "{what}: build failed in {secs:.2}s ({errors} error(s), {warnings} warning(s)); \
             serving the last good site with the errors shown on every page"
        );
    }
}
