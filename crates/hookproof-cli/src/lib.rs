//! The `hookproof` command as a library: [`run`] takes the arguments and
//! returns the exit code, so the binary and the Python package
//! (`python -m hookproof`, through its extension) run the same command.
//!
//! Exit codes: 0 genuine (or done), 1 rejected, 2 usage or configuration error.
#![forbid(unsafe_code)]

mod args;
mod commands;
mod fixtures;
mod inputs;
mod markdown;
mod send;

use std::ffi::OsString;
use std::io::Write as _;

use clap::Parser;

/// Every `(scheme, event)` that `hookproof send --event` has a body for.
#[must_use]
pub fn fixture_events() -> Vec<(&'static str, &'static str)> {
    fixtures::all()
}

/// Runs the command line `argv` (the program's name first, as
/// `std::env::args_os` gives it) and returns the exit code. Reads standard
/// input and writes standard output and error like the binary.
pub fn run<I, T>(argv: I) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let code = match args::Cli::try_parse_from(argv) {
        Ok(cli) => commands::dispatch(cli.command),
        Err(e) => {
            // --help and --version "fail" with code 0, misuse with 2.
            let _ = e.print();
            u8::try_from(e.exit_code()).unwrap_or(2)
        }
    };
    // The Python package calls this in a process that goes on afterwards.
    let _ = std::io::stdout().flush();
    code
}
