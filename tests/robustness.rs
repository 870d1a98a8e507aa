//! Mutated manifests and markdown: loading returns errors, never panics.
//! (A deterministic mutation loop; `fuzz/` has the coverage-guided version.)

use std::path::Path;

use pressrun::manifest::{LoadOptions, load_str};

/// xorshift64*: a fixed sequence, so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const PIECES: &[&str] = &[
    ":",
    "- ",
    "\n",
    "  ",
    "&a ",
    "*a",
    "[",
    "]",
    "{",
    "}",
    "\"",
    "'",
    "|",
    ">",
    "#",
    "é",
    "한",
    "\t",
    "!!str ",
    "~",
    "2024-02-30",
    "-1",
    "body: x.md",
];

fn mutate(text: &str, rng: &mut Rng) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..=rng.below(4) {
        let at = rng.below(chars.len() + 1);
        match rng.below(3) {
            0 if !chars.is_empty() => {
                let end = (at + rng.below(8)).min(chars.len());
                chars.drain(at.min(end)..end);
            }
            1 => {
                let piece = PIECES[rng.below(PIECES.len())];
                for (i, c) in piece.chars().enumerate() {
                    chars.insert((at + i).min(chars.len()), c);
                }
            }
            _ => {
                let c = chars.get(at).copied().unwrap_or('x');
                chars.insert(at.min(chars.len()), c);
            }
        }
    }
    chars.into_iter().collect()
}

#[test]
fn mutated_manifests_never_panic() {
    let root = crate::support::root();
    let dir = root
        .join("issues/2026-11-24")
        .canonicalize()
        .expect("sample exists");
    let sample = std::fs::read_to_string(dir.join("issue.yaml")).expect("sample manifest");
    let opts = LoadOptions { timestamp: 0 };
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut rejected = 0;
    for _ in 0..150 {
        let text = mutate(&sample, &mut rng);
        match load_str(Path::new("issue.yaml"), &text, &dir, &opts) {
            Ok(_) => {}
            Err(diags) => {
                rejected += 1;
                assert!(
                    diags.iter().any(|d| d.is_error()),
                    "an Err carries an error"
                );
            }
        }
    }
    assert!(rejected > 0, "some mutations must be invalid");
}

#[test]
fn mutated_markdown_never_panics() {
    let root = crate::support::root();
    let lead =
        std::fs::read_to_string(root.join("issues/2026-11-24/lead.md")).expect("sample lead");
    let mut rng = Rng(42);
    for _ in 0..300 {
        let text = mutate(&lead, &mut rng);
        let _ = pressrun::markdown::convert(&text, &mut |_, _| Some(0));
    }
}
