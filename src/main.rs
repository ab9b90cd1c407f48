//! The `stance` binary: parse arguments, run, print the error chain, exit.
use std::process::ExitCode;

// Scoring allocates many small, short-lived strings and vectors per quote; mimalloc serves
// them faster than the system allocator (measured: see README, Measured).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match stance::cli::run(std::env::args_os()) {
        Ok(()) => ExitCode::SUCCESS,
        // `stance predict … | head`: the reader left; that is not an error.
        Err(e) if stance::cli::is_broken_pipe(&e) => ExitCode::SUCCESS,
        // Every read names its file; an I/O error with no context is a failed write to
        // standard output (a full disk, `> /dev/full`, a vanished terminal).
        Err(e) if e.chain().count() == 1 && e.downcast_ref::<std::io::Error>().is_some() => {
            stance::warn_clean!("error: cannot write the output: {e}");
            ExitCode::FAILURE
        }
        Err(e) => {
            stance::warn_clean!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
