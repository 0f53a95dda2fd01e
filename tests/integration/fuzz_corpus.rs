//! The fuzzers' smoke run on stable: every file of each kept corpus (`fuzz/corpus/<target>`,
//! inputs the nightly fuzzer found interesting, minimised) goes through the same entry point as
//! in `fuzz/fuzz_targets/`, which panics on a broken invariant.
//!
//! Time: no input may take much longer than its size explains. The corpus gives the rate on
//! this machine at this moment (the median time of an input, and the median time per byte); an
//! input over 10× what that rate gives for its size (or over 100 ms, whichever is more) is run
//! twice more and the fastest of its three runs must be within that. Linear work on a busy machine stays far inside it; quadratic or exponential work
//! on the inputs that trigger it does not. (The fuzzer's own `-timeout=10` catches slow inputs
//! while fuzzing; this keeps them from coming back.)

use std::time::{Duration, Instant};

fn replay(target: &str, run: fn(&[u8])) {
    let dir = crate::common::repo().join("fuzz/corpus").join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{}: empty corpus", dir.display());
    let inputs: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|f| (f.display().to_string(), std::fs::read(f).unwrap()))
        .collect();
    let time = |data: &[u8]| {
        let one = Instant::now();
        run(data);
        one.elapsed()
    };
    let start = Instant::now();
    let took: Vec<Duration> = inputs.iter().map(|(_, d)| time(d)).collect();
    let total = start.elapsed();
    let bytes: usize = inputs.iter().map(|(_, d)| d.len()).sum();
    // The rate from medians, so that one slow input does not raise its own bound: the median
    // time of an input, and the median time per byte of inputs of 64 bytes or more.
    let median = |mut v: Vec<f64>| -> f64 {
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(0.0)
    };
    let per_input = median(took.iter().map(Duration::as_secs_f64).collect());
    let per_byte = median(
        inputs
            .iter()
            .zip(&took)
            .filter(|((_, d), _)| d.len() >= 64)
            .map(|((_, d), t)| t.as_secs_f64() / d.len() as f64)
            .collect(),
    );
    let bound = |len: usize| {
        Duration::from_secs_f64((10.0 * (per_input + per_byte * len as f64)).max(0.100))
    };
    let mut slowest = (Duration::ZERO, 0usize);
    for (i, ((name, data), first)) in inputs.iter().zip(&took).enumerate() {
        let mut best = *first;
        if best > bound(data.len()) {
            best = best.min(time(data)).min(time(data));
        }
        assert!(
            best <= bound(data.len()),
            "{name} ({} bytes): {best:?} at best of 3, over {:?} (10× the corpus's median \
             {per_input:.2e} s an input + {per_byte:.2e} s a byte): super-linear work",
            data.len(),
            bound(data.len())
        );
        if best > slowest.0 {
            slowest = (best, i);
        }
    }
    eprintln!(
        "{target}: {} inputs, {bytes} bytes in {total:?}; slowest {} ({} bytes) in {:?}",
        inputs.len(),
        inputs[slowest.1].0,
        inputs[slowest.1].1.len(),
        slowest.0
    );
}

#[test]
fn import_parse_corpus() {
    replay("import_parse", bantin::harness::import_parse);
}

#[test]
fn import_html_corpus() {
    replay("import_html", bantin::harness::import_html);
}

#[test]
fn content_file_corpus() {
    replay("content_file", bantin::harness::content_file);
}

#[test]
fn site_yaml_corpus() {
    replay("site_yaml", bantin::harness::site_yaml);
}

/// Open findings: inputs a fuzzer found that still fail, kept in `fuzz/findings/<target>/` until
/// the code is fixed (then they move into `fuzz/corpus/<target>/` and this test has nothing to
/// run). `cargo test -- --ignored open_findings` reproduces them on stable.
#[test]
#[ignore = "open fuzz findings: run with --ignored to reproduce them"]
fn open_findings() {
    type Target = (&'static str, fn(&[u8]));
    let targets: [Target; 4] = [
        ("import_parse", bantin::harness::import_parse),
        ("import_html", bantin::harness::import_html),
        ("content_file", bantin::harness::content_file),
        ("site_yaml", bantin::harness::site_yaml),
    ];
    let mut failed = Vec::new();
    for (target, run) in targets {
        let dir = crate::common::repo().join("fuzz/findings").join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for f in entries.flatten().map(|e| e.path()) {
            let data = std::fs::read(&f).unwrap();
            if std::panic::catch_unwind(|| run(&data)).is_err() {
                failed.push(f.display().to_string());
            }
        }
    }
    assert!(failed.is_empty(), "still failing: {failed:?}");
}
