//! Minification: minify-html for pages, lightningcss for stylesheets.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex, RwLock};

use lightningcss::stylesheet::{MinifyOptions, ParserOptions, PrinterOptions, StyleSheet};
use lightningcss::targets::{Browsers, Targets};

use crate::error::Located;

/// minify-html settings that keep the output valid HTML (the Nu checker must pass).
pub fn html_cfg() -> minify_html::Cfg {
    minify_html::Cfg {
        minify_css: true,
        minify_js: true,
        keep_closing_tags: false,
        minify_doctype: false,
        allow_noncompliant_unquoted_attribute_values: false,
        allow_optimal_entities: false,
        allow_removing_spaces_between_attributes: false,
        ..minify_html::Cfg::default()
    }
}

pub fn html(bytes: &[u8], cfg: &minify_html::Cfg) -> Vec<u8> {
    minify_html::minify(bytes, cfg)
}

/// Where a theme says a page may be minified in separate pieces: between two complete
/// elements whose surrounding whitespace does not matter (children of `<head>` or `<body>`),
/// never where the next piece would start by closing an element an earlier one opened (see
/// the README's Themes section). Removed from every page, minified or not.
pub const PIECE: &str = "<!--bantin:piece-->";

/// Repeated pieces and their minified bytes.
type Minified = HashMap<Box<[u8]>, Arc<[u8]>>;

/// Pages of one build, minified (or not) as they are rendered.
///
/// A page whose template marks pieces with [`PIECE`] is minified piece by piece, and a piece
/// seen before in this build (the masthead of a section, the footer) is minified only once:
/// HTML minification is most of a build's CPU, and the shared chrome is the densest markup of a
/// page. Only repeated pieces are kept. The result is byte for byte what minifying the whole
/// page gives (tested on the default theme's pages).
pub struct Pages {
    minify: bool,
    cfg: minify_html::Cfg,
    marker: memchr::memmem::Finder<'static>,
    seen: Mutex<HashSet<u64>>,
    repeated: RwLock<Minified>,
}

impl Pages {
    pub fn new(minify: bool) -> Pages {
        Pages {
            minify,
            cfg: html_cfg(),
            marker: memchr::memmem::Finder::new(PIECE.as_bytes()),
            seen: Mutex::default(),
            repeated: RwLock::default(),
        }
    }

    /// One rendered page, ready to write.
    pub fn finish(&self, page: Vec<u8>) -> Vec<u8> {
        let (finder, len) = (&self.marker, PIECE.len());
        if finder.find(&page).is_none() {
            return if self.minify {
                html(&page, &self.cfg)
            } else {
                page
            };
        }
        let mut out = Vec::with_capacity(page.len());
        let mut rest = &page[..];
        loop {
            let (piece, next) = match finder.find(rest) {
                Some(i) => (&rest[..i], Some(&rest[i + len..])),
                None => (rest, None),
            };
            if self.minify {
                self.piece(piece.trim_ascii(), &mut out);
            } else {
                // The marker's own line goes with it.
                out.extend_from_slice(piece);
            }
            match next {
                Some(n) if !self.minify && n.first() == Some(&b'\n') => rest = &n[1..],
                Some(n) => rest = n,
                None => break,
            }
        }
        out
    }

    fn piece(&self, piece: &[u8], out: &mut Vec<u8>) {
        if let Some(m) = self
            .repeated
            .read()
            .ok()
            .and_then(|r| r.get(piece).cloned())
        {
            out.extend_from_slice(&m);
            return;
        }
        let min = html(piece, &self.cfg);
        let hash = {
            let mut h = std::hash::DefaultHasher::new();
            piece.hash(&mut h);
            h.finish()
        };
        let again = self.seen.lock().is_ok_and(|mut s| !s.insert(hash));
        if again {
            if let Ok(mut r) = self.repeated.write() {
                r.insert(piece.into(), min.as_slice().into());
            }
        }
        out.extend_from_slice(&min);
    }
}

/// Browser targets from site.yaml's `browsers` (browserslist queries).
pub fn targets(queries: &[String], site_yaml: &std::path::Path) -> Result<Targets, Located> {
    let browsers = Browsers::from_browserslist(queries.iter()).map_err(|e| {
        Located::new(
            site_yaml,
            None,
            format!("browsers: {e} (expected browserslist queries such as \"defaults\" or \"> 0.5%, last 2 versions\")"),
        )
    })?;
    Ok(Targets::from(browsers))
}

/// Parse, lower for `targets` and (when `minify`) minify a stylesheet. `name` names it in errors.
pub fn css(source: &str, name: &str, targets: Targets, minify: bool) -> Result<String, Located> {
    let err = |line: Option<usize>, msg: String| Located::new(name, line, format!("CSS: {msg}"));
    let mut sheet = StyleSheet::parse(
        source,
        ParserOptions {
            filename: name.to_string(),
            ..ParserOptions::default()
        },
    )
    .map_err(|e| {
        err(
            e.loc.as_ref().map(|l| l.line as usize + 1),
            e.kind.to_string(),
        )
    })?;
    sheet
        .minify(MinifyOptions {
            targets,
            ..MinifyOptions::default()
        })
        .map_err(|e| {
            err(
                e.loc.as_ref().map(|l| l.line as usize + 1),
                e.kind.to_string(),
            )
        })?;
    let out = sheet
        .to_css(PrinterOptions {
            minify,
            targets,
            ..PrinterOptions::default()
        })
        .map_err(|e| {
            err(
                e.loc.as_ref().map(|l| l.line as usize + 1),
                e.kind.to_string(),
            )
        })?;
    Ok(out.code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minifies_css() {
        let t = targets(&["defaults".into()], std::path::Path::new("site.yaml")).unwrap();
        let out = css(
            "a {  color : #ff0000 ; }\n\n b { margin: 0px 0px; }",
            "x.css",
            t,
            true,
        )
        .unwrap();
        assert_eq!(out, "a{color:red}b{margin:0}");
    }

    #[test]
    fn css_error_names_file_and_line() {
        let t = Targets::default();
        let e = css("a { color: red }\n}}} @media ( {", "style.css", t, true);
        if let Err(e) = e {
            assert!(e.to_string().starts_with("style.css"), "{e}");
        }
    }

    #[test]
    fn minifies_html_and_keeps_it_valid() {
        let out = html("<!doctype html>\n<html lang=\"vi\">\n<head><title>A</title></head>\n<body>\n  <p>Xin   chào</p>\n</body></html>".as_bytes(), &html_cfg());
        let s = String::from_utf8(out).unwrap();
        assert!(s.starts_with("<!doctype html>"), "{s}");
        assert!(s.contains("<html lang=vi>"), "{s}");
        assert!(s.contains("Xin chào"), "{s}");
    }
}
