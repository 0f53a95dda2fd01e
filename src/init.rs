//! `bantin init DIR`: a minimal working site skeleton.

use std::fs;
use std::io;
use std::path::Path;

use anyhow::{bail, Context as _};

use crate::frontmatter::{self, FrontMatter};

/// site.yaml with every key present or shown commented, at its default.
const SITE_YAML: &str = r#"# bantin site configuration. Every key is optional; see README.md for the full reference.
title: Bản tin
description: Tin tức mới nhất
# Absolute URL the site is served from (a sub-path such as https://user.github.io/tin/ works).
base_url: https://example.com/
# Theme UI language: vi or en.
language: vi
# Offset for dates written without one.
timezone: "+07:00"
# Folder under themes/; "default" is built into the binary.
# theme: default
# Articles per category or tag page.
# paginate: 20
# minify: true
# CSS and JS also under content-hashed names, which pages link (cacheable for a year).
# fingerprint: true
# Write .gz and .br beside every HTML, CSS, JS, XML and JSON file (for nginx gzip_static).
# compress: false

# Categories in navigation order. An imported article goes to the first category with a keyword
# in its title or lead (ignoring case and tones), else to default_category.
categories:
  - name: Thời sự
    keywords: [Quốc hội, Chính phủ]
  - name: Kinh tế
    keywords: [kinh tế, doanh nghiệp, GDP]
  - name: Khoa học - Công nghệ
    # slug: khoa-hoc-cong-nghe   (made from the name when absent)
    keywords: [AI, công nghệ, chuyển đổi số]
default_category: Thời sự

# Page chrome that `bantin import` removes, added to the built-in Vietnamese and English markers.
# import:
#   related_headings: ["Đừng bỏ lỡ"]      # headings that introduce related stories
#   footer_markers: ["Cơ quan chủ quản"]  # lines that start the footer (the rest is dropped)
#   drop_lines: ["Nghe audio"]            # single lines dropped wherever they appear
"#;

const THEMES_README: &str = "\
# Themes

A theme is a folder here: `themes/<name>/` with `templates/`, `static/` and `i18n/`, chosen by
`theme: <name>` in site.yaml.

The default theme is built into the bantin binary, so this folder can stay empty. To change it,
run `bantin init --theme NEW_DIR` (or copy a theme here as `themes/default/`) and edit the copy;
a site's own `templates/` and `static/` files also override the theme's file by file.
";

const SAMPLE_BODY: &str = "\
Mỗi bài viết là một tệp Markdown trong `content/<chuyên-mục>/`, mở đầu bằng phần front matter \
YAML giữa hai dòng `---`.

Nhập bài từ văn bản thu thập được:

    bantin import --category \"Thời sự\" bai-viet.txt

Sau đó dựng trang bằng `bantin build`. Xóa bài mẫu này khi đã có bài thật.
";

/// Create the skeleton in `dir`, which must be absent or empty; with `with_theme`, also a copy
/// of the built-in theme in `dir/themes/default` to edit.
pub fn init(dir: &Path, with_theme: bool) -> anyhow::Result<()> {
    if dir.exists() && !dir.is_dir() {
        bail!(
            "{} is a file; bantin init needs an empty or new folder",
            dir.display()
        );
    }
    match fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                bail!(
                    "{} is not empty; bantin init writes a new site only into an empty or new \
                     folder (choose another DIR, nothing was written)",
                    dir.display()
                );
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", dir.display())),
    }

    let sample = FrontMatter {
        title: "Chào mừng đến với bantin".into(),
        date: Some("2025-01-25T08:00:00+07:00".into()),
        category: Some("Thời sự".into()),
        tags: vec!["bantin".into()],
        summary: Some("Bài mẫu: cách viết và nhập bài cho trang tin của bạn.".into()),
        ..FrontMatter::default()
    };
    let sample = frontmatter::write(&sample, SAMPLE_BODY).context("cannot write the sample")?;
    let files = [
        ("site.yaml", SITE_YAML),
        (
            "content/thoi-su/chao-mung-den-voi-bantin.md",
            sample.as_str(),
        ),
        ("themes/README.md", THEMES_README),
    ];
    for (rel, text) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    if with_theme {
        crate::render::theme::write_default_theme(&dir.join("themes").join("default"))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;

    #[test]
    fn site_yaml_is_a_valid_config() {
        let cfg = Config::parse(SITE_YAML, Path::new("site.yaml")).unwrap();
        assert_eq!(cfg.default_category, "Thời sự");
        assert!(cfg.category(&cfg.default_category).is_some());
        assert_eq!(cfg.categories[2].slug(), "khoa-hoc-cong-nghe");
    }

    #[test]
    fn creates_then_refuses_non_empty() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("site");
        init(&dir, false).unwrap();
        assert!(dir.join("site.yaml").is_file());
        assert!(dir.join("themes/README.md").is_file());
        let sample =
            fs::read_to_string(dir.join("content/thoi-su/chao-mung-den-voi-bantin.md")).unwrap();
        let (yaml, _, _) = frontmatter::split(&sample).unwrap();
        let fm: FrontMatter = serde_yaml::from_str(yaml).unwrap();
        assert_eq!(fm.category.as_deref(), Some("Thời sự"));

        let before = fs::read(dir.join("site.yaml")).unwrap();
        let e = init(&dir, false).unwrap_err().to_string();
        assert!(e.contains("is not empty"), "{e}");
        assert_eq!(fs::read(dir.join("site.yaml")).unwrap(), before);

        let file = tmp.path().join("f");
        fs::write(&file, "x").unwrap();
        assert!(init(&file, false)
            .unwrap_err()
            .to_string()
            .contains("is a file"));
    }

    #[test]
    fn empty_existing_folder_is_fine_and_theme_is_copied() {
        let tmp = tempfile::tempdir().unwrap();
        init(tmp.path(), true).unwrap();
        let theme = tmp.path().join("themes/default");
        let n = walkdir::WalkDir::new(&theme)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .count();
        assert!(n > 0, "no theme files in {}", theme.display());
    }
}
