//! The nesting check run on YAML before any parser sees it.

/// Deepest `[`/`{` nesting accepted in YAML. serde_yaml stops at 128 levels too, but only
/// after libyaml has scanned the whole nest, which takes time quadratic in its depth (100,000
/// levels: minutes); this check is linear and runs first.
pub const MAX_NESTING: usize = 128;

/// YAML nested past [`MAX_NESTING`], at `line` (1-based, within the YAML checked).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("nested more than {MAX_NESTING} levels deep; flatten it")]
pub struct TooDeep {
    pub line: usize,
}

/// Refuse YAML whose flow collections nest deeper than [`MAX_NESTING`], with the line where the
/// limit is passed. Quoted scalars and comments are skipped, and so are brackets inside a plain
/// scalar (`summary: a[[b`): a bracket opens a collection only inside another one, or where a
/// value starts (after `: `, `- `, `? ` or at the start of a line). The importer writes summaries with any number of brackets in them, and the
/// build must read what it writes (a fuzz finding).
pub fn check_nesting(yaml: &str) -> Result<(), TooDeep> {
    let mut depth = 0usize;
    let mut line = 1;
    let mut quote: Option<char> = None;
    let mut prev = '\n';
    // The last character before `prev`'s run of spaces: what a value would start after.
    let mut sig = '\n';
    // Only indentation and `- `/`? ` indicators so far on this line: a `-` or `?` there starts
    // an entry; anywhere else it is text (`a - [b` is one plain scalar).
    let mut entry_start = true;
    let mut chars = yaml.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\n' {
            line += 1;
        }
        match quote {
            Some('"') => match c {
                '\\' => {
                    chars.next();
                }
                '"' => quote = None,
                _ => {}
            },
            Some(_) => {
                if c == '\'' {
                    if chars.peek() == Some(&'\'') {
                        chars.next();
                    } else {
                        quote = None;
                    }
                }
            }
            None => match c {
                '"' | '\'' if prev.is_whitespace() || "[{,:-".contains(prev) => quote = Some(c),
                '#' if prev.is_whitespace() => {
                    for c in chars.by_ref() {
                        if c == '\n' {
                            line += 1;
                            break;
                        }
                    }
                    prev = '\n';
                    sig = '\n';
                    entry_start = true;
                    continue;
                }
                '[' | '{'
                    if depth > 0
                        || prev == '\n'
                        || (prev == ' ' || prev == '\t')
                            && (sig == ':' || sig == '\n' || entry_start && "-?".contains(sig)) =>
                {
                    depth += 1;
                    if depth > MAX_NESTING {
                        return Err(TooDeep { line });
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            },
        }
        if c == '\n' {
            entry_start = true;
        } else if !matches!(c, ' ' | '\t' | '-' | '?') {
            entry_start = false;
        }
        if c != ' ' && c != '\t' {
            sig = c;
        }
        prev = c;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let deep = format!("x: {}{}", "[".repeat(200), "]".repeat(200));
        assert_eq!(check_nesting(&deep).unwrap_err().line, 1);
        let deep = format!("a: 1\nx:\n  {}", "{a: ".repeat(200));
        assert_eq!(check_nesting(&deep).unwrap_err().line, 3);
        let ok = format!(
            "t: \"{0}\"\nu: '{0}'\nv: a [b # {0}\nw: [[1], {{a: [2]}}]\n",
            "[".repeat(500)
        );
        assert!(check_nesting(&ok).is_ok());
        assert!(check_nesting(&format!("x: {}", "[".repeat(MAX_NESTING))).is_ok());
        // Brackets inside plain text are text: the importer writes such summaries.
        let plain = format!(
            "summary: a{0}\nrelated:\n- title: b {0}\n  group: c-{0}\n",
            "[".repeat(300)
        );
        assert!(check_nesting(&plain).is_ok());
        let plain = format!("title: a - {0}\nsummary: b ? {0}\n", "[".repeat(300));
        assert!(check_nesting(&plain).is_ok());
        let deep = format!("tags:\n  - - {}", "[".repeat(200));
        assert_eq!(check_nesting(&deep).unwrap_err().line, 2);
        let deep = format!("tags:\n- {}", "[".repeat(200));
        assert_eq!(check_nesting(&deep).unwrap_err().line, 2);
        let deep = format!("? {}", "{".repeat(200));
        assert!(check_nesting(&deep).is_err());
    }
}
