//! pressrun compiles a newsletter issue, written as a YAML manifest with
//! markdown articles, into an EPUB and a typeset PDF briefing packet.
//!
//! # Steps
//! - **Loading** ([`manifest::load`]): `issue.yaml` + `series.yaml` → raw
//!   structs → validated [`model::Issue`], with markdown parsed by
//!   [`markdown::convert`] and images read and checked.
//! - **Driver** ([`build::issue`]): `&Issue` + the editions asked for →
//!   every output's bytes and every diagnostic. Editions
//!   ([`build::Edition`]) are renderers registered by name; the driver lays
//!   the issue out once when one of them needs printed pages.
//! - **EPUB** ([`epub::write`]): `&Issue` → EPUB bytes.
//! - **kepub** ([`kepub::convert`]): EPUB bytes → Kobo kepub bytes (sentence
//!   spans, Kobo's wrapper divs).
//! - **Layout** ([`layout::layout_issue`]): `&Issue` → [`frame::Document`]
//!   (pages of positioned glyph runs, rules, images and link areas) and
//!   [`frame::PageMap`] (where each printed page begins in the text).
//! - **PDF** ([`pdf::write`]): `&Document` → PDF bytes; draws frames only.
//! - **Web** ([`web::write`]): `&Issue` → a static page per issue and per
//!   article, with stylesheet, cover and images.
//! - **Series** ([`build::series`]): every issue of a series + the output
//!   folder → series-level outputs ([`build::SeriesEdition`]): the
//!   [`catalog`] feeds (OPDS 1.2 and 2.0), covers and thumbnails.
//! - **Email** ([`email::letter`], [`email::message`]): `&Issue` → an
//!   RFC 5322 message (plain text + HTML); [`email::smtp`] sends it.
//! - **Output** ([`output::write_atomic`]): bytes → file, via a temporary
//!   file renamed into place.

pub mod archive;
pub mod build;
mod cache;
pub mod catalog;
pub mod cli;
pub mod diag;
pub mod email;
pub mod epub;
pub mod fonts;
pub mod frame;
mod heap;
pub mod kepub;
pub mod layout;
pub mod manifest;
pub mod markdown;
pub mod model;
pub mod output;
pub mod pdf;
pub mod web;
