//! `hookproof`: verify, sign and list webhook signature schemes.
//!
//! Exit codes: 0 genuine (or done), 1 rejected, 2 usage or configuration error.
#![forbid(unsafe_code)]

use std::process::ExitCode;

fn main() -> ExitCode {
    ExitCode::from(hookproof_cli::run(std::env::args_os()))
}
