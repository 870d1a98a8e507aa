//! Every edition of the sample, a 60-item issue and each fixture, built
//! through the driver, hashed and compared with `tests/output-hashes.txt`.
//! A refactoring must leave these bytes alone; a change meant to alter
//! output updates the file on purpose:
//!
//!     PRESSRUN_UPDATE_HASHES=1 cargo test --test integration hashes

use std::collections::BTreeMap;
use std::fmt::Write as _;

use pressrun::model::Issue;
use sha2::{Digest, Sha256};

use crate::support::root;

fn load(path: &str) -> Issue {
    let opts = pressrun::manifest::LoadOptions {
        timestamp: 1_700_000_000,
    };
    match pressrun::manifest::load(&root().join(path), &opts) {
        Ok(w) => w.output,
        Err(e) => panic!("{path} loads: {e:?}"),
    }
}

/// The sample with 60 related items (its four, cycled, with bodies), as
/// the benches build it.
fn sixty() -> Issue {
    let mut issue = load("issues/2026-11-24/issue.yaml");
    let base = issue.related.clone();
    let body = base.iter().find_map(|a| a.body.clone());
    issue.related = (0..60)
        .map(|n| {
            let mut a = base[n % base.len()].clone();
            a.title = format!("{} ({})", a.title, n + 1);
            if n % 3 == 0 && a.body.is_none() {
                a.body = body.clone();
            }
            a
        })
        .collect();
    issue
}

fn hashes() -> BTreeMap<String, String> {
    let mut issues = vec![
        ("sample".to_owned(), load("issues/2026-11-24/issue.yaml")),
        ("sixty".to_owned(), sixty()),
        (
            "multilingual".to_owned(),
            load("tests/fixtures/multilingual/2026-12-01/issue.yaml"),
        ),
    ];
    let fixtures = root().join("tests/fixtures/epub");
    let mut names: Vec<String> = std::fs::read_dir(&fixtures)
        .expect("fixtures folder")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().join("issue.yaml").exists())
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    names.sort();
    for name in names {
        let issue = load(&format!("tests/fixtures/epub/{name}/issue.yaml"));
        issues.push((name, issue));
    }
    let mut out = BTreeMap::new();
    for (name, issue) in issues {
        // The email edition needs a sender (series.yaml `delivery:`).
        let editions: Vec<_> = pressrun::build::registry()
            .iter()
            .copied()
            .filter(|e| e.name() != "email" || issue.delivery.is_some())
            .collect();
        let built = pressrun::build::issue(&issue, &editions);
        assert!(!built.has_errors(), "{name}: {:?}", built.diagnostics);
        // A file in a folder (the web edition's pages, stylesheet and
        // images) counts towards one hash per folder: `sample/SLUG/`.
        let mut hashers: BTreeMap<String, Sha256> = BTreeMap::new();
        for o in &built.outputs {
            let path = o.path.to_string_lossy().replace('\\', "/");
            let key = match path.split_once('/') {
                Some((dir, _)) => format!("{name}/{dir}/"),
                None => format!("{name}/{path}"),
            };
            let h = hashers.entry(key.clone()).or_default();
            if key.ends_with('/') {
                h.update(path.as_bytes());
                h.update((o.bytes.len() as u64).to_le_bytes());
            }
            h.update(&o.bytes);
        }
        for (key, h) in hashers {
            let mut hex = String::new();
            for b in h.finalize() {
                let _ = write!(hex, "{b:02x}");
            }
            out.insert(key, hex);
        }
    }
    out
}

#[test]
fn outputs_match_the_checked_in_hashes() {
    let path = root().join("tests/output-hashes.txt");
    let now = hashes();
    let text: String = now.iter().map(|(k, v)| format!("{v}  {k}\n")).collect();
    if std::env::var_os("PRESSRUN_UPDATE_HASHES").is_some() {
        std::fs::write(&path, text).expect("write tests/output-hashes.txt");
        return;
    }
    let saved = std::fs::read_to_string(&path).expect("tests/output-hashes.txt");
    let saved: BTreeMap<String, String> = saved
        .lines()
        .filter_map(|l| l.split_once("  "))
        .map(|(h, k)| (k.to_owned(), h.to_owned()))
        .collect();
    let changed: Vec<&String> = now
        .keys()
        .chain(saved.keys())
        .filter(|k| now.get(*k) != saved.get(*k))
        .collect();
    assert!(
        changed.is_empty(),
        "outputs changed: {changed:?}\n(if meant, PRESSRUN_UPDATE_HASHES=1 cargo test --test integration hashes)"
    );
}
