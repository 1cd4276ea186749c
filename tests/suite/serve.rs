//! `sitrep serve`: the preview server, started on a free port (`--port 0`)
//! through `sitrep::serve::Server` and asked over real HTTP (ureq; raw
//! `TcpStream` where a request must reach the server byte for byte).
//!
//! A file edit is picked up by the watcher, so those tests poll for the
//! result (every 50 ms, for at most 15 s) instead of sleeping a fixed time.

use crate::common::{TestSite, list_files};
use sitrep::serve::{ServeOptions, Server};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

const DRAFT: &str = "---\ntitle: Draft on icebreakers\ndate: 2024-09-01\nstatus: draft\ntopics: [Shipping]\nregions: [Arctic]\n---\n\nNot public yet.\n";

/// Front matter opened and never closed: an error on line 1.
const BROKEN: &str = "---\ntitle: Half written\ndate: 2024-09-02\n\nThe closing line is missing.\n";

const FIXED: &str = "---\ntitle: Half written, now whole\ndate: 2024-09-02\ntopics: [Energy]\nregions: [Russia]\n---\n\nDone.\n";

const WAIT: Duration = Duration::from_secs(15);

/// Starts a quiet server for `site` on a free port, options changed by `f`.
fn start_with(site: &TestSite, f: impl FnOnce(&mut sitrep::Options)) -> Server {
    let mut opts = site.opts();
    f(&mut opts);
    Server::start(ServeOptions {
        port: 0,
        quiet: true,
        ..ServeOptions::new(opts)
    })
    .unwrap_or_else(|e| panic!("the server starts: {e}"))
}

fn start(site: &TestSite) -> Server {
    start_with(site, |_| {})
}

/// One response, read whole.
#[derive(Debug)]
struct Page {
    status: u16,
    content_type: String,
    cache_control: String,
    location: Option<String>,
    body: String,
}

/// `GET path` with ureq: no redirects followed, every status returned as is.
fn get(server: &Server, path: &str) -> Page {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into();
    let url = format!("http://{}{path}", server.addr());
    let mut resp = agent
        .get(&url)
        .call()
        .unwrap_or_else(|e| panic!("GET {url}: {e}"));
    let header = |name: &str| {
        resp.headers()
            .get(name)
            .map(|v| v.to_str().expect("header is text").to_string())
    };
    let (content_type, cache_control, location) = (
        header("content-type").unwrap_or_default(),
        header("cache-control").unwrap_or_default(),
        header("location"),
    );
    Page {
        status: resp.status().as_u16(),
        content_type,
        cache_control,
        location,
        body: resp.body_mut().read_to_string().expect("body is text"),
    }
}

/// Sends `GET <path>` exactly as written (no client-side normalisation) and
/// returns the status code and body.
fn raw_get(server: &Server, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(server.addr()).expect("server accepts connections");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout can be set");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .expect("request is sent");
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .expect("response is read");
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {response:?}"));
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Polls `GET path` until `ok` holds; panics with the last response after [`WAIT`].
fn wait_for(server: &Server, path: &str, what: &str, ok: impl Fn(&Page) -> bool) -> Page {
    let deadline = Instant::now() + WAIT;
    loop {
        let page = get(server, path);
        if ok(&page) {
            return page;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what} at {path}; last response: {page:#?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn has_overlay(page: &Page) -> bool {
    page.body.contains("id=\"sitrep-overlay\"")
}

#[test]
fn home_page_is_served_from_memory_with_the_reload_script() {
    let site = TestSite::copy("basic");
    let server = start(&site);
    let home = get(&server, "/");
    assert_eq!(home.status, 200);
    assert_eq!(home.content_type, "text/html; charset=utf-8");
    assert_eq!(home.cache_control, "no-store");
    assert!(home.body.contains("Gas deal signed"));
    let script = home.body.find("/__sitrep/events").expect("reload script");
    let body_end = home.body.rfind("</body>").expect("page has </body>");
    assert!(script < body_end, "the script goes before </body>");
    assert!(!has_overlay(&home));
    assert!(
        home.body.contains(&format!("http://{}/", server.addr())),
        "absolute URLs point at the server"
    );
    server.stop();
    assert!(
        !site.output().exists(),
        "serve writes nothing: {:?}",
        list_files(&site.root)
    );

    // The script exists only in served pages, never in a build.
    site.build_with(|o| o.mode = sitrep::Mode::Preview);
    let built = list_files(&site.output());
    assert!(built.iter().all(|f| !site.page(f).contains("__sitrep")));
}

#[test]
fn drafts_are_served_in_the_preview() {
    let site = TestSite::copy("basic");
    site.write("content/2024/icebreakers.md", DRAFT);
    let server = start(&site);
    let page = get(&server, "/briefings/icebreakers/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Draft on icebreakers"));
    assert!(page.body.contains("DRAFT"));
}

#[test]
fn files_have_content_types_and_folders_redirect_to_their_final_slash() {
    let site = TestSite::copy("basic");
    let server = start(&site);
    let css = get(&server, "/style.css");
    assert_eq!(
        (css.status, css.content_type.as_str()),
        (200, "text/css; charset=utf-8")
    );
    assert_eq!(css.cache_control, "no-store");
    assert!(!css.body.contains("__sitrep"), "only HTML gets the script");
    let snap = server.preview().snapshot();
    let svg_path = snap
        .files
        .keys()
        .find(|k| k.ends_with("route-map.svg"))
        .expect("the map beside a briefing is published");
    // Served from the file under content/, read at request time.
    let svg = get(&server, &format!("/{svg_path}"));
    assert_eq!(
        (svg.status, svg.content_type.as_str()),
        (200, "image/svg+xml")
    );
    let folder = get(&server, "/briefings/gas-deal");
    assert_eq!(folder.status, 307);
    assert_eq!(folder.location.as_deref(), Some("/briefings/gas-deal/"));
}

#[test]
fn unknown_paths_get_404_with_the_404_page() {
    let site = TestSite::copy("basic");
    let server = start(&site);
    let page = get(&server, "/no/such/page/");
    assert_eq!(page.status, 404);
    assert_eq!(page.content_type, "text/html; charset=utf-8");
    assert!(page.body.contains("Page not found"));
    assert!(page.body.contains("/__sitrep/events"));
}

#[test]
fn traversal_requests_get_404() {
    let site = TestSite::copy("basic");
    let server = start(&site);
    for path in [
        "/../Cargo.toml",
        "/../sitrep.yaml",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2fsitrep.yaml",
        "/%2E%2E%2Fsitrep.yaml",
        "/briefings/..%2f..%2fsitrep.yaml",
        "/..%5csitrep.yaml",
        "/..\\sitrep.yaml",
        "/style.css%00",
        "/content/2024/gas-deal.md",
        "/sitrep.yaml",
    ] {
        let (status, body) = raw_get(&server, path);
        assert_eq!(status, 404, "{path}");
        for secret in [
            "[package]",
            "root:",
            "title: Basic Desk",
            "topics: [Energy]",
        ] {
            assert!(!body.contains(secret), "{path} leaked a file");
        }
    }
    let (status, _) = raw_get(&server, "/");
    assert_eq!(status, 200, "the server still answers");
}

#[test]
fn the_site_is_served_under_its_base_path() {
    let site = TestSite::copy("basic");
    let server = start_with(&site, |o| {
        o.base_url = Some("https://owner.github.io/repo/".into())
    });
    assert_eq!(server.url(), format!("http://{}/repo/", server.addr()));
    let root = get(&server, "/");
    assert_eq!(root.status, 307);
    assert_eq!(root.location.as_deref(), Some("/repo/"));
    assert_eq!(get(&server, "/repo").location.as_deref(), Some("/repo/"));
    let home = get(&server, "/repo/");
    assert_eq!(home.status, 200);
    assert!(home.body.contains("href=\"/repo/briefings/gas-deal/\""));
    assert!(
        home.body
            .contains(&format!("http://{}/repo/", server.addr())),
        "the origin is the server's, the path the site's"
    );
    assert!(!home.body.contains("owner.github.io"));
    assert_eq!(get(&server, "/repo/briefings/gas-deal/").status, 200);
    assert_eq!(get(&server, "/repo/style.css").status, 200);
    let outside = get(&server, "/briefings/gas-deal/");
    assert_eq!(outside.status, 404);
    assert!(outside.body.contains("Page not found"));
}

/// Opens the reload stream as a browser's `EventSource` would and returns
/// what it has sent once `pattern` shows up.
fn read_events_until(stream: &mut TcpStream, pattern: &str) -> String {
    let deadline = Instant::now() + WAIT;
    let mut seen = String::new();
    let mut buf = [0u8; 1024];
    while !seen.contains(pattern) {
        assert!(
            Instant::now() < deadline,
            "no {pattern:?} on the event stream; got {seen:?}"
        );
        match stream.read(&mut buf) {
            Ok(0) => panic!("event stream closed; got {seen:?}"),
            Ok(n) => seen.push_str(&String::from_utf8_lossy(&buf[..n])),
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            Err(e) if e.kind() == std::io::ErrorKind::TimedOut => {}
            Err(e) => panic!("event stream failed: {e}"),
        }
    }
    seen
}

fn open_events(server: &Server) -> TcpStream {
    let since = server.preview().snapshot().generation;
    let mut stream = TcpStream::connect(server.addr()).expect("server accepts connections");
    stream
        .set_read_timeout(Some(Duration::from_millis(200)))
        .expect("timeout can be set");
    write!(
        stream,
        "GET /__sitrep/events?since={since} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
    )
    .expect("request is sent");
    let head = read_events_until(&mut stream, "\r\n\r\n");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(head.contains("content-type: text/event-stream"), "{head}");
    stream
}

#[test]
fn an_edit_rebuilds_the_site_and_sends_a_reload_event() {
    let site = TestSite::copy("basic");
    let server = start(&site);
    let mut events = open_events(&server);
    let path = site.root.join("content/2024/gas-deal.md");
    let text = std::fs::read_to_string(&path).expect("fixture is readable");
    site.write(
        "content/2024/gas-deal.md",
        text.replace("title: Gas deal signed", "title: Gas deal signed at last"),
    );
    wait_for(&server, "/briefings/gas-deal/", "the new title", |p| {
        p.body.contains("Gas deal signed at last")
    });
    let sent = read_events_until(&mut events, "event: reload");
    assert!(sent.contains("data: "), "{sent}");
    assert!(
        !site.output().exists(),
        "a rebuild writes nothing to disk either"
    );
}

#[test]
fn a_broken_briefing_shows_the_overlay_over_the_last_good_site_until_fixed() {
    let site = TestSite::copy("basic");
    let server = start(&site);
    site.write("content/2024/half.md", BROKEN);
    let home = wait_for(&server, "/", "the overlay", has_overlay);
    assert_eq!(home.status, 200);
    assert!(
        home.body.contains("content/2024/half.md:1:1: error[")
            && home.body.contains("never closed"),
        "the overlay names the file and line: {}",
        home.body
    );
    assert!(
        home.body.contains("Gas deal signed"),
        "the last good site stays"
    );
    let briefing = get(&server, "/briefings/gas-talks/");
    assert_eq!(briefing.status, 200);
    assert!(has_overlay(&briefing), "every HTML page shows the overlay");
    assert!(!get(&server, "/style.css").body.contains("sitrep-overlay"));
    assert_eq!(get(&server, "/briefings/half/").status, 404);

    site.write("content/2024/half.md", FIXED);
    let fixed = wait_for(&server, "/briefings/half/", "the fixed briefing", |p| {
        p.status == 200
    });
    assert!(fixed.body.contains("Half written, now whole"));
    assert!(!has_overlay(&fixed));
    assert!(!has_overlay(&get(&server, "/")));
}

#[test]
fn a_site_that_never_built_serves_a_page_with_the_overlay() {
    let site = TestSite::empty("serve-never-built");
    site.write("content/2024/half.md", BROKEN);
    let server = start(&site);
    let page = get(&server, "/");
    assert_eq!(page.status, 503);
    assert!(has_overlay(&page));
    assert!(page.body.contains("content/2024/half.md:1:1"));
    assert!(page.body.contains("nothing has built yet"));
    assert!(
        page.body.contains("/__sitrep/events"),
        "it reloads when fixed"
    );

    site.write("content/2024/half.md", FIXED);
    let home = wait_for(&server, "/", "the first good build", |p| p.status == 200);
    assert!(home.body.contains("Half written, now whole"));
    assert!(!has_overlay(&home));
}

#[test]
fn a_rebuild_driven_directly_keeps_the_last_good_files_after_a_failure() {
    let site = TestSite::copy("basic");
    let server = start(&site);
    let preview = server.preview();
    let good = preview.snapshot();
    assert!(good.built && !good.failed());
    assert!(good.files.contains_key("briefings/gas-deal/index.html"));

    site.write("content/2024/half.md", BROKEN);
    // The server's watcher sees the write too: a build it has not taken
    // yet stops this one, which is then run again.
    let rebuild = || loop {
        let r = preview.rebuild();
        if !r.superseded {
            break r;
        }
    };
    let failed = rebuild();
    assert!(!failed.ok());
    let snap = preview.snapshot();
    assert!(snap.failed() && snap.built);
    assert!(snap.generation > good.generation);
    assert!(
        std::sync::Arc::ptr_eq(&snap.files, &good.files),
        "the files of the last good build are kept"
    );

    site.write("content/2024/half.md", FIXED);
    assert!(rebuild().ok());
    let snap = preview.snapshot();
    assert!(!snap.failed());
    assert!(snap.files.contains_key("briefings/half/index.html"));
}

#[test]
fn stopping_ends_event_streams_and_frees_the_port() {
    let site = TestSite::copy("basic");
    let server = start(&site);
    let addr = server.addr();
    let mut events = open_events(&server);
    let started = Instant::now();
    server.stop();
    assert!(started.elapsed() < Duration::from_secs(5), "stop is prompt");
    let mut rest = Vec::new();
    events
        .set_read_timeout(Some(Duration::from_secs(5)))
        .expect("timeout can be set");
    let _ = events.read_to_end(&mut rest);
    assert!(
        TcpStream::connect(addr).is_err(),
        "nothing listens after stop"
    );
}

#[test]
fn clients_that_hang_up_or_never_read_do_not_bring_the_server_down() {
    let site = TestSite::copy("basic");
    let server = start(&site);
    // Half-sent requests, requests abandoned before the answer, and answers
    // cut off after a few bytes.
    for i in 0..60 {
        let mut s = TcpStream::connect(server.addr()).expect("server accepts connections");
        match i % 3 {
            0 => {
                let _ = s.write_all(b"GET /briefings/gas-deal/ HT");
            }
            1 => {
                let _ = s.write_all(b"GET /briefings/gas-deal/ HTTP/1.1\r\nHost: x\r\n\r\n");
            }
            _ => {
                let _ = s.write_all(b"GET /archive/ HTTP/1.1\r\nHost: x\r\n\r\n");
                let mut buf = [0u8; 16];
                let _ = s.read(&mut buf);
            }
        }
        drop(s);
    }
    // Many reload listeners: some never read, some hang up at once.
    let silent: Vec<TcpStream> = (0..40).map(|_| open_events(&server)).collect();
    for _ in 0..40 {
        drop(open_events(&server));
    }
    // A burst of edits floods the reload channel.
    let path = site.root.join("content/2024/gas-deal.md");
    let text = std::fs::read_to_string(&path).expect("fixture is readable");
    for n in 0..30 {
        site.write(
            "content/2024/gas-deal.md",
            text.replace(
                "title: Gas deal signed",
                &format!("title: Gas deal signed {n}"),
            ),
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    wait_for(&server, "/briefings/gas-deal/", "the last edit", |p| {
        p.body.contains("Gas deal signed 29")
    });
    let mut events = open_events(&server);
    site.write("content/2024/gas-deal.md", text.clone());
    read_events_until(&mut events, "event: reload");
    assert_eq!(get(&server, "/").status, 200, "the server still answers");
    drop(silent);
}

/// Every served file by path, as bytes.
fn served(preview: &sitrep::serve::Preview) -> std::collections::BTreeMap<String, Vec<u8>> {
    let snap = preview.snapshot();
    assert!(
        snap.pending.is_empty(),
        "nothing is left pending once a build returns"
    );
    snap.files
        .iter()
        .map(|(path, body)| {
            let bytes = match body {
                sitrep::serve::Body::Memory(b) => b.to_vec(),
                sitrep::serve::Body::Disk(p) => std::fs::read(p).expect("asset reads"),
            };
            (path.clone(), bytes)
        })
        .collect()
}

#[test]
fn incremental_rebuilds_serve_the_same_site_as_a_full_build() {
    use sitrep::serve::Preview;
    const ORIGIN: &str = "http://127.0.0.1:1111";
    let site = TestSite::copy("graph");
    let live = Preview::new(site.opts(), ORIGIN);
    let first = live.rebuild();
    assert!(first.ok(), "{:?}", first.diagnostics);
    let total = first.rendered;
    let read = |rel: &str| std::fs::read_to_string(site.root.join(rel)).expect("fixture reads");
    let template =
        std::fs::read_to_string(crate::common::manifest_dir().join("templates/briefing.html"))
            .expect("default template reads");
    type Edit<'a> = (&'a str, Box<dyn Fn() + 'a>, Vec<&'a str>);
    // Most edits change one briefing: text replaced, or added at its end.
    let (site, read) = (&site, &read);
    let replace =
        |what: &'static str, rel: &'static str, from: &'static str, to: &'static str| -> Edit {
            let edit = move || site.write(rel, read(rel).replacen(from, to, 1));
            (what, Box::new(edit), vec![rel])
        };
    let append = |what: &'static str, rel: &'static str, more: &'static str| -> Edit {
        let edit = move || site.write(rel, format!("{}{more}", read(rel)));
        (what, Box::new(edit), vec![rel])
    };
    let edits: Vec<Edit> = vec![
        append(
            "a sentence added to a body",
            "content/2023/price-cap.md",
            "\nOne more sentence.\n",
        ),
        replace(
            "a new title (cards, backlinks, feeds, archive)",
            "content/2023/fleet.md",
            "title: ",
            "title: Renamed ",
        ),
        append(
            "a heading added that nothing links to (its page's contents)",
            "content/2023/fleet.md",
            "\n## Crew training\n\nCrews train in Murmansk.\n",
        ),
        replace(
            "an update date given (the page, feeds, sitemap)",
            "content/2023/fleet.md",
            "date: 2023-10-20\n",
            "date: 2023-10-20\nupdated: 2023-11-02\n",
        ),
        replace(
            "a new date, now the newest (it moves in every list; its neighbours change)",
            "content/2023/fleet.md",
            "date: 2023-10-20\nupdated: 2023-11-02\n",
            "date: 2024-07-01\nupdated: 2024-07-02\n",
        ),
        replace(
            "a topic added (term pages, matrix, feeds)",
            "content/2023/outlook-2023.md",
            "topics: Energy",
            "topics: [Energy, Shipping]",
        ),
        replace(
            "a region the site did not have (every term index moves, served first all the same)",
            "content/2023/outlook-2023.md",
            "regions: Russia",
            "regions: [Russia, Antarctica]",
        ),
        replace(
            "a topic emptied (the only briefing on sanctions leaves it)",
            "content/2023/price-cap.md",
            "topics: [energy, Sanctions]",
            "topics: [energy]",
        ),
        (
            "a briefing deleted",
            Box::new(|| {
                std::fs::remove_file(site.root.join("content/2024/draft-memo.md"))
                    .expect("removes");
            }),
            vec!["content/2024/draft-memo.md"],
        ),
        (
            "a briefing added",
            Box::new(|| site.write("content/2024/new-brief.md", FIXED)),
            vec!["content/2024/new-brief.md"],
        ),
        (
            "the briefing template overridden",
            Box::new(|| {
                let t = template.replacen("<article", "<!-- edited --><article", 1);
                site.write("templates/briefing.html", t);
            }),
            vec!["templates/briefing.html"],
        ),
        (
            "the settings changed",
            Box::new(|| {
                let text = read("sitrep.yaml");
                site.write("sitrep.yaml", format!("{text}\nper_page: 2\n"));
            }),
            vec!["sitrep.yaml"],
        ),
    ];
    for (what, edit, changed) in edits {
        edit();
        let changed: Vec<String> = changed.into_iter().map(String::from).collect();
        let r = live.update(&changed);
        assert!(r.ok(), "{what}: {:?}", r.diagnostics);
        let full = Preview::new(site.opts(), ORIGIN);
        assert!(full.rebuild().ok());
        let (got, want) = (served(&live), served(&full));
        let differ: Vec<&String> = want
            .keys()
            .chain(got.keys())
            .filter(|p| got.get(*p) != want.get(*p))
            .collect();
        assert!(
            differ.is_empty(),
            "{what}: these files differ from a full build: {differ:?}"
        );
        if [
            "a sentence",
            "a heading added",
            "an update date",
            "a new date",
            "a new title",
            "a topic added",
            "a region the site did not have",
            "a topic emptied",
        ]
        .iter()
        .any(|k| what.starts_with(k))
        {
            // Served first, alone, from the last site: the same pages as a full build's.
            let (path, _) = r.early.first().unwrap_or_else(|| {
                panic!("{what}: the edited page is served before the rest of the site")
            });
            assert!(path.starts_with("briefings/"), "{what}: {path} first");
            for (path, early) in &r.early {
                assert_eq!(
                    Some(&early.to_vec()),
                    want.get(path),
                    "{what}: the page served first differs from a full build's {path}"
                );
            }
            // With it, the first page of each term it joined or left.
            let terms: Vec<&str> = r.early[1..].iter().map(|(p, _)| p.as_str()).collect();
            let joined: &[&str] = if what.starts_with("a topic added") {
                &["topics/shipping/index.html"]
            } else if what.starts_with("a region the site did not have") {
                &["regions/antarctica/index.html"]
            } else {
                // A term emptied has no page left to show.
                &[]
            };
            assert_eq!(terms, joined, "{what}");
        } else {
            assert!(
                r.early.is_empty(),
                "{what}: nothing is served before the full build"
            );
        }
        if what.starts_with("a sentence") {
            assert!(
                r.rendered * 2 < total,
                "{what}: {} of {total} files rendered again",
                r.rendered
            );
        }
    }
}

#[test]
fn while_an_edited_page_is_served_first_every_other_page_waits() {
    let snap = sitrep::serve::Snapshot {
        only_current: vec![
            "briefings/a/index.html".into(),
            "topics/t/index.html".into(),
        ],
        ..Default::default()
    };
    assert!(!snap.is_pending("briefings/a/index.html"));
    assert!(!snap.is_pending("topics/t/index.html"));
    assert!(snap.is_pending("index.html") && snap.is_pending("topics/t/page/2/index.html"));
    assert!(snap.is_pending("briefings/b/index.html"));
    assert!(snap.is_pending("atom.xml") && snap.is_pending("search/index.json"));
    // Not rendered from briefings: the early page's style sheet does not wait.
    assert!(!snap.is_pending("style.css") && !snap.is_pending("search.js"));
    assert!(!snap.is_pending("briefings/a/map.png"));
    let snap = sitrep::serve::Snapshot {
        pending: vec!["search/index.json".into()],
        ..Default::default()
    };
    assert!(snap.is_pending("search/index.json"));
    assert!(!snap.is_pending("index.html"));
}

#[test]
fn a_renamed_heading_others_link_to_is_not_served_early() {
    // `arctic-convoys` links to `price-cap.md#shipping`; with broken links
    // allowed, renaming the heading drops that backlink from price-cap's page,
    // which the page served first could not know.
    use sitrep::serve::Preview;
    let site = TestSite::copy("graph");
    let mut opts = site.opts();
    opts.allow_broken_links = true;
    let live = Preview::new(opts.clone(), "http://127.0.0.1:1111");
    assert!(live.rebuild().ok());
    let rel = "content/2023/price-cap.md";
    let text = std::fs::read_to_string(site.root.join(rel)).expect("fixture reads");
    assert!(text.contains("## Shipping"), "the fixture has the heading");
    site.write(rel, text.replace("## Shipping", "## Freight"));
    let r = live.update(&[rel.to_string()]);
    assert!(r.ok(), "{:?}", r.diagnostics);
    assert!(r.early.is_empty(), "new anchors go to the full rebuild");
    let full = Preview::new(opts, "http://127.0.0.1:1111");
    assert!(full.rebuild().ok());
    let page = "briefings/price-cap/index.html";
    assert_eq!(served(&live)[page], served(&full)[page]);
}

#[test]
fn saves_made_while_a_build_runs_stop_it_and_the_last_build_finishes_the_site() {
    // Typing: each save's page is served at once; the build under way stops
    // when a newer save waits, and the build after the last save makes the
    // same site a full build does.
    use sitrep::serve::Preview;
    let site = TestSite::copy("graph");
    let live = Preview::new(site.opts(), "http://127.0.0.1:1111");
    assert!(live.rebuild().ok());
    let rel = "content/2023/price-cap.md";
    let text = std::fs::read_to_string(site.root.join(rel)).expect("fixture reads");
    let page = "briefings/price-cap/index.html";
    let other = "content/2023/fleet.md";
    let other_text = std::fs::read_to_string(site.root.join(other)).expect("fixture reads");
    let mut typed = text.clone();
    for n in 0..3 {
        typed.push_str(&format!("\nWord{n} typed.\n"));
        site.write(rel, &typed);
        // The next save is already waiting when this one is built.
        live.change_noticed();
        let r = live.update(&[rel.to_string()]);
        live.change_taken();
        assert!(r.superseded, "save {n}: stopped for the newer change");
        let (path, early) = r.early.first().expect("the edited page is served first");
        assert_eq!(path, page);
        assert!(String::from_utf8_lossy(early).contains(&format!("Word{n}")));
        let snap = live.snapshot();
        assert!(
            !snap.is_pending(page),
            "save {n}: the edited page is current"
        );
        assert!(
            snap.is_pending("index.html") && snap.is_pending("search/index.json"),
            "save {n}: every other page waits for the build that finishes"
        );
    }
    // A title edit to another briefing, stopped too: its card changes on
    // pages the stopped builds never rendered.
    site.write(other, other_text.replacen("title: ", "title: Retitled ", 1));
    live.change_noticed();
    let r = live.update(&[other.to_string()]);
    live.change_taken();
    assert!(r.superseded);
    // Nothing newer: this build runs to the end (the watcher builds after a
    // stopped build even when the next change is not an input).
    let r = live.update(&[]);
    assert!(r.ok() && !r.superseded, "{:?}", r.diagnostics);
    let full = Preview::new(site.opts(), "http://127.0.0.1:1111");
    assert!(full.rebuild().ok());
    let (got, want) = (served(&live), served(&full));
    let differ: Vec<&String> = want
        .keys()
        .chain(got.keys())
        .filter(|p| got.get(*p) != want.get(*p))
        .collect();
    assert!(differ.is_empty(), "differ from a full build: {differ:?}");
    assert!(String::from_utf8_lossy(&got["index.html"]).contains("Retitled"));
}

#[test]
fn a_stopped_build_of_the_whole_site_announces_nothing_and_the_next_finishes_it() {
    use sitrep::serve::Preview;
    let site = TestSite::copy("graph");
    let live = Preview::new(site.opts(), "http://127.0.0.1:1111");
    assert!(live.rebuild().ok());
    // A template change has no quick path: the whole site is rendered again,
    // here stopped at once.
    let template =
        std::fs::read_to_string(crate::common::manifest_dir().join("templates/briefing.html"))
            .expect("default template reads");
    site.write(
        "templates/briefing.html",
        template.replacen("<article", "<!-- typed --><article", 1),
    );
    live.change_noticed();
    let before = live.snapshot().generation;
    let r = live.update(&["templates/briefing.html".to_string()]);
    assert!(r.superseded && r.early.is_empty());
    assert_eq!(
        live.snapshot().generation,
        before,
        "nothing new is announced"
    );
    live.change_taken();
    let r = live.update(&[]);
    assert!(r.ok() && !r.superseded);
    let snap = live.snapshot();
    assert!(snap.pending.is_empty() && snap.only_current.is_empty());
    assert!(
        String::from_utf8_lossy(&served(&live)["briefings/price-cap/index.html"])
            .contains("<!-- typed -->")
    );
}

#[test]
fn a_region_joined_is_served_first_with_every_region_above_it() {
    // South China Sea sits in South-eastern Asia and Eastern Asia (and they
    // in Asia): the high-north briefing joining it joins their lists too.
    use sitrep::serve::Preview;
    let site = TestSite::copy("vocab");
    let live = Preview::new(site.opts(), "http://127.0.0.1:1111");
    assert!(live.rebuild().ok());
    let rel = "content/high-north.md";
    let text = std::fs::read_to_string(site.root.join(rel)).expect("fixture reads");
    assert!(text.contains("regions: [Arctic]"), "the fixture's regions");
    site.write(
        rel,
        text.replace("regions: [Arctic]", "regions: [Arctic, South China Sea]"),
    );
    let r = live.update(&[rel.to_string()]);
    assert!(r.ok(), "{:?}", r.diagnostics);
    let early: Vec<&str> = r.early.iter().map(|(p, _)| p.as_str()).collect();
    let full = Preview::new(site.opts(), "http://127.0.0.1:1111");
    assert!(full.rebuild().ok());
    let want = served(&full);
    for (path, bytes) in &r.early {
        assert_eq!(Some(&bytes.to_vec()), want.get(path), "{path} served first");
    }
    assert_eq!(early[0], "briefings/high-north/index.html");
    let mut regions: Vec<&str> = early[1..].to_vec();
    regions.sort_unstable();
    assert_eq!(
        regions,
        [
            "regions/asia/index.html",
            "regions/eastern-asia/index.html",
            "regions/south-china-sea/index.html",
            "regions/south-eastern-asia/index.html",
        ]
    );
}

#[test]
fn an_edit_that_fails_the_build_is_not_served_early() {
    // An empty body is an error: the page is not shown early and then taken
    // back; open pages reload once, to the overlay.
    use sitrep::serve::Preview;
    let site = TestSite::copy("graph");
    let live = Preview::new(site.opts(), "http://127.0.0.1:1111");
    assert!(live.rebuild().ok());
    let before = live.snapshot().generation;
    let rel = "content/2023/lunar-base.md"; // no headings: its anchors stay the same
    let text = std::fs::read_to_string(site.root.join(rel)).expect("fixture reads");
    let front = text
        .splitn(3, "---")
        .take(2)
        .collect::<Vec<_>>()
        .join("---");
    site.write(rel, format!("{front}---\n"));
    let r = live.update(&[rel.to_string()]);
    assert!(!r.ok(), "an empty body fails the build");
    assert!(r.early.is_empty());
    assert_eq!(
        live.snapshot().generation,
        before + 1,
        "one reload, not two"
    );
    assert!(live.snapshot().failed());
}

/// A briefing deleted by a build stopped while it assembled, then written
/// back: not served early from the last site (which still has it), and
/// found again by the rescan its own event brings.
#[test]
fn a_briefing_deleted_by_a_stopped_build_and_written_back_is_found_again() {
    use sitrep::serve::Preview;
    let site = TestSite::copy("graph");
    let live = Preview::new(site.opts(), "http://127.0.0.1:1111");
    assert!(live.rebuild().ok());
    let rel = "content/2024/draft-memo.md";
    let text = std::fs::read_to_string(site.root.join(rel)).expect("fixture reads");
    std::fs::remove_file(site.root.join(rel)).expect("removes");
    live.change_noticed();
    let r = live.update(&[rel.to_string()]);
    live.change_taken();
    assert!(r.superseded, "stopped while it assembles");
    site.write(rel, &text);
    // The build the watcher makes after a stopped one, before the file's
    // own event: nothing served early that this build then drops.
    let r = live.update(&[]);
    assert!(r.early.is_empty(), "{:?}", r.early.first().map(|e| &e.0));
    let r = live.update(&[rel.to_string()]);
    assert!(r.ok(), "{:?}", r.diagnostics);
    let full = Preview::new(site.opts(), "http://127.0.0.1:1111");
    assert!(full.rebuild().ok());
    assert_eq!(
        differing(&served(&live), &served(&full)),
        Vec::<String>::new()
    );
}

fn differing(
    got: &std::collections::BTreeMap<String, Vec<u8>>,
    want: &std::collections::BTreeMap<String, Vec<u8>>,
) -> Vec<String> {
    let mut d: Vec<String> = want
        .keys()
        .chain(got.keys())
        .filter(|p| got.get(*p) != want.get(*p))
        .cloned()
        .collect();
    d.sort();
    d.dedup();
    d
}

/// Saves `rel` with a typed sentence while a newer save waits: its page is
/// served first and the build stops.
fn type_a_sentence_and_stop(site: &TestSite, live: &sitrep::serve::Preview, rel: &str, text: &str) {
    site.write(rel, format!("{text}\nTyped then undone.\n"));
    live.change_noticed();
    let r = live.update(&[rel.to_string()]);
    live.change_taken();
    assert!(r.superseded && !r.early.is_empty());
}

/// What `live` serves is what a full build of the files on disk serves, and
/// `page` does not show the undone sentence.
fn assert_served_as_a_full_build_serves(
    site: &TestSite,
    live: &sitrep::serve::Preview,
    page: &str,
) {
    let full = sitrep::serve::Preview::new(site.opts(), "http://127.0.0.1:1111");
    assert!(full.rebuild().ok());
    let (got, want) = (served(live), served(&full));
    assert!(
        !String::from_utf8_lossy(&got[page]).contains("Typed then undone"),
        "the undone sentence is still served as current"
    );
    assert_eq!(differing(&got, &want), Vec::<String>::new());
}

/// The words an edit brings are numbered for the search index and kept; once
/// most of them are words no briefing uses any more (edited away), the
/// vocabulary starts again, and the search index is still a full build's.
#[test]
fn words_edited_away_are_forgotten() {
    use sitrep::serve::Preview;
    let site = TestSite::copy("graph");
    let live = Preview::new(site.opts(), "http://127.0.0.1:1111");
    assert!(live.rebuild().ok());
    let rel = "content/2023/price-cap.md";
    let original = std::fs::read_to_string(site.root.join(rel)).expect("fixture reads");
    let mut lens = Vec::new();
    for round in 0..5 {
        // 60,000 words no other save had.
        let words: String = (0..60_000).map(|i| format!("r{round}w{i} ")).collect();
        site.write(rel, format!("{original}\n{words}\n"));
        let r = live.update(&[rel.to_string()]);
        assert!(r.ok(), "{:?}", r.diagnostics);
        lens.push(live.vocabulary_len());
    }
    // It grows past twice the words in use, then starts again.
    assert!(lens.iter().all(|&n| n < 200_000), "{lens:?}");
    assert!(lens.windows(2).any(|w| w[1] < w[0]), "{lens:?}");
    let full = Preview::new(site.opts(), "http://127.0.0.1:1111");
    assert!(full.rebuild().ok());
    assert_eq!(
        differing(&served(&live), &served(&full)),
        Vec::<String>::new()
    );
}

/// A page served first by a build that is then stopped stays served; a later
/// build without a quick path whose key for that page is the old one again
/// (the edit undone) must render it again, not keep the stopped build's page.
#[test]
fn an_edit_undone_after_a_stopped_build_is_served_undone() {
    use sitrep::serve::Preview;
    let site = TestSite::copy("graph");
    let live = Preview::new(site.opts(), "http://127.0.0.1:1111");
    assert!(live.rebuild().ok());
    let rel = "content/2023/price-cap.md";
    let other = "content/2023/fleet.md";
    let text = std::fs::read_to_string(site.root.join(rel)).expect("fixture reads");
    let other_text = std::fs::read_to_string(site.root.join(other)).expect("fixture reads");
    let page = "briefings/price-cap/index.html";
    // 1. A sentence typed; its page is served first, then a newer save stops the build.
    type_a_sentence_and_stop(&site, &live, rel, &text);
    // 2. The sentence undone, saved together with an edit elsewhere (two
    //    files: no quick path, e.g. a `git checkout`/"save all").
    site.write(rel, &text);
    site.write(other, format!("{other_text}\nA line at the end.\n"));
    let r = live.update(&[rel.to_string(), other.to_string()]);
    assert!(r.ok() && !r.superseded, "{:?}", r.diagnostics);
    assert_served_as_a_full_build_serves(&site, &live, page);
}

/// The same through a failed build: the stopped build's quick page, then an
/// error elsewhere (no quick path while the site fails), the edit undone,
/// the error fixed.
#[test]
fn an_edit_undone_across_a_failed_build_is_served_undone() {
    use sitrep::serve::Preview;
    let site = TestSite::copy("graph");
    let live = Preview::new(site.opts(), "http://127.0.0.1:1111");
    assert!(live.rebuild().ok());
    let rel = "content/2023/price-cap.md";
    let other = "content/2023/fleet.md";
    let text = std::fs::read_to_string(site.root.join(rel)).expect("fixture reads");
    let other_text = std::fs::read_to_string(site.root.join(other)).expect("fixture reads");
    let page = "briefings/price-cap/index.html";
    type_a_sentence_and_stop(&site, &live, rel, &text);
    // An empty body is an error.
    let front: String = other_text.split_inclusive('\n').take(7).collect();
    assert!(front.ends_with("---\n"), "{front}");
    site.write(other, &front);
    assert!(!live.update(&[other.to_string()]).ok());
    site.write(rel, &text);
    assert!(!live.update(&[rel.to_string()]).ok());
    site.write(other, &other_text);
    let r = live.update(&[other.to_string()]);
    assert!(r.ok(), "{:?}", r.diagnostics);
    assert_served_as_a_full_build_serves(&site, &live, page);
}

/// The first build (`Server::start` -> `Preview::rebuild`) can be stopped
/// too: the preview remembers it, so the watcher builds again whatever the
/// waiting change was.
#[test]
fn a_stopped_first_build_is_left_to_be_built_again() {
    use sitrep::serve::Preview;
    let site = TestSite::copy("graph");
    let live = Preview::new(site.opts(), "http://127.0.0.1:1111");
    // e.g. an editor's swap file written in content/ while `serve` starts:
    // counted by the watcher, not `relevant`.
    live.change_noticed();
    let r = live.rebuild();
    live.change_taken();
    assert!(r.superseded && !live.snapshot().built);
    // The watcher builds again after a stopped build, whatever comes next.
    assert!(
        live.unfinished(),
        "the stopped first build is left unfinished"
    );
    let r = live.update(&[]);
    assert!(r.ok() && !r.superseded && !live.unfinished());
    assert!(live.snapshot().built);
}

/// A file that is not an input (an editor's swap file in content/) written
/// faster than a full build must not stop builds: the template change is
/// served all the same.
#[test]
fn writes_to_files_that_are_not_inputs_do_not_hold_off_a_rebuild() {
    let site = TestSite::copy("graph");
    for i in 0..std::env::var("GEN")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(500)
    {
        site.write(
            &format!("content/gen/g{i:04}.md"),
            format!(
                "---\ntitle: Generated {i}\ndate: 2021-01-{:02}\ntopics: [t{}]\nregions: [China]\n---\n\nBody {i} with some words to index.\n\n## Part\n\nMore words.\n",
                1 + i % 28,
                i % 7
            ),
        );
    }
    let server = start(&site);
    assert!(server.preview().snapshot().built);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let noise = {
        let stop = std::sync::Arc::clone(&stop);
        let path = site.root.join("content/.notes.md.swp");
        std::thread::spawn(move || {
            let ms: u64 = std::env::var("NOISE_MS")
                .ok()
                .and_then(|s| s.parse().ok())
                .unwrap_or(40);
            let mut n = 0u64;
            while ms > 0 && !stop.load(std::sync::atomic::Ordering::SeqCst) {
                n += 1;
                std::fs::write(&path, n.to_string()).expect("noise writes");
                std::thread::sleep(std::time::Duration::from_millis(ms));
            }
        })
    };
    // A template change: no quick path, every page is rendered again.
    let template =
        std::fs::read_to_string(crate::common::manifest_dir().join("templates/briefing.html"))
            .expect("default template reads");

    site.write(
        "templates/briefing.html",
        template.replacen("<article", "<!-- Renamed --><article", 1),
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let mut seen = false;
    while std::time::Instant::now() < deadline {
        let snap = server.preview().snapshot();
        if let Some(sitrep::serve::Body::Memory(b)) = snap.files.get("briefings/g0000/index.html")
            && String::from_utf8_lossy(b).contains("Renamed")
        {
            seen = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    noise.join().expect("noise thread");
    assert!(
        seen,
        "20 s after the save, the pages still have the old template"
    );
    server.stop();
}

/// Random sequences of term and body edits (new terms, emptied terms,
/// aliases, roll-ups, unknown terms, undos), some builds stopped for a newer
/// change, some saves touching two files: every page served early equals a
/// full build's, and after every build that runs to the end the whole served
/// site does. `EDIT_SEEDS=n` runs more seeds.
#[test]
fn random_edit_sequences_serve_what_a_full_build_serves() {
    random_edits("graph", FILES_G, TOPICS_G, REGIONS_G);
}

#[test]
fn random_edit_sequences_on_a_declared_vocabulary_serve_what_a_full_build_serves() {
    random_edits(
        "vocab",
        &[
            "content/alias-only.md",
            "content/china-and-asia.md",
            "content/high-north.md",
            "content/sea-patrol.md",
        ],
        &[
            "energy",
            "Energy",
            "Oil and Gas",
            "oil-and-gas",
            "military",
            "Military",
            "Bogus",
        ],
        &[
            "Arctic",
            "The Arctic",
            "arctic",
            "China",
            "PRC",
            "South China Sea",
            "Asia",
            "France",
            "Eastern Asia",
            "Nowhere",
            "South-eastern Asia",
        ],
    );
}

const TOPICS_G: &[&str] = &[
    "Energy",
    "energy",
    "ENERGY",
    "Sanctions",
    "Shipping",
    "Space",
    "Diplomacy",
    "Brand New",
    "brand-new",
    "Zeta",
];
const REGIONS_G: &[&str] = &[
    "Russia",
    "Russian Federation",
    "China",
    "PRC",
    "Arctic",
    "Global",
    "France",
    "Antarctica",
    "Europe",
    "Western Europe",
    "Viet Nam",
];
const FILES_G: &[&str] = &[
    "content/2022/outlook-2022.md",
    "content/2023/fleet.md",
    "content/2023/outlook-2023.md",
    "content/2023/price-cap.md",
    "content/2023/summit-notes.md",
    "content/2024/arctic-convoys.md",
    "content/2024/outlook-2024.md",
    "content/2024/port-deal.md",
];

#[allow(non_snake_case)]
fn random_edits(fixture: &str, FILES: &[&str], TOPICS: &[&str], REGIONS: &[&str]) {
    use sitrep::serve::Preview;
    struct Rng(u64);
    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }
    let seeds: u64 = std::env::var("EDIT_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    for seed in 1..=seeds {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let site = TestSite::copy(fixture);
        // Every other seed allows broken links: a renamed heading then
        // changes backlinks instead of failing the build.
        let mut opts = site.opts();
        opts.allow_broken_links = seed % 2 == 0;
        let live = Preview::new(opts.clone(), "http://127.0.0.1:1111");
        assert!(live.rebuild().ok());
        let originals: Vec<String> = FILES
            .iter()
            .map(|f| std::fs::read_to_string(site.root.join(f)).expect("reads"))
            .collect();
        let mut stopped_before = false;
        for step in 0..30 {
            let n = if rng.below(5) == 0 { 2 } else { 1 };
            let mut changed = Vec::new();
            for _ in 0..n {
                let f = rng.below(FILES.len());
                let mut text = String::new();
                let list = |rng: &mut Rng, pool: &[&str]| -> String {
                    let k = rng.below(4);
                    let v: Vec<&str> = (0..k).map(|_| pool[rng.below(pool.len())]).collect();
                    format!("[{}]", v.join(", "))
                };
                let (t, r) = (list(&mut rng, TOPICS), list(&mut rng, REGIONS));
                let revert = rng.below(6) == 0;
                for line in originals[f].lines() {
                    let l = if revert {
                        line.to_string()
                    } else if line.starts_with("topics:") {
                        format!("topics: {t}")
                    } else if line.starts_with("regions:") {
                        format!("regions: {r}")
                    } else if line.starts_with("date:") && rng.below(4) == 0 {
                        // An update date, before the date now and then.
                        let day = 1 + rng.below(28);
                        format!("{line}\nupdated: 2023-06-{day:02}")
                    } else if line.starts_with("date:") && rng.below(3) == 0 {
                        // A new date: the briefing moves past others, ties
                        // with one on the day, or orders by a time and offset
                        // (the last falls, in UTC, on the day before it names).
                        let dates = [
                            "2022-12-01",
                            "2023-06-01",
                            "2023-06-01T12:00:00Z",
                            "2023-06-02T01:00:00+03:00",
                            "2023-10-21",
                            "2024-02-01",
                            "2024-09-30",
                        ];
                        format!("date: {}", dates[rng.below(dates.len())])
                    } else if line.starts_with("## ") && rng.below(4) == 0 {
                        // A heading renamed: others may link to it.
                        format!("## Renamed {}", &line[3..])
                    } else {
                        line.to_string()
                    };
                    text.push_str(&l);
                    text.push('\n');
                }
                if !revert && rng.below(3) == 0 {
                    text.push_str(&format!("\nStep {step} sentence.\n"));
                }
                if !revert && rng.below(4) == 0 {
                    let heading = ["Shipping", "Fleet plan", "Outlook"][rng.below(3)];
                    text.push_str(&format!("\n## {heading}\n\nMore on it.\n"));
                }
                site.write(FILES[f], &text);
                changed.push(FILES[f].to_string());
            }
            changed.sort();
            changed.dedup();
            // A newer save waits from the start, or comes in at a random
            // point of the build: while it assembles the site or renders it.
            let stop = rng.below(3) == 0;
            let at_once = stop && rng.below(2) == 0;
            if at_once {
                live.change_noticed();
            } else if stop {
                live.stop_after(rng.below(40) as u64);
            }
            let r = live.update(&changed);
            if at_once {
                live.change_taken();
            }
            let full = Preview::new(opts.clone(), "http://127.0.0.1:1111");
            let fr = full.rebuild();
            if !fr.ok() {
                // A failing combination: the live one must fail too once it finishes.
                if !r.superseded {
                    assert!(
                        !r.ok(),
                        "{fixture} seed {seed} step {step}: live ok, full fails"
                    );
                }
                stopped_before = r.superseded;
                continue;
            }
            let want = served(&full);
            for (path, early) in &r.early {
                assert_eq!(
                    Some(&early.to_vec()),
                    want.get(path),
                    "{fixture} seed {seed} step {step} ({changed:?}, stopped {stop}, stopped before {stopped_before}): early {path} differs from a full build's"
                );
            }
            if !r.superseded {
                assert!(
                    r.ok(),
                    "{fixture} seed {seed} step {step}: {:?} {:?}",
                    r.fatal,
                    r.diagnostics
                );
                let got = served(&live);
                let d = differing(&got, &want);
                assert!(
                    d.is_empty(),
                    "{fixture} seed {seed} step {step} ({changed:?}, stopped before {stopped_before}): differ {d:?}"
                );
                assert!(live.snapshot().only_current.is_empty());
            }
            stopped_before = r.superseded;
        }
    }
}

/// One file only, as when typing: a sentence saved (served first, build
/// stopped by the next save), the body then emptied by mistake (an error: no
/// quick path, the build fails), then everything undone back to the original.
#[test]
fn one_file_typed_broken_and_undone_is_served_undone() {
    use sitrep::serve::Preview;
    let site = TestSite::copy("graph");
    let live = Preview::new(site.opts(), "http://127.0.0.1:1111");
    assert!(live.rebuild().ok());
    let rel = "content/2023/price-cap.md";
    let text = std::fs::read_to_string(site.root.join(rel)).expect("fixture reads");
    let page = "briefings/price-cap/index.html";
    type_a_sentence_and_stop(&site, &live, rel, &text);
    let front: String = text.split_inclusive('\n').take(6).collect();
    assert!(front.ends_with("---\n"), "{front}");
    site.write(rel, &front);
    assert!(!live.update(&[rel.to_string()]).ok(), "an empty body fails");
    site.write(rel, &text);
    let r = live.update(&[rel.to_string()]);
    assert!(r.ok(), "{:?}", r.diagnostics);
    assert_served_as_a_full_build_serves(&site, &live, page);
}
