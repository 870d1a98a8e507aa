//! Writing outputs so that a failed or interrupted build never leaves a
//! partial file nor replaces a good earlier one.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes every file through a temporary file in its folder; only when
/// all are fully written and synced are they renamed into place. The
/// files are staged in parallel: most of the time is waiting for fsync.
pub fn write_atomic(files: &[(PathBuf, Vec<u8>)]) -> std::io::Result<()> {
    use rayon::prelude::*;
    let staged = files
        .par_iter()
        .map(|(path, bytes)| stage(path, bytes).map(|tmp| (tmp, path)))
        .collect::<std::io::Result<Vec<_>>>()?;
    // Dropping a staged file (on any error above) deletes it.
    for (tmp, path) in staged {
        tmp.persist(path).map_err(|e| e.error)?;
    }
    Ok(())
}

/// A synced temporary file beside `path` holding `bytes`.
fn stage(path: &Path, bytes: &[u8]) -> std::io::Result<tempfile::NamedTempFile> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".pressrun-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    // Temporary files are created private (0600); outputs are ordinary
    // documents, readable like any file the user writes.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    tmp.as_file().sync_all()?;
    Ok(tmp)
}
