//! Integration tests: run the binary on fixtures.
