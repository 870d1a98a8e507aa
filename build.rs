//! Build-time settings of the `pressrun` executable.

use std::path::Path;

fn main() {
    // A fixed-address executable (not position independent): the loader
    // then has no relocations to apply at start-up (22,000 of them, 0.5 MB
    // read and 0.5 MB of pointers copied into fresh pages on every run),
    // which a command that runs for milliseconds pays each time.
    // Address-space randomisation of the executable's own image is what
    // it gives up; libraries, heap and stack stay randomised.
    let linux = std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    if linux {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }

    // What the cached covers, font subsets and EPUB skeletons depend on
    // besides their inputs: the code that makes them, the crates it calls (their
    // versions in Cargo.lock) and the bundled fonts. Its hash is part of
    // every key of the on-disk cache (`src/cache.rs`), so a build that
    // would make other bytes never reads another build's entries.
    let mut id = Fnv::default();
    let sources = [
        "src/epub/cover.rs",
        "src/epub/package.rs",
        "src/manifest/files.rs",
        "src/pdf/fonts/subset.rs",
        "Cargo.lock",
    ];
    for file in sources {
        println!("cargo:rerun-if-changed={file}");
        id.add(&std::fs::read(file).unwrap_or_default());
    }
    println!("cargo:rerun-if-changed=fonts");
    fonts(Path::new("fonts"), &mut id);
    println!("cargo:rustc-env=PRESSRUN_CACHE_ID={:016x}", id.0);
    println!("cargo:rerun-if-changed=build.rs");
}

/// Adds the name and size of every font file under `dir`, in name order.
fn fonts(dir: &Path, id: &mut Fnv) {
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = read.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            println!("cargo:rerun-if-changed={}", path.display());
            fonts(&path, id);
        } else {
            id.add(path.to_string_lossy().as_bytes());
            let size = std::fs::metadata(&path).map_or(0, |m| m.len());
            id.add(&size.to_le_bytes());
        }
    }
}

/// FNV-1a, 64 bits: enough to tell builds apart, no dependency.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn add(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}
