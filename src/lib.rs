//! bantin: a static news-site generator with first-class Vietnamese support.
//!
//! Data flows one way: scraped text → `import` → Markdown files; site.yaml + content/ + theme →
//! `site::Site` → `render` → `output::Output` (path → bytes) → written or served.

pub mod build;
pub mod check;
pub mod config;
pub mod content;
pub mod dates;
pub mod error;
pub mod frontmatter;
#[doc(hidden)]
pub mod harness;
pub mod import;
pub mod init;
pub mod output;
pub mod plan;
pub mod render;
pub mod serve;
pub mod site;
pub mod slug;
pub mod text;
pub mod timing;
pub mod urls;
