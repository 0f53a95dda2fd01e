//! The fuzzers' smoke run on stable: every file of each kept corpus (`fuzz/corpus/<target>`,
//! inputs the nightly fuzzer found interesting, minimised) goes through the same entry point as
//! in `fuzz/fuzz_targets/`, which panics on a broken invariant; each must finish quickly.

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
    let start = Instant::now();
    for f in &files {
        let data = std::fs::read(f).unwrap();
        let one = Instant::now();
        run(&data);
        assert!(
            one.elapsed() < Duration::from_secs(2),
            "{}: took {:?}",
            f.display(),
            one.elapsed()
        );
    }
    eprintln!("{target}: {} inputs in {:?}", files.len(), start.elapsed());
}

#[test]
fn import_parse_corpus() {
    replay("import_parse", bantin::harness::import_parse);
}

#[test]
fn content_file_corpus() {
    replay("content_file", bantin::harness::content_file);
}

#[test]
fn site_yaml_corpus() {
    replay("site_yaml", bantin::harness::site_yaml);
}
