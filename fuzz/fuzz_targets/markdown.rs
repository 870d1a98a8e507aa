//! Any text as an article body: conversion must not panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = pressrun::markdown::convert(text, &mut |_, _| Some(0));
    }
});
