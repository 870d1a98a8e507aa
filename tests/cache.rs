//! The on-disk cache (covers, font subsets, the EPUB skeleton, sound
//! images): a hit gives the same bytes as making them, a damaged entry is
//! made again, and `PRESSRUN_CACHE=off` writes nothing.

use std::path::Path;
use std::process::Output;

use crate::support::{bin, root, tempdir};

fn build(out: &Path, cache: &Path, off: bool) -> Output {
    let mut cmd = bin();
    cmd.args(["-q", "build", "issues", "--out"])
        .arg(out)
        .current_dir(root())
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .env("PRESSRUN_CACHE_DIR", cache);
    if off {
        cmd.env("PRESSRUN_CACHE", "off");
    } else {
        cmd.env_remove("PRESSRUN_CACHE");
    }
    let output = cmd.output().expect("the pressrun binary runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Every output file of a build, by name.
fn outputs(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("output folder").flatten() {
            let path = e.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path
                    .strip_prefix(dir)
                    .expect("inside")
                    .display()
                    .to_string();
                files.push((name, std::fs::read(&path).expect("readable")));
            }
        }
    }
    files.sort();
    files
}

fn entries(cache: &Path) -> Vec<std::path::PathBuf> {
    let mut found: Vec<_> = std::fs::read_dir(cache)
        .map(|r| r.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    found.sort();
    found
}

#[test]
fn cached_bytes_are_the_made_bytes_and_damage_is_made_again() {
    let tmp = tempdir();
    let cache = tmp.path().join("cache");

    // No cache: the reference outputs, and nothing stored.
    let drawn = tmp.path().join("drawn");
    build(&drawn, &cache, true);
    assert!(
        entries(&cache).is_empty(),
        "PRESSRUN_CACHE=off stored covers"
    );
    let reference = outputs(&drawn);
    assert!(reference.iter().any(|(n, _)| n.ends_with(".epub")));

    // The first build stores the cover, the thumbnail and one subset per
    // font the PDF uses; the second reads them.
    build(&tmp.path().join("stored"), &cache, false);
    let stored = entries(&cache);
    assert!(stored.len() > 2, "covers and subsets: {stored:?}");
    let out = tmp.path().join("read");
    build(&out, &cache, false);
    assert_eq!(entries(&cache), stored, "a second build stored more");
    assert!(outputs(&out) == reference, "outputs from the cache differ");

    // Damaged entries (one byte changed, or cut short) are made again and
    // stored whole.
    for (k, entry) in stored.iter().enumerate() {
        let mut bytes = std::fs::read(entry).expect("entry");
        if k % 2 == 0 {
            let last = bytes.len() - 1;
            bytes[last] ^= 0xff;
        } else {
            bytes.truncate(20);
        }
        std::fs::write(entry, &bytes).expect("damage");
    }
    let out = tmp.path().join("damaged");
    build(&out, &cache, false);
    assert!(
        outputs(&out) == reference,
        "a damaged cache entry reached the outputs"
    );
    // Each entry is whole again: the SHA-256 of its bytes, then the bytes.
    use sha2::{Digest, Sha256};
    for entry in entries(&cache) {
        let data = std::fs::read(&entry).expect("entry");
        assert!(data.len() > 32, "{} not made again", entry.display());
        let (sum, bytes) = data.split_at(32);
        assert_eq!(
            sum,
            Sha256::digest(bytes).as_slice(),
            "{} not made again",
            entry.display()
        );
    }
}

#[test]
fn an_unusable_cache_folder_changes_nothing() {
    let tmp = tempdir();
    let reference = tmp.path().join("reference");
    build(&reference, &tmp.path().join("cache"), true);
    // A cache folder that cannot be made (under a regular file): every
    // read and write fails, silently, and the outputs are the same.
    let file = tmp.path().join("a-file");
    std::fs::write(&file, b"not a folder").expect("file");
    let out = tmp.path().join("out");
    let output = build(&out, &file.join("cache"), false);
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        outputs(&out) == outputs(&reference),
        "outputs differ without a cache"
    );
}
