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
        .map(|(path, bytes)| {
            stage(path, bytes)
                .map(|tmp| (tmp, path))
                .map_err(|e| named(e, "write", path))
        })
        .collect::<std::io::Result<Vec<_>>>()?;
    // Dropping a staged file (on any error above) deletes it.
    for (tmp, path) in staged {
        tmp.persist(path)
            .map_err(|e| named(e.error, "replace", path))?;
    }
    Ok(())
}

/// An I/O error that says what was being done to which file.
fn named(e: std::io::Error, action: &str, path: &Path) -> std::io::Error {
    std::io::Error::new(e.kind(), format!("cannot {action} {}: {e}", path.display()))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_name_the_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let blocker = dir.path().join("file");
        std::fs::write(&blocker, b"x").expect("write");
        let target = blocker.join("out.pdf");
        let e = write_atomic(&[(target.clone(), b"pdf".to_vec())]).expect_err("cannot write");
        assert!(
            e.to_string()
                .starts_with(&format!("cannot write {}: ", target.display())),
            "{e}"
        );
    }
}
