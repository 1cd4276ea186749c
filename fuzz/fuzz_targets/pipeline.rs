//! Fuzzes the content pipeline (front matter, Markdown, link resolution,
//! slugs, supersedes, aliases, rendering) in memory: it must never panic.
//! The input format and the checks live in `../harness.rs`, which
//! `tests/suite/regressions.rs` shares. See `../README.md`.

#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::run(data));
