//! The `sitrep` binary: parse the command line, run, print a fatal error once.

use std::process::ExitCode;

// jemalloc, set up in `.cargo/config.toml`: see Cargo.toml for why.
#[cfg(all(unix, feature = "jemalloc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    sitrep::cli::run()
}
