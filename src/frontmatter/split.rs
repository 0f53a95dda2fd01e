//! Finding the front matter: the YAML between the `---` fences at the top of a file.

/// Split a content file into its front matter text and its body.
/// Returns `(yaml, body, body_start_line)`; `None` when the file does not start with `---`.
pub fn split(text: &str) -> Option<(&str, &str, usize)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let body_line = 2 + yaml.matches('\n').count() + 1;
            return Some((yaml, body, body_line));
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_reports_body_line() {
        let (yaml, body, line) = split("---\ntitle: A\ndate: x\n---\nBody\n").unwrap();
        assert_eq!(yaml, "title: A\ndate: x\n");
        assert_eq!(body, "Body\n");
        assert_eq!(line, 5);
        assert!(split("no front matter").is_none());
        assert!(split("---\ntitle: unterminated\n").is_none());
    }
}
