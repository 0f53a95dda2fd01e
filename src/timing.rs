//! Phase timings for profiling a build: with `BANTIN_TIMINGS=1` in the environment, each
//! [`mark`] prints the time since the previous mark and since the process started to stderr.
//! Off (one relaxed load) otherwise.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::Instant;

static START: OnceLock<Instant> = OnceLock::new();
static LAST_US: AtomicU64 = AtomicU64::new(0);
static ON: OnceLock<bool> = OnceLock::new();
static HEADER_SHOWN: AtomicBool = AtomicBool::new(false);

fn on() -> bool {
    *ON.get_or_init(|| std::env::var_os("BANTIN_TIMINGS").is_some_and(|v| v != "0"))
}

/// Start the clock (called first thing in `main`; otherwise the first mark starts it).
pub fn start() {
    START.get_or_init(Instant::now);
}

/// The end of the phase called `what`.
pub fn mark(what: &str) {
    if !on() {
        return;
    }
    let now = START.get_or_init(Instant::now).elapsed().as_micros() as u64;
    let prev = LAST_US.swap(now, Ordering::Relaxed);
    if !HEADER_SHOWN.swap(true, Ordering::Relaxed) {
        eprintln!("timings (BANTIN_TIMINGS): phase, its time, time since start");
    }
    eprintln!(
        "  {what:<28} {:>8.1} ms {:>9.1} ms",
        now.saturating_sub(prev) as f64 / 1000.0,
        now as f64 / 1000.0
    );
}
