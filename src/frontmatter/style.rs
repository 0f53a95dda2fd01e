//! How a text looks as a YAML scalar: what the writer writes plain or quoted, and what the
//! direct reader may read as it stands.

#[derive(Debug, PartialEq)]
pub(super) enum Style {
    Plain,
    SingleQuoted,
    /// Double quotes with escapes, a text serde_yaml reads as another type, or an edge case
    /// left to serde_yaml itself.
    AskSerdeYaml,
}

/// How serde_yaml writes `v` in block context. serde_yaml single-quotes texts that would read
/// back as null, a bool or a number, and otherwise lets libyaml choose: plain unless its
/// `analyze_scalar` finds an indicator (a first character among `#,[]{}&*!|>'"%@` and the
/// backquote, `: `, ` #`), a space at either end or a line break; then single quotes, unless a
/// character is not printable for it (tabs, controls, U+FEFF, emoji) and it double-quotes.
/// Cases this does not settle exactly go to serde_yaml: a first character that is a digit, a
/// sign, `.`, `~`, `?` or `:`, a final `:`, the null/bool spellings, anything not printable.
/// Test `front_matter_yaml_is_serde_yamls` compares with serde_yaml on ~2,400 tricky texts.
pub(super) fn style(v: &str) -> Style {
    let b = v.as_bytes();
    let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
        return Style::AskSerdeYaml;
    };
    if first.is_ascii_digit()
        || b"-+.~?:".contains(&first)
        || last == b':'
        || matches!(
            v,
            "null" | "Null" | "NULL" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
        )
        || !(if v.is_ascii() {
            b.iter().all(|&x| (0x20..0x7f).contains(&x))
        } else {
            v.chars().all(yaml_printable)
        })
    {
        return Style::AskSerdeYaml;
    }
    let indicator = b"#,[]{}&*!|>'\"%@`".contains(&first)
        || first == b' '
        || last == b' '
        || memchr::memmem::find(b, b": ").is_some()
        || memchr::memmem::find(b, b" #").is_some();
    if indicator {
        Style::SingleQuoted
    } else {
        Style::Plain
    }
}

/// libyaml's printable characters (U+0020–U+007E, U+00A0–U+D7FF, U+E000–U+FFFD but U+FEFF),
/// less its line breaks (U+2028, U+2029): the characters it writes as they are inside plain
/// and single-quoted scalars. Anything else (tabs, controls, emoji) makes it double-quote.
pub(super) fn yaml_printable(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}')
        && !matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}')
}
