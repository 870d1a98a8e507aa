//! Writing outputs so that a failed or interrupted build never leaves a
//! partial file nor replaces a good earlier one.

mod temps;

pub use temps::{Held, remove_all as remove_temporaries};

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Milliseconds to wait between staging and renaming (0: none).
static PAUSE_MS: AtomicU64 = AtomicU64::new(0);

/// Makes every write wait `pause` with its temporaries complete before
/// renaming them: the interruption tests use it to signal a build at the
/// moment its temporaries exist (`PRESSRUN_DEBUG_WRITE_PAUSE_MS`).
pub fn set_write_pause(pause: Duration) {
    PAUSE_MS.store(
        u64::try_from(pause.as_millis()).unwrap_or(u64::MAX),
        Ordering::Relaxed,
    );
}

/// Writes every file through a temporary file in its folder; only when
/// all are fully written are they renamed into place, so a reader (a web
/// server, an e-reader syncing the catalog) sees the old file or the new,
/// never a part. Not fsynced, as compilers do not: outputs are derived
/// from the manifest, a power cut at worst leaves one that the next build
/// sees differs and rewrites, and the 12 fsyncs of a fresh sample build
/// cost 3-4 ms of its 13-21.
pub fn write_atomic(files: &[(PathBuf, Vec<u8>)]) -> std::io::Result<()> {
    let files: Vec<(&Path, &[u8])> = files
        .iter()
        .map(|(p, b)| (p.as_path(), b.as_slice()))
        .collect();
    write_all(&files)
}

/// Like [`write_atomic`], but a file whose bytes on disk are already these
/// is left alone, date and all (so `make`, rsync and a web server's cache
/// see no change). Returns, per file, whether
/// it was written.
pub fn write_changed(files: &[(PathBuf, Vec<u8>)]) -> std::io::Result<Vec<bool>> {
    let fresh: Vec<bool> = files.iter().map(|(p, b)| !holds(p, b)).collect();
    let changed: Vec<(&Path, &[u8])> = files
        .iter()
        .zip(&fresh)
        .filter(|(_, fresh)| **fresh)
        .map(|((p, b), _)| (p.as_path(), b.as_slice()))
        .collect();
    write_all(&changed)?;
    Ok(fresh)
}

/// Whether the file at `path` holds exactly `bytes`.
fn holds(path: &Path, bytes: &[u8]) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && std::fs::read(path).is_ok_and(|b| b == bytes)
}

fn write_all(files: &[(&Path, &[u8])]) -> std::io::Result<()> {
    let mut dirs: Vec<&Path> = files.iter().map(|(p, _)| folder(p)).collect();
    dirs.sort();
    dirs.dedup();
    for dir in dirs {
        temps::sweep(dir);
    }
    let mut staged = Vec::with_capacity(files.len());
    for &(path, bytes) in files {
        staged.push((
            stage(path, bytes).map_err(|e| named(e, "write", path))?,
            path,
        ));
    }
    let pause = PAUSE_MS.load(Ordering::Relaxed);
    if pause > 0 {
        std::thread::sleep(Duration::from_millis(pause));
    }
    // Dropping a staged file (on any error above) deletes it. The renames
    // happen under the registry's lock: an interruption comes before all of
    // them or after all of them.
    let mut live = temps::lock();
    let mut result = Ok(());
    let mut unused = Vec::new();
    for (tmp, path) in staged {
        if result.is_err() {
            unused.push(tmp);
            continue;
        }
        let file = tmp.into_file();
        live.remove(file.path());
        if let Err(e) = file.persist(path) {
            result = Err(named(e.error, "replace", path));
        }
    }
    // Unused temporaries unregister themselves: after the lock is let go.
    drop(live);
    drop(unused);
    result
}

fn folder(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// A temporary file known to the registry until renamed or dropped.
struct Staged {
    file: Option<tempfile::NamedTempFile>,
}

impl Staged {
    fn into_file(mut self) -> tempfile::NamedTempFile {
        self.file.take().expect("a staged file is taken once")
    }

    fn file_mut(&mut self) -> &mut tempfile::NamedTempFile {
        self.file
            .as_mut()
            .expect("a staged file is there until taken")
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if let Some(file) = self.file.take() {
            let mut live = temps::lock();
            live.remove(file.path());
            drop(file); // deletes it
        }
    }
}

/// An I/O error that says what was being done to which file.
fn named(e: std::io::Error, action: &str, path: &Path) -> std::io::Error {
    std::io::Error::new(e.kind(), format!("cannot {action} {}: {e}", path.display()))
}

/// A complete temporary file beside `path` holding `bytes`.
fn stage(path: &Path, bytes: &[u8]) -> std::io::Result<Staged> {
    let dir = folder(path);
    std::fs::create_dir_all(dir)?;
    // Created and registered under the lock, so an interruption's sweep
    // of the registry misses none.
    let mut staged = {
        let mut live = temps::lock();
        let tmp = tempfile::Builder::new()
            .prefix(&temps::prefix())
            .suffix(temps::suffix())
            .tempfile_in(dir)?;
        live.insert(tmp.path().to_owned());
        Staged { file: Some(tmp) }
    };
    let tmp = staged.file_mut();
    tmp.write_all(bytes)?;
    // Temporary files are created private (0600); outputs are ordinary
    // documents, readable like any file the user writes.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))?;
    }
    Ok(staged)
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

    #[test]
    fn unchanged_files_are_left_alone_and_changed_ones_replaced() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (same, other) = (dir.path().join("same.pdf"), dir.path().join("other.pdf"));
        std::fs::write(&same, b"old").expect("write");
        std::fs::write(&other, b"old").expect("write");
        let past = std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        for p in [&same, &other] {
            std::fs::File::options()
                .write(true)
                .open(p)
                .and_then(|f| f.set_modified(past))
                .expect("set mtime");
        }
        let fresh = write_changed(&[
            (same.clone(), b"old".to_vec()),
            (other.clone(), b"new".to_vec()),
            (dir.path().join("sub/new.pdf"), b"made".to_vec()),
        ])
        .expect("written");
        assert_eq!(fresh, [false, true, true]);
        let mtime = |p: &Path| {
            std::fs::metadata(p)
                .and_then(|m| m.modified())
                .expect("mtime")
        };
        assert_eq!(mtime(&same), past, "an unchanged file keeps its date");
        assert_ne!(mtime(&other), past);
        assert_eq!(std::fs::read(&other).expect("read"), b"new");
        assert_eq!(
            std::fs::read(dir.path().join("sub/new.pdf")).expect("read"),
            b"made"
        );
    }
}
