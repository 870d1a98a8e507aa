//! Ctrl-C (SIGINT) and SIGTERM during a build: remove the build's
//! temporary files, then exit with the shell's status for the signal
//! (128 + its number: 130, 143). Without this the default action kills
//! the process mid-write and leaves full-size hidden files behind.

/// Starts a thread that waits for SIGINT/SIGTERM. A failure to install
/// leaves the default behaviour (the next build sweeps what is left).
#[cfg(unix)]
pub fn install() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
        return;
    };
    let spawned = std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                // Held until exit: no temporary is created or renamed after.
                let _held = crate::output::remove_temporaries();
                std::process::exit(128 + signal);
            }
        });
    drop(spawned);
}

#[cfg(not(unix))]
pub fn install() {}
