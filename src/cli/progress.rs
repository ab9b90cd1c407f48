//! Progress on standard error for long runs, shown only when standard error is a terminal:
//! never in pipes, logs, CI or tests, so output stays byte-identical there.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

/// A progress bar (known total) or counter (unknown total); hidden off a terminal. Cleared
/// when finished or dropped, so it never mixes with the output that follows.
pub struct Progress(Option<ProgressBar>);

impl Progress {
    /// A bar over `total` steps, e.g. "fits".
    pub fn bar(total: u64, unit: &str) -> Self {
        Self::make(|| {
            let bar = ProgressBar::new(total);
            bar.set_style(
                ProgressStyle::with_template(&format!(
                    "{{bar:32}} {{pos}}/{{len}} {unit} · {{elapsed}} · about {{eta}} left"
                ))
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar
        })
    }

    /// A counter for a stream of unknown length, e.g. "articles".
    pub fn counter(unit: &str) -> Self {
        Self::make(|| {
            let bar = ProgressBar::new_spinner();
            bar.set_style(
                ProgressStyle::with_template(&format!(
                    "{{spinner}} {{human_pos}} {unit} · {{elapsed}}"
                ))
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
            bar
        })
    }

    fn make(new: impl FnOnce() -> ProgressBar) -> Self {
        if !std::io::stderr().is_terminal() {
            return Self(None);
        }
        let bar = new();
        // Drawn at once (a run shorter than one tick still shows), then ticks on its own, so a
        // slow step still shows the run is alive.
        bar.tick();
        bar.enable_steady_tick(Duration::from_millis(120));
        Self(Some(bar))
    }

    pub fn inc(&self, n: u64) {
        if let Some(bar) = &self.0 {
            bar.inc(n);
        }
    }

    /// A callback that advances the bar by one, for library code that reports steps.
    pub fn step(&self) -> impl Fn() + Sync + '_ {
        move || self.inc(1)
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}
