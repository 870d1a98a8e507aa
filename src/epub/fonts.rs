//! Fonts embedded in the EPUB (style `epub_fonts: true`): the faces the
//! stylesheet names, so Apple Books, Kobo and KOReader set the issue in
//! the packet's type. Faces are embedded whole, never subset: a subset is
//! a modified font, which the SIL Open Font License forbids to carry the
//! reserved name ("Source") the stylesheet asks for, and the subsetters
//! at hand drop the cmap or the OpenType layout tables an e-reader needs.
//! The Korean faces (2–4 MB each) are left to the reader's own CJK fonts.

use crate::fonts::{self, Bundled};
use crate::model::{Block, FontFile, Inline, Issue};

/// One embedded face.
pub(super) struct Face<'a> {
    /// Path inside the package (`fonts/…`).
    pub path: String,
    pub media_type: &'static str,
    pub data: &'a [u8],
    family: &'static str,
    bold: bool,
    italic: bool,
}

/// Families the stylesheet uses for a house font given as a file.
const BODY: &str = "pressrun body";
const HEADING: &str = "pressrun heading";
const MONO: &str = "pressrun mono";

/// The faces to embed, and warnings about house fonts that cannot be.
pub(super) fn faces(issue: &Issue) -> (Vec<Face<'_>>, Vec<String>) {
    let mut out = Vec::new();
    let mut warnings = Vec::new();
    let files = &issue.style.fonts;
    match &files.body {
        Some(f) => own(&mut out, &mut warnings, f, BODY),
        None => {
            for (b, bold, italic) in [
                (&fonts::SERIF_REGULAR, false, false),
                (&fonts::SERIF_ITALIC, false, true),
                (&fonts::SERIF_BOLD, true, false),
                (&fonts::SERIF_BOLD_ITALIC, true, true),
            ] {
                out.push(bundled(b, "Source Serif 4", bold, italic));
            }
        }
    }
    if let Some(f) = &files.heading {
        own(&mut out, &mut warnings, f, HEADING);
    }
    // Labels, bylines and meta lines.
    out.push(bundled(&fonts::SANS_REGULAR, "Source Sans 3", false, false));
    out.push(bundled(&fonts::SANS_BOLD, "Source Sans 3", true, false));
    if issue.articles().any(|a| {
        a.body
            .iter()
            .chain(a.summary.iter())
            .any(|m| has_code(&m.blocks))
    }) {
        match &files.mono {
            Some(f) => own(&mut out, &mut warnings, f, MONO),
            None => out.push(bundled(
                &fonts::MONO_REGULAR,
                "Source Code Pro",
                false,
                false,
            )),
        }
    }
    (out, warnings)
}

fn bundled(b: &'static Bundled, family: &'static str, bold: bool, italic: bool) -> Face<'static> {
    Face {
        path: format!("fonts/{}.otf", b.name),
        media_type: "font/otf",
        data: b.data,
        family,
        bold,
        italic,
    }
}

/// A house font file: embedded as it is when it is a single OpenType or
/// TrueType face (a collection cannot be named from CSS).
fn own<'a>(
    out: &mut Vec<Face<'a>>,
    warnings: &mut Vec<String>,
    f: &'a FontFile,
    family: &'static str,
) {
    let (ext, media_type) = match f.data.get(..4) {
        Some(b"OTTO") => ("otf", "font/otf"),
        Some([0, 1, 0, 0] | b"true") => ("ttf", "font/ttf"),
        _ => {
            warnings.push(format!(
                "{} is not a single OpenType/TrueType face; the EPUB does not embed it",
                f.path.display()
            ));
            return;
        }
    };
    let slug = family.replace(' ', "-");
    out.push(Face {
        path: format!("fonts/{slug}.{ext}"),
        media_type,
        data: f.data.as_slice(),
        family,
        bold: false,
        italic: false,
    });
}

/// `@font-face` rules for `faces` (they go before the stylesheet).
pub(super) fn faces_css(faces: &[Face<'_>]) -> String {
    let mut css = String::new();
    for f in faces {
        css.push_str(&format!(
            "@font-face {{\n  font-family: \"{}\";\n  font-weight: {};\n  font-style: {};\n  src: url(\"{}\");\n}}\n",
            f.family,
            if f.bold { "bold" } else { "normal" },
            if f.italic { "italic" } else { "normal" },
            f.path
        ));
    }
    css
}

/// Rules that switch the text to house fonts given as files (they go
/// after the stylesheet, to win over its families).
pub(super) fn override_css(faces: &[Face<'_>]) -> String {
    let mut css = String::new();
    for (family, selector, fallback) in [
        (BODY, "body", "serif"),
        (HEADING, "h1, h2, h3, h4, h5, h6", "serif"),
        (MONO, "code, pre", "monospace"),
    ] {
        if faces.iter().any(|f| f.family == family) {
            css.push_str(&format!(
                "{selector} {{ font-family: \"{family}\", {fallback}; }}\n"
            ));
        }
    }
    css
}

fn has_code(blocks: &[Block]) -> bool {
    crate::model::contains(blocks, &|b| matches!(b, Block::Code { .. }), &|i| {
        matches!(i, Inline::Code(_))
    })
}
