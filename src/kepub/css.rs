//! The stylesheet on Kobo.
//!
//! Kobo's renderer inserts spans and divs of its own and paginates
//! `div#book-columns` itself. pressrun's stylesheet already suits it: no
//! rule selects a bare `div` or `span`, and nothing uses flexbox (the
//! kepub tests check both on every build). One rule is added at the end:
//! the body keeps no measure or margin of its own, because the stylesheet's
//! wide-window rule (a readable measure for a browser on the unzipped book)
//! could match on a large Kobo screen and narrow the paginated columns.

/// Appended to every stylesheet of the kepub.
const KOBO: &str = "\n/* kepub: Kobo paginates div#book-columns itself; the body keeps no \
measure or margin of its own (the wide-window rule is for browsers). */\n\
body {\n  max-width: none;\n  margin: 0;\n  padding: 0;\n}\n";

/// The kepub's form of one of the EPUB's stylesheets.
pub(crate) fn stylesheet(css: &str) -> String {
    let mut out = String::with_capacity(css.len() + KOBO.len());
    out.push_str(css);
    out.push_str(KOBO);
    out
}
