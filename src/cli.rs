//! Command line: clap arguments → actions; renders diagnostics.
