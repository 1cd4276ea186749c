//! The `sitrep` binary: parse the command line, run, print a fatal error once.

use std::process::ExitCode;

fn main() -> ExitCode {
    sitrep::cli::run()
}
