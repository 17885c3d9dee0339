//! Where the command line keeps its files: the `listen` secret and the profiles.

use std::path::PathBuf;

/// `$XDG_CONFIG_HOME/saasus` (else `~/.config/saasus`; `%APPDATA%\saasus` on Windows).
pub(crate) fn config_dir() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("APPDATA").map(PathBuf::from))
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::Path::new(&h).join(".config")))?;
    Some(base.join("saasus"))
}
