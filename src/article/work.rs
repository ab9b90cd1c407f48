//! A per-thread work counter so tests can check that extraction stays linear without timing.

use std::cell::Cell;

thread_local! {
    static STEPS: Cell<u64> = const { Cell::new(0) };
}

/// Adds `n` units of work (roughly: bytes or tokens looked at) to this thread's counter.
#[inline]
pub(crate) fn add(n: usize) {
    STEPS.with(|s| s.set(s.get().saturating_add(n as u64)));
}

/// Units of work done on this thread since it started (or since [`reset_scan_steps`]).
pub fn scan_steps() -> u64 {
    STEPS.with(|s| s.get())
}

/// Resets this thread's work counter to zero.
pub fn reset_scan_steps() {
    STEPS.with(|s| s.set(0));
}
