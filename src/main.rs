//! The `stance` binary: parse arguments, run, print the error chain, exit.
use std::process::ExitCode;

fn main() -> ExitCode {
    match stance::cli::run(std::env::args_os()) {
        Ok(()) => ExitCode::SUCCESS,
        // `stance predict … | head`: the reader left; that is not an error.
        Err(e) if stance::cli::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
