//! `bantin check`: what a build would stumble on, and likely mistakes a build accepts silently,
//! reported with file and line, without writing anything.
//!
//! It loads the site exactly as `build` does (`content::load`, keeping the texts for line
//! lookups, then `Site` and `output::produce` in memory) and then looks at the result: dead
//! internal links, missing images, duplicate slugs and URLs, articles without date or summary,
//! related stories whose title nearly matches an article's, front matter keys bantin does not
//! know, and symbolic links under content/ (which no command follows).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use pulldown_cmark::{Event, Options, Parser, Tag};
use serde::Serialize;

use crate::config::Config;
use crate::content;
use crate::content::load::{self, Texts};
use crate::error::{ConfigError, Located};
use crate::frontmatter::{front_matter_lines, key_line, line_with};
use crate::output::{self, Output};
use crate::plan::Plan;
use crate::render::Theme;
use crate::site::{images, Article, LoadOptions, Site};
use crate::text::title_key;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// What kind of problem a finding is (stable names: they are part of the JSON output).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// The file does not load (broken front matter, a bad date, a bad slug, ...).
    Invalid,
    /// A template or theme problem found while rendering.
    Theme,
    DeadLink,
    MissingImage,
    DuplicateSlug,
    DuplicateUrl,
    MissingDate,
    MissingSummary,
    RelatedTypo,
    UnknownField,
    /// A symbolic link under content/: not followed, so what it points at is not built.
    Symlink,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Invalid => "invalid",
            Kind::Theme => "theme",
            Kind::DeadLink => "dead-link",
            Kind::MissingImage => "missing-image",
            Kind::DuplicateSlug => "duplicate-slug",
            Kind::DuplicateUrl => "duplicate-url",
            Kind::MissingDate => "missing-date",
            Kind::MissingSummary => "missing-summary",
            Kind::RelatedTypo => "related-typo",
            Kind::UnknownField => "unknown-field",
            Kind::Symlink => "symlink",
        }
    }
}

/// One problem, where it is and how bad.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Finding {
    pub file: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    pub severity: Severity,
    pub kind: Kind,
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = Located::new(&self.file, self.line, &self.message);
        write!(f, "{}: {at} [{}]", self.severity, self.kind.name())
    }
}

/// The outcome of a check.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Content files read.
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    /// Sorted by file, line, then severity.
    pub findings: Vec<Finding>,
}

impl Report {
    fn new(files: usize, mut findings: Vec<Finding>) -> Report {
        findings.sort_by(|a, b| {
            (&a.file, a.line, a.severity, a.kind, &a.message)
                .cmp(&(&b.file, b.line, b.severity, b.kind, &b.message))
        });
        findings.dedup();
        let errors = findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count();
        Report {
            files,
            errors,
            warnings: findings.len() - errors,
            findings,
        }
    }

    /// The machine form: `{"version":1,"files":…,"errors":…,"warnings":…,"findings":[…]}`,
    /// each finding `{"file","line","severity","kind","message"}` (`line` may be null).
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Versioned<'a> {
            version: u32,
            #[serde(flatten)]
            report: &'a Report,
        }
        serde_json::to_string_pretty(&Versioned {
            version: 1,
            report: self,
        })
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }
}

#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub root: PathBuf,
    pub drafts: bool,
}

/// Every front matter key bantin reads (`extra:` holds anything else).
pub const KNOWN_FIELDS: &[&str] = &[
    "title",
    "date",
    "updated",
    "category",
    "tags",
    "summary",
    "image",
    "source",
    "author",
    "source_url",
    "related",
    "slug",
    "aliases",
    "draft",
    "extra",
];
const IMAGE_FIELDS: &[&str] = &["src", "caption", "alt"];
const RELATED_FIELDS: &[&str] = &["title", "summary", "url", "group"];

/// Check the site at `opts.root`. A broken site.yaml is an `Err` (exit code 2, as for build);
/// everything else is a finding.
pub fn check(opts: &CheckOptions) -> Result<Report, ConfigError> {
    let root = &opts.root;
    let cfg = Config::load(root)?;
    let loaded = load::all(root, &cfg, Texts::Keep).map_err(ConfigError)?;
    let file_count = loaded.files.len();
    let mut findings: Vec<Finding> = loaded
        .warnings()
        .map(|w| finding(w.clone(), Severity::Warning, Kind::Symlink))
        .collect();

    let mut texts: BTreeMap<PathBuf, String> = BTreeMap::new();
    let mut sources = Vec::new();
    for f in loaded.files {
        // Unknown keys are worth reporting even in a file that does not load.
        if let Some(text) = &f.text {
            unknown_fields(text, &f.shown, &mut findings);
        }
        match f.parsed {
            Ok(src) => {
                if let Some(text) = f.text {
                    texts.insert(f.shown, text);
                }
                sources.push(src);
            }
            Err(errors) => {
                for e in errors {
                    let kind = if e.message == content::NO_DATE {
                        Kind::MissingDate
                    } else {
                        Kind::Invalid
                    };
                    findings.push(finding(e, Severity::Error, kind));
                }
            }
        }
    }
    let site = match Site::from_shared_sources(
        root,
        cfg,
        sources.into_iter().map(Arc::new).collect(),
        &LoadOptions {
            drafts: opts.drafts,
        },
        None,
    ) {
        Ok(site) => site,
        Err(many) => {
            findings.extend(
                many.0
                    .into_iter()
                    .map(|e| finding(e, Severity::Error, Kind::Invalid)),
            );
            return Ok(Report::new(file_count, findings));
        }
    };

    // Render in memory (unminified: only the set of files matters) to know every URL.
    let theme = Theme::load(root, &site.config.theme);
    let has_search = theme
        .as_ref()
        .is_ok_and(|t| t.get("templates/search.html").is_some());
    let output = match theme {
        Ok(theme) => match output::produce_lenient(&site, &theme, false) {
            Ok(out) => Some(out),
            Err(output::OutputError::Input(many)) => {
                findings.extend(
                    many.0
                        .into_iter()
                        .map(|e| finding(e, Severity::Error, Kind::Theme)),
                );
                None
            }
            Err(output::OutputError::Io(e)) => {
                findings.push(finding(
                    Located::new(root, None, format!("{e:#}")),
                    Severity::Error,
                    Kind::Theme,
                ));
                None
            }
        },
        Err(e) => {
            findings.push(finding(e, Severity::Error, Kind::Theme));
            None
        }
    };

    let empty = String::new();
    for a in &site.articles {
        let text = texts.get(&a.src.file).unwrap_or(&empty);
        article_findings(&site, a, text, output.as_ref(), &mut findings);
    }
    duplicate_slugs(&site, texts_lines(&texts), &mut findings);
    duplicate_urls(
        &site,
        output.as_ref().map(|o| &o.plan),
        has_search,
        &mut findings,
    );
    related_typos(&site, &texts, &mut findings);
    Ok(Report::new(file_count, findings))
}

fn finding(e: Located, severity: Severity, kind: Kind) -> Finding {
    Finding {
        file: e.file,
        line: e.line,
        severity,
        kind,
        message: e.message,
    }
}

fn at(file: &Path, line: Option<usize>, severity: Severity, kind: Kind, msg: String) -> Finding {
    Finding {
        file: file.to_path_buf(),
        line,
        severity,
        kind,
        message: msg,
    }
}

fn texts_lines(texts: &BTreeMap<PathBuf, String>) -> impl Fn(&Path, &str) -> Option<usize> + '_ {
    move |file: &Path, key: &str| texts.get(file).and_then(|t| key_line(t, key))
}

/// Front matter keys bantin does not read, each with the nearest known key.
fn unknown_fields(text: &str, file: &Path, out: &mut Vec<Finding>) {
    let Some((yaml, _, _)) = crate::frontmatter::split(text) else {
        return;
    };
    let Ok(serde_yaml::Value::Mapping(map)) = serde_yaml::from_str::<serde_yaml::Value>(yaml)
    else {
        return;
    };
    let mut report = |key: &str, known: &[&str], within: &str| {
        let line = front_matter_lines(text)
            .find(|(_, l)| {
                let t = l.trim_start().trim_start_matches(['-', '{', ' ']);
                t.strip_prefix(key)
                    .is_some_and(|r| r.trim_start().starts_with(':'))
                    || l.contains(&format!(", {key}:"))
                    || l.contains(&format!("{{{key}:"))
                    || l.contains(&format!("{{ {key}:"))
            })
            .map(|(n, _)| n);
        let hint = match nearest(key, known) {
            Some(k) => format!("did you mean `{k}`?"),
            None => "put your own fields under `extra:`".into(),
        };
        out.push(at(
            file,
            line,
            Severity::Warning,
            Kind::UnknownField,
            format!("unknown front matter field `{within}{key}` is ignored; {hint}"),
        ));
    };
    for (k, v) in &map {
        let Some(k) = k.as_str() else { continue };
        if !KNOWN_FIELDS.contains(&k) {
            report(k, KNOWN_FIELDS, "");
            continue;
        }
        let nested: Vec<&serde_yaml::Mapping> = match (k, v) {
            ("image", serde_yaml::Value::Mapping(m)) => vec![m],
            ("related", serde_yaml::Value::Sequence(s)) => {
                s.iter().filter_map(|v| v.as_mapping()).collect()
            }
            _ => continue,
        };
        let known = if k == "image" {
            IMAGE_FIELDS
        } else {
            RELATED_FIELDS
        };
        let mut seen = BTreeSet::new();
        for m in nested {
            for key in m.keys().filter_map(|k| k.as_str()) {
                if !known.contains(&key) && seen.insert(key.to_string()) {
                    report(key, known, &format!("{k}."));
                }
            }
        }
    }
}

/// The known name closest to `key` (a small edit distance, or the same letters folded).
pub fn nearest<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    let key_l = key.to_lowercase();
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(&key_l, k), *k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 3) && *d < k.len())
        .min()
        .map(|(_, k)| k)
}

/// Dead internal links and missing images in one article's body, front matter image and
/// related stories.
fn article_findings(
    site: &Site,
    a: &Article,
    text: &str,
    output: Option<&Output>,
    out: &mut Vec<Finding>,
) {
    let src = &a.src;
    let file = &src.file;
    let base_path = site.config.base_path();
    let static_dir = site.root.join("static");
    let resolver = images::Resolver {
        article_dir: &src.dir,
        article_out: &a.out_dir,
        article_url: &a.url,
        static_dir: &static_dir,
        base_path: &base_path,
    };
    let missing_image = |s: &str, line: Option<usize>| {
        at(
            file,
            line,
            Severity::Warning,
            Kind::MissingImage,
            format!("image \"{s}\" not found (looked beside the article and in static/)"),
        )
    };
    if src
        .fm
        .summary
        .as_deref()
        .is_none_or(|s| s.trim().is_empty())
    {
        out.push(at(
            file,
            key_line(text, "summary").or(Some(2)),
            Severity::Warning,
            Kind::MissingSummary,
            "no summary: lists, feeds and the meta description fall back to nothing; add `summary:`"
                .into(),
        ));
    }
    if let Some(im) = src.fm.image.as_ref().filter(|i| !i.src.trim().is_empty()) {
        if resolver.resolve(&im.src).info.missing {
            out.push(missing_image(&im.src, key_line(text, "image")));
        }
    }
    let body_line = |offset: usize| src.body_line + crate::error::line_of(&src.body, offset) - 1;
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    for (event, range) in Parser::new_ext(&src.body, opts).into_offset_iter() {
        match event {
            Event::Start(Tag::Image { dest_url, .. })
                if resolver.resolve(&dest_url).info.missing =>
            {
                out.push(missing_image(&dest_url, Some(body_line(range.start))));
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                // As rendered: a root-relative link gets the base path (markdown::site_link).
                let href = crate::content::markdown::site_link(&dest_url, &base_path);
                if let Some(why) = output.and_then(|o| dead(site, a, &href, o)) {
                    out.push(at(
                        file,
                        Some(body_line(range.start)),
                        Severity::Error,
                        Kind::DeadLink,
                        format!("link \"{dest_url}\" {why}"),
                    ));
                }
            }
            _ => {}
        }
    }
    if let Some(output) = output {
        for r in src.fm.related.iter() {
            let Some(url) = r.url.as_deref().filter(|u| !u.trim().is_empty()) else {
                continue;
            };
            // A related story whose title is an article here links to it, not to `url`.
            let linked_by_title = a
                .related
                .iter()
                .any(|i| i.internal && i.title == r.title.trim());
            if linked_by_title {
                continue;
            }
            if let Some(why) = dead(site, a, url, output) {
                out.push(at(
                    file,
                    line_with(text, url, "related"),
                    Severity::Error,
                    Kind::DeadLink,
                    format!(
                        "related story \"{}\" links to \"{url}\", which {why}",
                        r.title
                    ),
                ));
            }
        }
    }
}

/// Why `link` (as written in article `a`) points at nothing on this site, or `None` when it is
/// fine or leads elsewhere.
fn dead(site: &Site, a: &Article, link: &str, output: &Output) -> Option<String> {
    let link = link.trim();
    if link.is_empty() || link.starts_with('#') {
        return None;
    }
    let base = site.config.base();
    let absolute = crate::urls::resolve(&a.permalink, link);
    let path = absolute.strip_prefix(&base)?;
    let path = path.split(['?', '#']).next().unwrap_or("");
    let path = percent_encoding::percent_decode_str(path)
        .decode_utf8_lossy()
        .into_owned();
    let exists = |p: &str| output.files.contains_key(p);
    let found = exists(&path)
        || ((path.is_empty() || path.ends_with('/')) && exists(&format!("{path}index.html")))
        || (!path.is_empty() && exists(&format!("{path}/index.html")));
    (!found).then(|| format!("points inside the site, at /{path}, where nothing is built"))
}

/// Articles of one category asking for the same slug: all but the earliest get `-2`, `-3`.
fn duplicate_slugs(
    site: &Site,
    line_of: impl Fn(&Path, &str) -> Option<usize>,
    out: &mut Vec<Finding>,
) {
    let mut wanted: BTreeMap<(usize, String), Vec<&Article>> = BTreeMap::new();
    for a in &site.articles {
        let slug = a
            .src
            .fm
            .slug
            .clone()
            .unwrap_or_else(|| crate::slug::slugify(&a.src.fm.title));
        wanted.entry((a.category, slug)).or_default().push(a);
    }
    for ((_, slug), arts) in wanted.into_iter().filter(|(_, v)| v.len() > 1) {
        let Some(keeper) = arts.iter().find(|a| a.slug == slug) else {
            continue;
        };
        for a in arts.iter().filter(|a| a.slug != slug) {
            let explicit = a.src.fm.slug.is_some();
            out.push(at(
                &a.src.file,
                if explicit {
                    line_of(&a.src.file, "slug")
                } else {
                    line_of(&a.src.file, "title")
                },
                if explicit {
                    Severity::Error
                } else {
                    Severity::Warning
                },
                Kind::DuplicateSlug,
                format!(
                    "slug \"{slug}\" is taken by {} in the same category, so this article is built at {} instead; give one of them another `slug:`",
                    keeper.src.file.display(),
                    a.url
                ),
            ));
        }
    }
}

/// Paths the site makes twice, as the plan decides them: an alias that lands on a page the
/// site already has (an article, a category, the home page) or on another alias is an error
/// (the build refuses it); other overlaps are warnings.
fn duplicate_urls(site: &Site, made: Option<&Plan>, has_search: bool, out: &mut Vec<Finding>) {
    // The plan the in-memory output was made by (with the static files); without an output,
    // the pages' own plan.
    let own;
    let plan = match made {
        Some(p) => p,
        None => {
            own = Plan::new(site, std::iter::empty(), has_search, 0);
            &own
        }
    };
    for e in plan.alias_errors(site) {
        out.push(finding(e, Severity::Error, Kind::DuplicateUrl));
    }
    for e in plan.overlap_warnings(site) {
        out.push(finding(e, Severity::Warning, Kind::DuplicateUrl));
    }
}

/// Related stories not linked to an article, whose title is within a few edits of an
/// article's title (compared folded: case, tones and punctuation ignored).
fn related_typos(site: &Site, texts: &BTreeMap<PathBuf, String>, out: &mut Vec<Finding>) {
    // Candidates share words with the related title; only the few best are compared in full.
    let keys: Vec<String> = site.articles.iter().map(|a| title_key(&a.title)).collect();
    let mut by_word: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, k) in keys.iter().enumerate() {
        let words: BTreeSet<&str> = k.split(' ').collect();
        for w in words {
            by_word.entry(w).or_default().push(i);
        }
    }
    let common = (site.articles.len() / 20).max(50);
    for a in &site.articles {
        for r in a.related.iter().filter(|r| !r.internal) {
            let key = title_key(&r.title);
            if key.is_empty() {
                continue;
            }
            // The three rarest of its words that some title has: a typo in one leaves two.
            let mut lists: Vec<&Vec<usize>> = key
                .split(' ')
                .collect::<BTreeSet<&str>>()
                .into_iter()
                .filter_map(|w| by_word.get(w))
                .filter(|l| l.len() <= common)
                .collect();
            lists.sort_by_key(|l| l.len());
            let mut shared: HashMap<usize, usize> = HashMap::new();
            for list in lists.into_iter().take(3) {
                for &i in list {
                    *shared.entry(i).or_default() += 1;
                }
            }
            let mut cands: Vec<(usize, usize)> = shared.into_iter().map(|(i, n)| (n, i)).collect();
            cands.sort_by(|x, y| y.cmp(x));
            let best = cands
                .into_iter()
                .take(8)
                .filter_map(|(_, i)| {
                    let d = strsim::levenshtein(&key, &keys[i]);
                    let len = key.chars().count().max(keys[i].chars().count());
                    (d > 0 && d <= 3.min(1.max(len / 8))).then_some((d, i))
                })
                .min();
            if let Some((_, i)) = best {
                let target = &site.articles[i];
                out.push(at(
                    &a.src.file,
                    texts
                        .get(&a.src.file)
                        .and_then(|t| line_with(t, &r.title, "related")),
                    Severity::Warning,
                    Kind::RelatedTypo,
                    format!(
                        "related story \"{}\" nearly matches the article \"{}\" ({}) but does not link to it; fix the spelling to link it",
                        r.title,
                        target.title,
                        target.src.file.display()
                    ),
                ));
            }
        }
    }
}
