//! Minification: minify-html for pages, lightningcss for stylesheets.

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
