//! Print what `bantin import` reads from HTML pages, and the extraction throughput:
//! `cargo run --release --example html_extract -- PAGE.html...` (one page: its Story; several:
//! MB/s over all of them, parse and extract only, no files written).
use std::time::Instant;

use bantin::import::{html, Markers};

fn main() {
    let pages: Vec<String> = std::env::args().skip(1).collect();
    let markers = Markers::builtin();
    let (mut bytes, mut failed) = (0usize, 0usize);
    let start = Instant::now();
    for p in &pages {
        let raw = match std::fs::read(p) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("{p}: {e}");
                failed += 1;
                continue;
            }
        };
        bytes += raw.len();
        let text = String::from_utf8_lossy(&raw);
        match html::extract(&text, &markers) {
            Ok(story) if pages.len() == 1 => println!("{story:#?}"),
            Ok(_) => {}
            Err(e) => {
                failed += 1;
                if pages.len() == 1 {
                    println!("{p}: {e}");
                }
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    if pages.len() > 1 {
        println!(
            "{} pages, {:.1} MB in {secs:.2} s: {:.1} MB/s ({failed} refused)",
            pages.len(),
            bytes as f64 / 1e6,
            bytes as f64 / 1e6 / secs
        );
    }
}
