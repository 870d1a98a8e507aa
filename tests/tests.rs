//! Integration tests, one binary (see Cargo.toml `[[test]]`).
//!
//! Tests that need outside validators (EPUBCheck, qpdf, poppler) run when
//! the tools are present; with `PRESSRUN_REQUIRE_TOOLS=1` (set by `.ci/run`)
//! a missing tool fails the test instead of skipping it.

mod archive;
mod cache;
mod catalog;
mod cli;
mod commonmark;
mod email;
mod epub;
mod hashes;
mod kepub;
mod kindle;
mod page_map;
mod pdf;
mod reliability;
mod robustness;
mod scripts;
mod support;
mod text;
mod web;
