//! Just enough XML writing for feeds and sitemaps: escaped text and attributes, CDATA, and a
//! small element builder. Hand-written rather than a writer crate: the documents are flat, the
//! rules are three (escape `& < > " '`, drop characters XML 1.0 forbids, split `]]>` in CDATA),
//! and the tests parse every document back with a real XML parser.

/// Characters XML 1.0 allows; anything else (NUL, other C0 controls, U+FFFE/FFFF, lone
/// surrogates cannot occur in a `str`) is dropped rather than producing a broken document.
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r')
        || ('\u{20}'..='\u{D7FF}').contains(&c)
        || ('\u{E000}'..='\u{FFFD}').contains(&c)
        || c >= '\u{10000}'
}

/// Bytes that start something [`escape_into`] or [`cdata`] must look at: markup characters,
/// C0 controls, and 0xEF, the lead byte of U+FFFE/U+FFFF. All are ASCII or a lead byte, so they
/// sit on character boundaries; the runs between them are copied whole (feeds carry every
/// article body several times, and this was char by char).
fn special(b: u8, markup: bool) -> bool {
    (markup && matches!(b, b'&' | b'<' | b'>' | b'"' | b'\''))
        || b == 0xEF
        || (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r'))
}

/// `s` in runs: plain text to `out` as is, each special character through `one`.
fn by_runs(s: &str, markup: bool, out: &mut String, one: impl Fn(char, &mut String)) {
    out.reserve(s.len());
    let mut rest = s;
    while let Some(i) = rest.bytes().position(|b| special(b, markup)) {
        out.push_str(&rest[..i]);
        let Some(c) = rest[i..].chars().next() else {
            break;
        };
        one(c, out);
        rest = &rest[i + c.len_utf8()..];
    }
    out.push_str(rest);
}

/// Append `s` escaped for element content and (double- or single-quoted) attribute values.
pub fn escape_into(s: &str, out: &mut String) {
    by_runs(s, true, out, |c, out| match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '"' => out.push_str("&quot;"),
        '\'' => out.push_str("&apos;"),
        c if allowed(c) => out.push(c),
        _ => {}
    });
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_into(s, &mut out);
    out
}

/// `s` as CDATA: any `]]>` inside is split over two sections, forbidden characters dropped.
pub fn cdata(s: &str) -> String {
    let mut clean = String::new();
    by_runs(s, false, &mut clean, |c, out| {
        if allowed(c) {
            out.push(c)
        }
    });
    format!("<![CDATA[{}]]>", clean.replace("]]>", "]]]]><![CDATA[>"))
}

/// A document under construction.
pub struct Doc {
    pub buf: String,
}

impl Doc {
    pub fn new() -> Doc {
        Doc {
            buf: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
        }
    }

    /// `<name a="v" ...>`; with `close`, `<name ... />`.
    fn tag(&mut self, name: &str, attrs: &[(&str, &str)], close: bool) {
        self.buf.push('<');
        self.buf.push_str(name);
        for (k, v) in attrs {
            self.buf.push(' ');
            self.buf.push_str(k);
            self.buf.push_str("=\"");
            escape_into(v, &mut self.buf);
            self.buf.push('"');
        }
        self.buf.push_str(if close { "/>" } else { ">" });
    }

    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.tag(name, attrs, false);
        self.buf.push('\n');
    }

    pub fn close(&mut self, name: &str) {
        self.buf.push_str("</");
        self.buf.push_str(name);
        self.buf.push_str(">\n");
    }

    /// `<name attrs/>`
    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.tag(name, attrs, true);
        self.buf.push('\n');
    }

    /// `<name attrs>text</name>` with `text` escaped.
    pub fn text(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.tag(name, attrs, false);
        escape_into(text, &mut self.buf);
        self.buf.push_str("</");
        self.buf.push_str(name);
        self.buf.push_str(">\n");
    }

    /// `<name><![CDATA[...]]></name>`
    pub fn cdata(&mut self, name: &str, text: &str) {
        self.tag(name, &[], false);
        self.buf.push_str(&cdata(text));
        self.buf.push_str("</");
        self.buf.push_str(name);
        self.buf.push_str(">\n");
    }

    pub fn finish(self) -> Vec<u8> {
        self.buf.into_bytes()
    }
}

impl Default for Doc {
    fn default() -> Self {
        Doc::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_forbidden_characters() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>\u{0}\u{1b}\u{fffe}ok"),
            "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;ok"
        );
    }

    #[test]
    fn cdata_splits_its_terminator() {
        assert_eq!(cdata("a]]>b"), "<![CDATA[a]]]]><![CDATA[>b]]>");
        assert_eq!(cdata("plain"), "<![CDATA[plain]]>");
        assert_eq!(
            cdata("Lào\u{1}Cai\u{ffff}\u{fffd}"),
            "<![CDATA[LàoCai\u{fffd}]]>"
        );
    }

    #[test]
    fn runs_of_text_and_specials_in_any_order() {
        // Vietnamese text, emoji, the last allowed BMP characters and U+F000 (lead byte 0xEF,
        // allowed) around every special, at the start, middle and end.
        let s = "&Đà Nẵng\u{f000}<\u{1}>\u{fffd}\u{fffe}'😀\"\u{ffff}\tế\u{0}";
        let want: String = s
            .chars()
            .filter(|&c| allowed(c))
            .map(|c| match c {
                '&' => "&amp;".to_string(),
                '<' => "&lt;".to_string(),
                '>' => "&gt;".to_string(),
                '"' => "&quot;".to_string(),
                '\'' => "&apos;".to_string(),
                c => c.to_string(),
            })
            .collect();
        assert_eq!(escape(s), want);
        assert_eq!(escape(""), "");
    }
}
