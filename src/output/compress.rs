//! `compress: true`: a `.gz` and a `.br` beside every HTML, CSS, JS, XML and JSON file, so nginx
//! (`gzip_static`, `brotli_static`) and hosts that serve pre-compressed files send them without
//! compressing on each request. Gzip at its best level, Brotli at a quality chosen per kind
//! of file (see below); deterministic: no file name and no time in the gzip header, so two builds stay
//! byte-identical.

use std::io::Write as _;

use anyhow::Context as _;
use rayon::prelude::*;

use super::Body;

/// The extensions that get compressed siblings.
const COMPRESSIBLE: &[&str] = &[".html", ".css", ".js", ".xml", ".json"];

/// The compressed siblings' suffixes.
pub const SUFFIXES: [&str; 2] = [".gz", ".br"];

/// Whether the output file `path` gets a `.gz` and a `.br`.
pub fn is_compressible(path: &str) -> bool {
    COMPRESSIBLE.iter().any(|ext| path.ends_with(ext))
}

/// Gzip (RFC 1952) at the best level, with an empty header: no name, no time.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::GzBuilder::new().mtime(0).write(
        Vec::with_capacity(bytes.len() / 3 + 64),
        flate2::Compression::best(),
    );
    // Writing to a Vec cannot fail.
    let _ = enc.write_all(bytes);
    enc.finish().unwrap_or_default()
}

/// Brotli quality for stylesheets and scripts: few, small, fetched by every reader and cached
/// for long, so the slowest and smallest.
const BROTLI_ASSETS: i32 = 11;
/// Brotli quality for pages, feeds and the search index: there are many, and quality 11 runs
/// at well under 1 MB/s a core (measured on the generated corpus: quality 6 is about four times
/// the time of gzip -9, quality 11 about a hundred times, for 13% less).
const BROTLI_PAGES: i32 = 6;

/// Brotli (RFC 7932); `path` picks the quality.
pub fn brotli(path: &str, bytes: &[u8]) -> Vec<u8> {
    let quality = if path.ends_with(".css") || path.ends_with(".js") {
        BROTLI_ASSETS
    } else {
        BROTLI_PAGES
    };
    let params = brotli::enc::BrotliEncoderParams {
        quality,
        lgwin: 22,
        size_hint: bytes.len(),
        ..Default::default()
    };
    let mut out = Vec::with_capacity(bytes.len() / 4 + 64);
    let mut input = bytes;
    // Reading from a slice and writing to a Vec cannot fail.
    let _ = brotli::BrotliCompress(&mut input, &mut out, &params);
    out
}

/// The compressed siblings of one file: `(path.gz, bytes)`, `(path.br, bytes)`.
pub fn siblings(path: &str, bytes: &[u8]) -> [(String, Vec<u8>); 2] {
    [
        (format!("{path}.gz"), gzip(bytes)),
        (format!("{path}.br"), brotli(path, bytes)),
    ]
}

/// The compressed siblings of one output file; a file copied from disk is read (an unreadable
/// one is an error naming it).
pub fn siblings_of(path: &str, body: &Body) -> anyhow::Result<[(String, Vec<u8>); 2]> {
    match body {
        Body::Bytes(b) => Ok(siblings(path, b)),
        Body::Copy(from) => {
            let b =
                std::fs::read(from).with_context(|| format!("cannot read {}", from.display()))?;
            Ok(siblings(path, &b))
        }
    }
}

/// The compressed siblings of every compressible file among `files`, made in parallel. Files
/// copied from disk are read; an unreadable one is an error naming it.
pub fn all<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a Body)>,
) -> anyhow::Result<Vec<(String, Body)>> {
    let todo: Vec<(&str, &Body)> = files
        .into_iter()
        .filter(|(path, _)| is_compressible(path))
        .collect();
    let made: Vec<[(String, Vec<u8>); 2]> = todo
        .par_iter()
        .map(|(path, body)| siblings_of(path, body))
        .collect::<anyhow::Result<_>>()?;
    Ok(made
        .into_iter()
        .flatten()
        .map(|(p, b)| (p, Body::Bytes(b)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

    #[test]
    fn round_trips_and_is_deterministic() {
        let text = "<!doctype html><p>Xin chào, thế giới</p>".repeat(50);
        let gz = gzip(text.as_bytes());
        assert_eq!(gz, gzip(text.as_bytes()));
        assert_eq!(&gz[4..8], &[0, 0, 0, 0], "no time in the header");
        assert_eq!(gz[3] & 0x08, 0, "no file name in the header");
        let mut back = String::new();
        flate2::read::GzDecoder::new(gz.as_slice())
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, text);

        let br = brotli("a.html", text.as_bytes());
        assert_eq!(br, brotli("a.html", text.as_bytes()));
        assert!(br.len() < text.len() / 5);
        let mut back = Vec::new();
        brotli::Decompressor::new(br.as_slice(), 4096)
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, text.as_bytes());
        assert!(is_compressible("a/index.html") && is_compressible("feed.json"));
        assert!(!is_compressible("a.png") && !is_compressible("robots.txt"));
    }
}
