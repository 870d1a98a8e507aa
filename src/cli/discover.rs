//! Which manifests a PATH names.

use std::path::{Path, PathBuf};

/// Manifests for the given paths, in a stable order, without duplicates.
pub fn manifests(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut found = Vec::new();
    for path in paths {
        if path.is_file() {
            found.push(path.clone());
        } else if path.is_dir() {
            let direct = path.join("issue.yaml");
            if direct.is_file() {
                found.push(direct);
            } else {
                let before = found.len();
                walk(path, &mut found);
                if found.len() == before {
                    return Err(format!("no issue.yaml found under {}", path.display()));
                }
            }
        } else {
            return Err(format!("{} does not exist", path.display()));
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    found.retain(|p| seen.insert(p.canonicalize().unwrap_or_else(|_| p.clone())));
    Ok(found)
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') || name == "target" || name == "node_modules" {
            continue;
        }
        // Symlinked folders are not followed: they could loop.
        let is_link = path
            .symlink_metadata()
            .is_ok_and(|m| m.file_type().is_symlink());
        if path.is_dir() && !is_link {
            walk(&path, found);
        } else if name == "issue.yaml" {
            found.push(path);
        }
    }
}
