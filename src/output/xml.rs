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

/// Append `s` escaped for element content and (double- or single-quoted) attribute values.
pub fn escape_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if allowed(c) => out.push(c),
            _ => {}
        }
    }
}

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    escape_into(s, &mut out);
    out
}

/// `s` as CDATA: any `]]>` inside is split over two sections, forbidden characters dropped.
pub fn cdata(s: &str) -> String {
    let clean: String = s.chars().filter(|&c| allowed(c)).collect();
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
    }
}
