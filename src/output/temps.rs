//! The build's temporary files: named after the process that owns them,
//! tracked while they live, removed on interruption, swept when stale.
//!
//! A temporary is `.pressrun-<pid>-<random>.tmp` beside its output. While
//! it lives its path is in [`LIVE`]; the CLI's SIGINT/SIGTERM handler takes
//! that lock (so no new temporary can appear), removes them all and exits
//! still holding it. SIGKILL cannot be caught: the next build in the folder
//! sweeps temporaries whose process is gone.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

const PREFIX: &str = ".pressrun-";
const SUFFIX: &str = ".tmp";

/// Temporaries of this process not yet renamed into place or deleted.
static LIVE: Mutex<BTreeSet<PathBuf>> = Mutex::new(BTreeSet::new());

/// Holds the registry: while held, no temporary is created or renamed.
pub struct Held(
    #[allow(dead_code, reason = "held for its lock")] MutexGuard<'static, BTreeSet<PathBuf>>,
);

pub(super) fn lock() -> MutexGuard<'static, BTreeSet<PathBuf>> {
    // A panic elsewhere while holding the lock leaves the set usable.
    LIVE.lock().unwrap_or_else(|e| e.into_inner())
}

/// `.pressrun-<pid>-`: every temporary of this process starts so.
pub(super) fn prefix() -> String {
    format!("{PREFIX}{}-", std::process::id())
}

pub(super) fn suffix() -> &'static str {
    SUFFIX
}

/// Removes every live temporary and returns the lock, to be held until
/// the process exits (for SIGINT/SIGTERM handlers).
pub fn remove_all() -> Held {
    let mut live = lock();
    for path in std::mem::take(&mut *live) {
        let _ = std::fs::remove_file(path);
    }
    Held(live)
}

/// Removes temporaries in `dir` left by processes that are gone (killed
/// with SIGKILL, or a crashed machine). Best effort: errors are ignored.
pub(super) fn sweep(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        let Some(rest) = name
            .strip_prefix(PREFIX)
            .and_then(|r| r.strip_suffix(SUFFIX))
        else {
            continue;
        };
        let stale = match owner(rest) {
            Some(pid) => pid != std::process::id() && !alive(pid),
            // Names from before temporaries carried a pid: no owner to ask,
            // so only when old enough that no build can still be writing.
            None => older_than(&entry.path(), Duration::from_secs(3600)),
        };
        if stale && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The pid in `<pid>-<random>`.
fn owner(rest: &str) -> Option<u32> {
    let (pid, random) = rest.split_once('-')?;
    (!random.is_empty()).then_some(())?;
    pid.parse().ok()
}

/// Whether a process with this pid exists. On Linux /proc says; elsewhere
/// (or without /proc) every owner counts as alive, unless the file is a
/// day old — a build never takes that long.
fn alive(pid: u32) -> bool {
    let proc = Path::new("/proc");
    if cfg!(target_os = "linux") && proc.join("self").exists() {
        return proc.join(pid.to_string()).exists();
    }
    true
}

fn older_than(path: &Path, age: Duration) -> bool {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|e| e > age)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sweeps_only_temporaries_whose_owner_is_gone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let own = format!("{}x1.tmp", prefix());
        // Pids above the kernel's limit (2^22) are never alive.
        let dead = ".pressrun-4999999-ab12.tmp";
        let living = format!(".pressrun-1-ab12{SUFFIX}"); // init is alive
        let legacy_new = ".pressrun-Xy12Ab.tmp";
        let other = "notes.tmp";
        for name in [own.as_str(), dead, living.as_str(), legacy_new, other] {
            std::fs::write(dir.path().join(name), b"x").expect("write");
        }
        sweep(dir.path());
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .expect("read")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        let mut want = vec![own, living, legacy_new.to_owned(), other.to_owned()];
        want.sort();
        assert_eq!(left, want);
    }
}
