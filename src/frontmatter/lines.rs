//! Where a key or a value sits in a content file's front matter, for messages with a line.

/// 1-based line of the first top-level front matter key `key:` in a content file.
pub fn key_line(text: &str, key: &str) -> Option<usize> {
    front_matter_lines(text)
        .find(|(_, l)| {
            l.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map(|(n, _)| n)
}

/// The front matter's lines with their 1-based line numbers (the opening `---` is line 1).
pub fn front_matter_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let yaml = super::split(text).map_or("", |(y, _, _)| y);
    yaml.lines().enumerate().map(|(i, l)| (i + 2, l))
}

/// 1-based line of the front matter line holding the scalar `needle` (as a whole list item
/// first, then anywhere), else of `key:`.
pub fn line_with(text: &str, needle: &str, key: &str) -> Option<usize> {
    let whole = |l: &str| {
        let t = l.trim().trim_start_matches('-').trim();
        t == needle || t.trim_matches(['"', '\'']) == needle
    };
    let after_key = key_line(text, key).unwrap_or(0);
    front_matter_lines(text)
        .skip_while(|(n, _)| *n < after_key)
        .find(|(_, l)| whole(l))
        .or_else(|| {
            front_matter_lines(text)
                .skip_while(|(n, _)| *n < after_key)
                .find(|(_, l)| l.contains(needle))
        })
        .map(|(n, _)| n)
        .or_else(|| key_line(text, key))
}
