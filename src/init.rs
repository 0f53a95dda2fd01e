//! `bantin init DIR`: a minimal working site skeleton.

use std::path::Path;

/// Create the skeleton; refuses a non-empty `dir`.
pub fn init(_dir: &Path, _with_theme: bool) -> anyhow::Result<()> {
    anyhow::bail!("not yet")
}
