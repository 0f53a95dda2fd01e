//! `site.yaml` → [`Config`]: defaults, validation, errors with file and line.

use std::path::Path;

use chrono::FixedOffset;
use serde::{Deserialize, Serialize};

use crate::error::{ConfigError, Located};
use crate::slug::slugify;

/// A base URL that is not an absolute `http://` or `https://` URL. Its message follows the name
/// of where the URL was given (`base_url`, `--base-url`), which wraps it with file and line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{0}\" must be an absolute http:// or https:// URL")]
pub struct BadBaseUrl(pub String);

/// The whole of site.yaml. Every key is optional; see the README's configuration reference.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub title: String,
    pub description: String,
    /// Absolute URL the site is served from, e.g. `https://example.com/` or
    /// `https://user.github.io/tin/`.
    pub base_url: String,
    /// UI language of the theme: `vi` or `en`.
    pub language: String,
    /// Offset used for dates without one, e.g. `+07:00`.
    pub timezone: String,
    /// Folder under themes/ to use.
    pub theme: String,
    /// Articles per category/tag page.
    pub paginate: usize,
    /// Minify HTML and CSS (turned off by `--no-minify`).
    pub minify: bool,
    /// Write CSS and JS under content-hashed names (`css/style.3f2a9c1e.css`) and link those, so
    /// hosts can cache them forever. `bantin serve` turns it off (live stylesheet swaps).
    pub fingerprint: bool,
    /// Write `.gz` and `.br` beside every HTML, CSS, JS, XML and JSON file.
    pub compress: bool,
    /// Browserslist queries for CSS output, e.g. `["> 0.5%", "last 2 versions"]`.
    pub browsers: Vec<String>,
    /// Categories in navigation order.
    pub categories: Vec<Category>,
    /// Category for imported articles no keyword matched.
    pub default_category: String,
    pub import: ImportConfig,
    pub feeds: FeedsConfig,
    /// What the home page lists.
    pub home: HomeConfig,
    /// What the not-found page lists.
    pub not_found: NotFoundConfig,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Bản tin".into(),
            description: String::new(),
            base_url: "http://localhost:1111/".into(),
            language: "vi".into(),
            timezone: "+07:00".into(),
            theme: "default".into(),
            paginate: 20,
            minify: true,
            fingerprint: true,
            compress: false,
            browsers: vec!["defaults".into()],
            categories: Vec::new(),
            default_category: "Tin tức".into(),
            import: ImportConfig::default(),
            feeds: FeedsConfig::default(),
            home: HomeConfig::default(),
            not_found: NotFoundConfig::default(),
        }
    }
}

/// `home:` in site.yaml.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HomeConfig {
    /// Stories listed under the lead story (the newest).
    pub latest: usize,
    /// Stories in each category's section (the lead story is not repeated there).
    pub per_section: usize,
}

impl Default for HomeConfig {
    fn default() -> Self {
        HomeConfig {
            latest: 12,
            per_section: 4,
        }
    }
}

/// `not_found:` in site.yaml.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NotFoundConfig {
    /// Newest stories suggested on the not-found page.
    pub latest: usize,
}

impl Default for NotFoundConfig {
    fn default() -> Self {
        NotFoundConfig { latest: 5 }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub name: String,
    /// Defaults to the transliterated name (`Khoa học - Công nghệ` → `khoa-hoc-cong-nghe`).
    #[serde(default)]
    pub slug: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// Words that put an imported article into this category (matched in the title and lead,
    /// ignoring case and tones).
    #[serde(default)]
    pub keywords: Vec<String>,
}

impl Category {
    pub fn slug(&self) -> String {
        match &self.slug {
            Some(s) if !s.is_empty() => s.clone(),
            _ => slugify(&self.name),
        }
    }
}

/// Page-chrome markers the importer recognises, added to the built-in Vietnamese and English ones.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ImportConfig {
    /// Headings that introduce related stories ("Tin cùng chuyên mục").
    pub related_headings: Vec<String>,
    /// Lines that start the footer; everything from them on is dropped.
    pub footer_markers: Vec<String>,
    /// Single lines of chrome dropped wherever they appear ("Chia sẻ", "In bài").
    pub drop_lines: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FeedsConfig {
    pub limit: usize,
    pub tags: bool,
}

impl Default for FeedsConfig {
    fn default() -> Self {
        FeedsConfig {
            limit: 50,
            tags: false,
        }
    }
}

impl Config {
    /// Parse site.yaml text; `path` is only used in error messages.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let err = |line, msg: String| ConfigError(Located::new(path, line, msg));
        if let Err(e) = crate::frontmatter::check_nesting(text) {
            return Err(err(Some(e.line), e.to_string()));
        }
        let cfg: Config = if text.trim().is_empty() {
            Config::default()
        } else {
            serde_yaml::from_str(text).map_err(|e| {
                let line = e.location().map(|l| l.line());
                err(
                    line,
                    format!("{e} (see the configuration reference in README.md)"),
                )
            })?
        };
        let line_of_key = |key: &str| {
            text.lines()
                .position(|l| l.starts_with(&format!("{key}:")))
                .map(|i| i + 1)
        };
        if cfg.timezone_offset().is_none() {
            return Err(err(
                line_of_key("timezone"),
                format!(
                    "timezone \"{}\" is not an offset (expected e.g. +07:00 or Z)",
                    cfg.timezone
                ),
            ));
        }
        if let Err(why) = Config::check_base_url(&cfg.base_url) {
            return Err(err(line_of_key("base_url"), format!("base_url {why}")));
        }
        if cfg.paginate == 0 {
            return Err(err(
                line_of_key("paginate"),
                "paginate must be at least 1".into(),
            ));
        }
        if !matches!(cfg.language.as_str(), "vi" | "en") {
            return Err(err(
                line_of_key("language"),
                format!(
                    "language \"{}\" is not supported (use vi or en)",
                    cfg.language
                ),
            ));
        }
        let mut seen = std::collections::BTreeMap::new();
        for c in &cfg.categories {
            let slug = c.slug();
            if slug.is_empty() || !crate::slug::is_valid(&slug) {
                return Err(err(
                    line_of_key("categories"),
                    format!(
                        "category \"{}\" has no usable slug (give it a slug: of a-z, 0-9 and -)",
                        c.name
                    ),
                ));
            }
            if let Some(other) = seen.insert(slug.clone(), c.name.clone()) {
                return Err(err(
                    line_of_key("categories"),
                    format!(
                        "categories \"{other}\" and \"{}\" share the slug \"{slug}\"",
                        c.name
                    ),
                ));
            }
        }
        Ok(cfg)
    }

    /// Whether `url` can be the site's base URL (site.yaml's `base_url`, `--base-url`); the
    /// error says why not, to follow the name of where it was given.
    pub fn check_base_url(url: &str) -> Result<(), BadBaseUrl> {
        if url.starts_with("http://") || url.starts_with("https://") {
            Ok(())
        } else {
            Err(BadBaseUrl(url.to_string()))
        }
    }

    /// Use `url` as the base URL (checked as site.yaml's `base_url` is), for a command-line
    /// override.
    pub fn set_base_url(&mut self, url: &str) -> Result<(), BadBaseUrl> {
        Config::check_base_url(url)?;
        self.base_url = url.to_string();
        Ok(())
    }

    /// Read `ROOT/site.yaml`; a missing file gives the defaults. Errors name it `site.yaml`,
    /// from the site root as every file of the site.
    pub fn load(root: &Path) -> Result<Config, ConfigError> {
        let shown = Path::new("site.yaml");
        match std::fs::read_to_string(root.join(shown)) {
            Ok(text) => Config::parse(&text, shown),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(ConfigError(Located::new(
                shown,
                None,
                format!("cannot read: {e}"),
            ))),
        }
    }

    pub fn timezone_offset(&self) -> Option<FixedOffset> {
        parse_offset(&self.timezone)
    }

    /// The timezone, valid after `parse`.
    pub fn tz(&self) -> FixedOffset {
        self.timezone_offset()
            .unwrap_or_else(|| FixedOffset::east_opt(7 * 3600).expect("7h is a valid offset"))
    }

    /// The site.yaml category with this name (compared ignoring case and tones).
    pub fn category(&self, name: &str) -> Option<&Category> {
        let key = crate::text::fold(name);
        self.categories
            .iter()
            .find(|c| crate::text::fold(&c.name) == key)
    }

    /// The base URL, always ending in `/`.
    pub fn base(&self) -> String {
        let mut b = self.base_url.clone();
        if !b.ends_with('/') {
            b.push('/');
        }
        b
    }

    /// The path part of the base URL (`/` or `/tin/`).
    pub fn base_path(&self) -> String {
        let b = self.base();
        let after_scheme = b.split_once("://").map(|x| x.1).unwrap_or(&b);
        match after_scheme.find('/') {
            Some(i) => after_scheme[i..].to_string(),
            None => "/".into(),
        }
    }
}

/// `+07:00`, `-05:30`, `+0700`, `Z`, `UTC`.
pub fn parse_offset(s: &str) -> Option<FixedOffset> {
    let s = s.trim();
    if s.eq_ignore_ascii_case("z") || s.eq_ignore_ascii_case("utc") {
        return FixedOffset::east_opt(0);
    }
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let h: i32 = digits[..2].parse().ok()?;
    let m: i32 = digits[2..].parse().ok()?;
    if h > 14 || m > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_config_is_the_default() {
        let c = Config::parse("", Path::new("site.yaml")).unwrap();
        assert_eq!(c.paginate, 20);
        assert_eq!(c.tz().local_minus_utc(), 7 * 3600);
    }

    #[test]
    fn unknown_key_names_file_and_line() {
        let e = Config::parse("title: x\npaginte: 3\n", Path::new("site.yaml")).unwrap_err();
        let msg = e.to_string();
        assert!(msg.starts_with("site.yaml:2:"), "{msg}");
        assert!(msg.contains("paginte"), "{msg}");
    }

    #[test]
    fn bad_timezone_names_its_line() {
        let e = Config::parse("title: x\ntimezone: Hanoi\n", Path::new("s.yaml")).unwrap_err();
        assert!(e.to_string().starts_with("s.yaml:2: timezone"), "{e}");
    }

    #[test]
    fn category_slug_defaults_to_transliteration() {
        let c = Config::parse(
            "categories:\n  - name: Khoa học - Công nghệ\n    keywords: [AI]\n",
            Path::new("site.yaml"),
        )
        .unwrap();
        assert_eq!(c.categories[0].slug(), "khoa-hoc-cong-nghe");
        assert!(c.category("khoa hoc - cong nghe").is_some());
    }

    #[test]
    fn base_url_is_checked_in_site_yaml_and_when_set() {
        let e =
            Config::parse("title: x\nbase_url: example.com\n", Path::new("site.yaml")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "site.yaml:2: base_url \"example.com\" must be an absolute http:// or https:// URL"
        );
        let mut c = Config::default();
        assert!(c.set_base_url("ftp://example.com/").is_err());
        assert_eq!(c.base_url, Config::default().base_url, "left as it was");
        c.set_base_url("https://example.com/tin").unwrap();
        assert_eq!(c.base_path(), "/tin/");
    }

    #[test]
    fn base_path_of_sub_path_url() {
        let c = Config {
            base_url: "https://u.github.io/tin".into(),
            ..Config::default()
        };
        assert_eq!(c.base(), "https://u.github.io/tin/");
        assert_eq!(c.base_path(), "/tin/");
    }
}
