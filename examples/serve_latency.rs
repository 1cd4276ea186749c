//! How long `sitrep serve` takes to serve an edited briefing: from the end of
//! the save to the first response for the page that shows the edit.
//!
//! ```text
//! cargo run --release --example serve_latency -- --site target/bench/corpus-10000/sitrep
//! ```
//!
//! Copies the site to a temporary folder, starts the server there (in this
//! process, on a free port), waits for the first build, then edits briefings
//! one at a time, spread across the site, in eight ways: a sentence added to
//! the body, a new heading, a new update date, a new date (which moves the
//! briefing to the end of every list), a new title, a new title with a topic
//! the site already has, a new title with a topic the site did not have
//! (these seven checked on the briefing's page), and a topic the site did not
//! have checked on the new topic's page.
//! After each save it asks for the page every millisecond until the edit
//! shows. Prints every time and the median and worst per kind.

use sitrep::serve::{ServeOptions, Server};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const EDITS_PER_KIND: usize = 10;
/// The edits, in the order they are timed; [`edit`] makes each.
const KINDS: [&str; 8] = [
    "body", "heading", "updated", "date", "title", "term", "new", "topic",
];
/// Saves of one briefing while typing, and the time from one to the next.
const TYPING_SAVES: usize = 20;
const TYPING_GAP: Duration = Duration::from_millis(150);

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let site = match args.iter().position(|a| a == "--site") {
        Some(i) if i + 1 < args.len() => PathBuf::from(&args[i + 1]),
        _ => {
            eprintln!("usage: serve_latency --site DIR");
            std::process::exit(2);
        }
    };
    let work = std::env::temp_dir().join(format!("sitrep-latency-{}", std::process::id()));
    copy_dir(&site, &work);
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(work.join("content"))
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    let count = files.len();
    let step = (count / (KINDS.len() * EDITS_PER_KIND + 1)).max(1);
    files = files.into_iter().step_by(step).collect();

    let started = Instant::now();
    let mut opts = ServeOptions::new(sitrep::Options::new(&work));
    opts.port = 0;
    opts.quiet = true;
    let server = Server::start(opts).expect("server starts");
    println!(
        "{count} briefings: first build and start {:.2} s",
        started.elapsed().as_secs_f64()
    );
    let addr = server.addr();

    let mut results: Vec<(&str, Vec<f64>)> = Vec::new();
    let mut files = files.into_iter();
    for kind in KINDS {
        let mut times = Vec::new();
        for n in 0..EDITS_PER_KIND {
            let Some(file) = files.next() else { break };
            let marker = format!("Latency{kind}{n}x{}", std::process::id());
            let text = std::fs::read_to_string(&file).expect("briefing reads");
            let (edited, page) = edit(&text, &file, kind, &marker);
            // The server needs a moment between saves, as an author does.
            std::thread::sleep(Duration::from_millis(100));
            std::fs::write(&file, edited).expect("briefing writes");
            let saved = Instant::now();
            let deadline = saved + Duration::from_secs(30);
            loop {
                if get(addr, &page).contains(&marker) {
                    break;
                }
                assert!(Instant::now() < deadline, "{page} never showed {marker}");
                std::thread::sleep(Duration::from_millis(1));
            }
            let ms = saved.elapsed().as_secs_f64() * 1000.0;
            println!(
                "{kind:>5} edit of {}: served in {ms:.0} ms",
                rel(&file, &work)
            );
            // Wait for the site-wide pages rendered after the edited ones (a
            // request for one waits until it is up to date), so that one
            // edit's work does not delay the next.
            for page in ["/archive/", "/search/index.json", "/review/"] {
                get(addr, page);
            }
            times.push(ms);
        }
        results.push((kind, times));
    }
    // Typing: one briefing saved every `TYPING_GAP`, as an editor that saves
    // on each pause does; each save waits for nothing but the one before it
    // to be served.
    let mut times = Vec::new();
    if let Some(file) = files.next() {
        let mut text = std::fs::read_to_string(&file).expect("briefing reads");
        let page = edit(&text, &file, "body", "").1;
        for n in 0..TYPING_SAVES {
            let marker = format!("Typed{n}x{}", std::process::id());
            text.push_str(&format!("\n{marker} is typed.\n"));
            std::fs::write(&file, &text).expect("briefing writes");
            let saved = Instant::now();
            let deadline = saved + Duration::from_secs(30);
            while !get(addr, &page).contains(&marker) {
                assert!(Instant::now() < deadline, "{page} never showed {marker}");
                std::thread::sleep(Duration::from_millis(1));
            }
            let ms = saved.elapsed().as_secs_f64() * 1000.0;
            println!("typing: save {n} served in {ms:.0} ms");
            times.push(ms);
            std::thread::sleep(TYPING_GAP.saturating_sub(saved.elapsed()));
        }
    }
    results.push(("typing", times));
    println!();
    for (kind, mut times) in results {
        times.sort_by(f64::total_cmp);
        if let (Some(worst), false) = (times.last(), times.is_empty()) {
            println!(
                "{kind:>5} edits: median {:.0} ms, worst {worst:.0} ms over {}",
                times[times.len() / 2],
                times.len()
            );
        }
    }
    drop(server);
    let _ = std::fs::remove_dir_all(&work);
}

/// The edited text, and the page (path under the server) that shows the edit.
fn edit(text: &str, file: &Path, kind: &str, marker: &str) -> (String, String) {
    let slug = file.file_stem().unwrap_or_default().to_string_lossy();
    let page = format!("/briefings/{slug}/");
    match kind {
        "body" => (format!("{text}\n{marker} closes this briefing.\n"), page),
        "heading" => (format!("{text}\n## {marker}\n\nA new section.\n"), page),
        "updated" => {
            // A new update date (the corpus gives some briefings one), and
            // a sentence to see it by.
            let text = match text.find("\nupdated: ") {
                Some(at) => {
                    let end = text[at + 1..].find('\n').map_or(text.len(), |e| at + 1 + e);
                    format!("{}\nupdated: 2099-01-01{}", &text[..at], &text[end..])
                }
                None => text.replacen("\ndate: ", "\nupdated: 2099-01-01\ndate: ", 1),
            };
            (format!("{text}\n{marker} closes this briefing.\n"), page)
        }
        "date" => {
            // Older than any in the corpus, so it moves past every other.
            let at = text.find("\ndate: ").expect("every briefing has a date") + 1;
            let end = text[at..].find('\n').map_or(text.len(), |e| at + e);
            let text = format!("{}date: 2014-06-01{}", &text[..at], &text[end..]);
            (format!("{text}\n{marker} closes this briefing.\n"), page)
        }
        "title" => (
            text.replacen("title: \"", &format!("title: \"{marker} "), 1),
            page,
        ),
        "term" => {
            // A topic the corpus uses that this briefing does not have yet.
            let line = text
                .lines()
                .find(|l| l.starts_with("topics: ["))
                .unwrap_or("");
            let topic = ["Energy", "Military", "Diplomacy", "Finance", "Cyber"]
                .into_iter()
                .find(|t| !line.contains(t))
                .unwrap_or("Energy");
            let text = text.replacen("title: \"", &format!("title: \"{marker} "), 1);
            (
                text.replacen("topics: [", &format!("topics: [{topic}, "), 1),
                page,
            )
        }
        "new" => {
            let text = text.replacen("title: \"", &format!("title: \"{marker} "), 1);
            (
                text.replacen("topics: [", &format!("topics: [Fresh{marker}, "), 1),
                page,
            )
        }
        _ => {
            let topic = marker.to_lowercase();
            (
                text.replacen("topics: [", &format!("topics: [{marker}, "), 1),
                format!("/topics/{topic}/"),
            )
        }
    }
}

/// The body of `GET path`, or nothing while the server is busy.
fn get(addr: SocketAddr, path: &str) -> String {
    let Ok(mut s) = TcpStream::connect(addr) else {
        return String::new();
    };
    let request = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    if s.write_all(request.as_bytes()).is_err() {
        return String::new();
    }
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    out
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("folder copies");
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &target).expect("file copies");
        }
    }
}

fn rel(path: &Path, root: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}
