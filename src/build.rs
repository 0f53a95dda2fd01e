//! `bantin build`: load → render → write, each step a separate function so `serve` can reuse
//! all but the last.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::error::{ConfigError, Located, Many};
use crate::output::{self, writer, Output};
use crate::render::Theme;
use crate::site::{LoadOptions, Site};

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to ROOT/public.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    pub minify: bool,
    /// `false` turns off fingerprinted asset names whatever site.yaml says (`bantin serve`).
    pub fingerprint: bool,
    pub force: bool,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            base_url: None,
            drafts: false,
            minify: true,
            fingerprint: true,
            force: false,
        }
    }

    /// OUTPUT; the default is `ROOT/public` (shown as `public`, not `./public`, for `-r .`).
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| crate::error::shown(&self.root.join("public")).to_path_buf())
    }
}

/// Why a build failed; `main` maps these to exit codes (config/usage 2, content 1).
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("{0}")]
    Config(#[from] ConfigError),
    /// Problems in content or theme files, all reported together.
    #[error("{0}")]
    Input(#[from] Many),
    /// The output folder is not safe to replace.
    #[error("{0:#}")]
    Refused(anyhow::Error),
    #[error("{0:#}")]
    Io(anyhow::Error),
}

impl From<output::OutputError> for BuildError {
    fn from(e: output::OutputError) -> Self {
        match e {
            output::OutputError::Input(many) => BuildError::Input(many),
            output::OutputError::Io(e) => BuildError::Io(e),
        }
    }
}

impl From<anyhow::Error> for BuildError {
    fn from(e: anyhow::Error) -> Self {
        BuildError::Io(e)
    }
}

impl BuildError {
    pub fn exit_code(&self) -> u8 {
        match self {
            BuildError::Config(_) | BuildError::Refused(_) => 2,
            BuildError::Input(_) | BuildError::Io(_) => 1,
        }
    }
}

#[derive(Debug)]
pub struct BuildReport {
    pub pages: usize,
    pub files: usize,
    pub articles: usize,
    pub elapsed: Duration,
    pub output: PathBuf,
    pub warnings: Vec<Located>,
}

/// Read site.yaml with command-line overrides applied.
pub fn load_config(opts: &BuildOptions) -> Result<Config, ConfigError> {
    let mut cfg = Config::load(&opts.root)?;
    if let Some(url) = &opts.base_url {
        cfg.set_base_url(url).map_err(base_url_error)?;
    }
    if !opts.minify {
        cfg.minify = false;
    }
    if !opts.fingerprint {
        cfg.fingerprint = false;
    }
    Ok(cfg)
}

/// `--base-url` checked on its own, before anything is read (`build --watch` refuses a bad one
/// at once: no file edit can fix a flag).
pub fn check_base_url_flag(opts: &BuildOptions) -> Result<(), ConfigError> {
    match &opts.base_url {
        Some(url) => Config::check_base_url(url).map_err(base_url_error),
        None => Ok(()),
    }
}

/// A bad `--base-url`, named as the flag (exit code 2 like every configuration error).
fn base_url_error(why: crate::config::BadBaseUrl) -> ConfigError {
    ConfigError(Located::new(
        "--base-url",
        None,
        format!("{why} (e.g. https://example.com/ or https://user.github.io/tin/)"),
    ))
}

/// The site and its theme, loaded.
fn load(opts: &BuildOptions, progress: &dyn Fn(&str)) -> Result<(Site, Theme), BuildError> {
    let cfg = load_config(opts)?;
    progress("reading content");
    let theme =
        Theme::load(&opts.root, &cfg.theme).map_err(|e| BuildError::Input(Many(vec![e])))?;
    crate::timing::mark("config and theme");
    let site = Site::load(
        &opts.root,
        cfg,
        &LoadOptions {
            drafts: opts.drafts,
        },
    )?;
    crate::timing::mark("site model");
    Ok((site, theme))
}

/// Everything but writing: the site in memory (what `bantin serve` serves).
pub fn render(opts: &BuildOptions, progress: &dyn Fn(&str)) -> Result<(Site, Output), BuildError> {
    let (site, theme) = load(opts, progress)?;
    progress("rendering");
    let minify = site.config.minify;
    let out = output::produce(&site, &theme, minify)?;
    Ok((site, out))
}

/// Build the site at `opts.root` into its output folder.
pub fn build(opts: &BuildOptions, progress: &dyn Fn(&str)) -> Result<BuildReport, BuildError> {
    let start = Instant::now();
    let out_dir = opts.output_dir();
    writer::recover(&out_dir).map_err(BuildError::Io)?;
    writer::check_target(&out_dir, &opts.root, opts.force).map_err(BuildError::Refused)?;
    let (site, theme) = load(opts, progress)?;
    progress(if site.config.compress {
        "rendering, compressing and writing"
    } else {
        "rendering and writing"
    });
    let minify = site.config.minify;
    let made = writer::write_with(&out_dir, |sink| {
        output::produce_into(&site, &theme, minify, site.config.compress, sink)
            .map_err(BuildError::from)
    })
    .map_err(|e| match e {
        BuildError::Io(e) => BuildError::Io(e.context(format!(
            "the build was not written; {} is unchanged",
            out_dir.display()
        ))),
        other => other,
    })?;
    crate::timing::mark("output in place");
    let mut warnings = site.warnings;
    warnings.extend(made.warnings);
    warnings.extend(kept_warning(&out_dir));
    Ok(BuildReport {
        pages: made.pages,
        files: made.files,
        articles: site.articles.len(),
        elapsed: start.elapsed(),
        output: out_dir,
        warnings,
    })
}

/// The older outputs that [`writer::recover`] kept beside `out`, as a warning (on every build,
/// until they are deleted: bantin never deletes them itself).
fn kept_warning(out: &Path) -> Option<Located> {
    let kept = writer::kept(out);
    if kept.is_empty() {
        return None;
    }
    let names: Vec<String> = kept.iter().map(|p| p.display().to_string()).collect();
    let (n, copies, are) = if kept.len() == 1 {
        ("an".to_string(), "copy", "is")
    } else {
        (kept.len().to_string(), "copies", "are")
    };
    Some(Located::new(
        out,
        None,
        format!(
            "{n} older {copies} of the output, left by builds killed while swapping folders, {are} kept beside it (the newest was restored): {}; bantin does not delete them, delete them once you no longer need them",
            names.join(", ")
        ),
    ))
}

/// With `compress` (site.yaml's `compress: true`), add a `.gz` and a `.br` beside every
/// compressible file of `output`.
pub fn add_compressed_if(output: &mut Output, compress: bool) -> anyhow::Result<()> {
    if !compress {
        return Ok(());
    }
    let made = output::compress::all(output.files.iter().map(|(p, b)| (p.as_str(), b)))?;
    output.files.extend(made);
    Ok(())
}

/// `1234567` → `"1,234,567"`.
pub fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands() {
        assert_eq!(super::thousands(1234), "1,234");
        assert_eq!(super::thousands(12), "12");
        assert_eq!(super::thousands(1234567), "1,234,567");
    }
}
