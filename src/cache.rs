//! An on-disk cache for derived bytes that cost more to make than to
//! read: the generated covers (a sixth of the CPU time of a short issue,
//! the same bytes every week the title and date stay the same) and the
//! bundled fonts cut to the glyphs a PDF uses (a tenth; the same as long
//! as the text draws on the same glyphs), and the zip epub-builder
//! makes around the EPUB's OPF and NCX (the same while the issue's
//! metadata and list of pages are); and which PNG images were found
//! sound, so they are not inflated again at every load.
//!
//! Entries live in `$PRESSRUN_CACHE_DIR`, else `$XDG_CACHE_HOME/pressrun`,
//! else `~/.cache/pressrun`; `PRESSRUN_CACHE=off` turns the cache off.
//! A file is named by the SHA-256 of its key and holds the SHA-256 of its
//! bytes, then the bytes: a torn or altered entry fails the check and is
//! made again. Keys name everything the bytes depend on, the code that
//! made them included (see `build.rs`), so a hit is the same bytes a
//! fresh computation would give. Every failure to read or write the cache
//! is silent: it only ever saves time.

use std::io::Write;
use std::path::PathBuf;

use sha2::{Digest, Sha256};

/// Entries kept (a cover is about 60 KB, a subset font 10-100 KB); past
/// this the oldest are removed when one is added.
const MAX_ENTRIES: usize = 512;

/// The cache folder, or None when the cache is off or there is no home.
fn dir() -> Option<PathBuf> {
    if std::env::var_os("PRESSRUN_CACHE").is_some_and(|v| v == "off") {
        return None;
    }
    let nonempty = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(dir) = nonempty("PRESSRUN_CACHE_DIR") {
        return Some(PathBuf::from(dir));
    }
    if let Some(dir) = nonempty("XDG_CACHE_HOME") {
        return Some(PathBuf::from(dir).join("pressrun"));
    }
    nonempty("HOME").map(|home| PathBuf::from(home).join(".cache").join("pressrun"))
}

fn file_name(key: &str) -> String {
    hex(&Sha256::digest(key.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The bytes stored under `key`, if there are any and they are intact.
pub(crate) fn get(key: &str) -> Option<Vec<u8>> {
    let mut data = std::fs::read(dir()?.join(file_name(key))).ok()?;
    if data.len() < 32 {
        return None;
    }
    let bytes = data.split_off(32);
    (Sha256::digest(&bytes).as_slice() == data.as_slice()).then_some(bytes)
}

/// Stores `bytes` under `key`: written aside, then renamed into place, so
/// a reader never sees half an entry.
pub(crate) fn put(key: &str, bytes: &[u8]) {
    let Some(dir) = dir() else { return };
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    let name = file_name(key);
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
    prune(&dir);
}

/// Removes the oldest entries past [`MAX_ENTRIES`].
fn prune(dir: &std::path::Path) {
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
        assert_eq!(super::file_name("a").len(), 64);
        assert_ne!(super::file_name("a"), super::file_name("b"));
    }
}
