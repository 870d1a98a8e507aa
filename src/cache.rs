//! An on-disk cache for derived bytes that cost more to make than to
//! read: the generated covers (a sixth of the CPU time of a short issue,
//! the same bytes every week the title and date stay the same) and the
//! bundled fonts cut to the glyphs a PDF uses (a tenth; the same as long
//! as the text draws on the same glyphs), and the zip epub-builder
//! makes around the EPUB's OPF and NCX (the same while the issue's
//! metadata and list of pages are); and which PNG images were found
//! sound, so they are not inflated again at every load.
//!
//! The CLI opens it ([`open`]: the folder comes from the environment,
//! see `cli::cache_dir`); until then, and for library callers that do not,
//! every lookup misses and nothing is stored. A file is named by the
//! SHA-256 of its key and holds the SHA-256 of its bytes, then the bytes:
//! a torn or altered entry fails the check and is made again. A key is a
//! kind, this build's id (hashed by `build.rs` from the code that makes
//! the bytes) and everything else the bytes depend on, so a hit is the
//! same bytes a fresh computation would give. Every failure to read or
//! write the cache is silent: it only ever saves time.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use sha2::{Digest, Sha256};

/// Entries kept (a cover is about 60 KB, a subset font 10-100 KB); past
/// this the oldest are removed when one is added.
const MAX_ENTRIES: usize = 512;

static DIR: OnceLock<PathBuf> = OnceLock::new();

/// Uses `dir` for this process's cache (the first call wins).
pub(crate) fn open(dir: PathBuf) {
    let _ = DIR.set(dir);
}

fn file_name(kind: &str, key: &str) -> String {
    let mut hasher = Sha256::new();
    for part in [kind, env!("PRESSRUN_CACHE_ID"), key] {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hex(&hasher.finalize())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The bytes of `kind` stored under `key`, if there are any and they
/// are intact.
pub(crate) fn get(kind: &str, key: &str) -> Option<Vec<u8>> {
    let mut data = std::fs::read(DIR.get()?.join(file_name(kind, key))).ok()?;
    if data.len() < 32 {
        return None;
    }
    let bytes = data.split_off(32);
    (Sha256::digest(&bytes).as_slice() == data.as_slice()).then_some(bytes)
}

/// Stores `bytes` of `kind` under `key`: written aside, then renamed into
/// place, so a reader never sees half an entry.
pub(crate) fn put(kind: &str, key: &str, bytes: &[u8]) {
    let Some(dir) = DIR.get() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let name = file_name(kind, key);
    // Unique per process and call: two threads may store the same key.
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let temp = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
    let written = std::fs::File::create(&temp).and_then(|mut f| {
        f.write_all(&Sha256::digest(bytes))?;
        f.write_all(bytes)
    });
    if written.is_err() || std::fs::rename(&temp, dir.join(&name)).is_err() {
        let _ = std::fs::remove_file(&temp);
        return;
    }
    // Once per process: a build stores a few entries per issue, and the
    // next run trims what a large one added past the bound.
    static PRUNED: std::sync::Once = std::sync::Once::new();
    PRUNED.call_once(|| prune(dir));
}

/// Removes the oldest entries past [`MAX_ENTRIES`].
fn prune(dir: &Path) {
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<(std::time::SystemTime, PathBuf)> = read
        .flatten()
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .collect();
    if entries.len() <= MAX_ENTRIES {
        return;
    }
    entries.sort();
    for (_, path) in &entries[..entries.len() - MAX_ENTRIES] {
        let _ = std::fs::remove_file(path);
    }
}

#[cfg(test)]
mod tests {
    use super::hex;

    #[test]
    fn names_are_hex_digests() {
        assert_eq!(hex(&[0, 15, 255]), "000fff");
        assert_eq!(super::file_name("cover", "a").len(), 64);
        assert_ne!(
            super::file_name("cover", "a"),
            super::file_name("cover", "b")
        );
        assert_ne!(
            super::file_name("cover", "a"),
            super::file_name("subset", "a")
        );
    }
}
