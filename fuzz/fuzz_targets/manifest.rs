//! Any bytes as issue.yaml: loading must return Ok or located errors, never panic or hang.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use pressrun::manifest::{LoadOptions, load_str};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let dir = std::env::temp_dir();
        let _ = load_str(Path::new("issue.yaml"), text, &dir, &LoadOptions { timestamp: 0 });
    }
});
