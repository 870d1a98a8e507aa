//! `pressrun watch`: build, then build again whenever a manifest, a
//! markdown file, an image or the series file changes — the edit, save,
//! look loop of writing an issue. A failed rebuild leaves the last good
//! outputs in place (as every build does) and waits for the next save.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify::event::ModifyKind;
use notify::{Event, EventKind, RecursiveMode, Watcher};

use super::build::{self, Job};
use super::report::Output;
use super::{EXIT_INVALID, EXIT_USAGE};

/// Saves come as bursts of events (temp file, rename, chmod) within a
/// millisecond or two: one build per burst, once the events stop for
/// this long. Short, because the time from a save to the new outputs is
/// the loop's whole point; a build that reads a file still being written
/// fails cleanly and the next event builds again.
const SETTLE: Duration = Duration::from_millis(8);

pub fn run(job: &Job, out: &Output) -> u8 {
    if let Some(dir) = &job.out
        && let Err(e) = build::check_out_dir(dir)
    {
        out.usage_error(&e);
        return EXIT_USAGE;
    }
    build::run(job, out);
    let (tx, rx) = mpsc::channel::<notify::Result<Event>>();
    let mut watcher = match notify::recommended_watcher(tx) {
        Ok(w) => w,
        Err(e) => {
            out.usage_error(&format!("cannot watch for changes: {e}"));
            return EXIT_INVALID;
        }
    };
    let mut watched = Vec::new();
    for path in &job.paths {
        let mode = if path.is_dir() {
            RecursiveMode::Recursive
        } else {
            RecursiveMode::NonRecursive
        };
        if let Err(e) = watcher.watch(path, mode) {
            out.usage_error(&format!("cannot watch {}: {e}", path.display()));
            return EXIT_USAGE;
        }
        watched.push(path.clone());
        // The series file above an issue folder is part of its input.
        if let Some(series) = series_above(path)
            && !watched.iter().any(|w| series.starts_with(w))
            && watcher.watch(&series, RecursiveMode::NonRecursive).is_ok()
        {
            watched.push(series);
        }
    }
    let outputs = job.out.as_ref().and_then(|o| o.canonicalize().ok());
    if !out.quiet {
        eprintln!(
            "watching {} for changes (Ctrl-C to stop)",
            job.paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    while let Ok(first) = rx.recv() {
        let saved = Instant::now();
        // Take the rest of the burst, then build once.
        let mut events = vec![first];
        while let Ok(more) = rx.recv_timeout(SETTLE) {
            events.push(more);
        }
        let mut changed: Vec<PathBuf> = Vec::new();
        for event in events {
            match event {
                Ok(e) if changes_content(&e.kind) => changed.extend(
                    e.paths
                        .into_iter()
                        .filter(|p| is_input(p, outputs.as_deref())),
                ),
                Ok(_) => {}
                Err(e) => eprintln!("watch error: {e}"),
            }
        }
        changed.sort();
        changed.dedup();
        let Some(first) = changed.first() else {
            continue;
        };
        if !out.quiet {
            let more = match changed.len() {
                1 => String::new(),
                n => format!(" and {} more", n - 1),
            };
            eprintln!("changed: {}{more}", first.display());
        }
        build::run(job, out);
        if out.verbose {
            eprintln!(
                "outputs on disk {:.1} ms after the save",
                saved.elapsed().as_secs_f64() * 1000.0
            );
        }
    }
    0
}

/// Writes, creations, renames and deletions; not reads (a build opens
/// every input, which would start the next build) nor metadata.
fn changes_content(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(m) => !matches!(m, ModifyKind::Metadata(_)),
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
    }
}

/// Whether a changed path can change an issue: not an output (which may
/// sit inside a watched folder), not a pressrun temporary file, not an
/// editor's swap or backup file.
fn is_input(path: &Path, outputs: Option<&Path>) -> bool {
    if outputs.is_some_and(|o| path.starts_with(o)) {
        return false;
    }
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    !(name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.starts_with("#"))
}

/// The nearest `series.yaml` in a folder above `path`, if any.
fn series_above(path: &Path) -> Option<PathBuf> {
    crate::manifest::series_file(path.canonicalize().ok()?.parent()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outputs_temp_and_swap_files_are_not_inputs() {
        let out = Path::new("/s/out");
        assert!(is_input(Path::new("/s/2026-11-24/lead.md"), Some(out)));
        assert!(is_input(Path::new("/s/series.yaml"), Some(out)));
        for p in [
            "/s/out/a.pdf",
            "/s/out/.pressrun-x.tmp",
            "/s/2026-11-24/.lead.md.swp",
            "/s/2026-11-24/lead.md~",
            "/s/2026-11-24/#lead.md#",
        ] {
            assert!(!is_input(Path::new(p), Some(out)), "{p}");
        }
    }
}
