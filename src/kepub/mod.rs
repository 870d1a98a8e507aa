//! EPUB bytes → Kobo kepub bytes (`SLUG.kepub.epub`), in the manner of
//! kepubify: Kobo's own renderer opens a kepub, and only with it do
//! reading statistics, time left, highlights and notes work.
//!
//! # Steps
//! - [`package`]: the OPF's path, then from the OPF the spine's content
//!   documents and the stylesheets; the cover image must already carry
//!   `properties="cover-image"` (the EPUB writer marks it).
//! - [`transform`]: each content document gets a `koboSpan` around every
//!   sentence ([`spans`] cuts them) and every image, and its body's content
//!   goes into `div#book-columns > div#book-inner`.
//! - [`css`]: the stylesheet, with one Kobo rule added.
//! - Repack: the entries in the EPUB's order, mimetype first and stored;
//!   rewritten entries keep their entry time and get the EPUB's own zip
//!   options, all others are copied raw (no recompression).

mod css;
mod package;
mod spans;
mod transform;

use std::io::{Cursor, Read, Write};

use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// Converts the bytes of an EPUB that pressrun wrote into a kepub.
pub fn convert(epub: &[u8]) -> Result<Vec<u8>, String> {
    let zip_error = |e: zip::result::ZipError| e.to_string();
    let mut archive = ZipArchive::new(Cursor::new(epub)).map_err(zip_error)?;
    let container = read_text(&mut archive, "META-INF/container.xml")?;
    let opf_path = package::rootfile(&container)?;
    let opf = read_text(&mut archive, &opf_path)?;
    let parts = package::parts(&opf, &opf_path).map_err(|e| format!("{opf_path}: {e}"))?;
    if !parts.cover_image {
        return Err(format!(
            "{opf_path} marks no item `properties=\"cover-image\"`, which Kobo needs"
        ));
    }
    let mut writer = ZipWriter::new(Cursor::new(Vec::with_capacity(epub.len() + epub.len() / 8)));
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).map_err(zip_error)?;
        let name = file.name().to_owned();
        let mtime = file.last_modified().unwrap_or_default();
        let is_content = parts.content.contains(&name);
        if is_content || parts.styles.contains(&name) {
            let mut text = String::new();
            file.read_to_string(&mut text)
                .map_err(|e| format!("{name}: {e}"))?;
            let (bytes, options) = if is_content {
                let page = transform::content(&text).map_err(|e| format!("{name}: {e}"))?;
                (page, crate::epub::page_options(mtime))
            } else {
                (
                    css::stylesheet(&text),
                    crate::epub::entry_options(CompressionMethod::Deflated, mtime),
                )
            };
            writer.start_file(name, options).map_err(zip_error)?;
            writer
                .write_all(bytes.as_bytes())
                .map_err(|e| e.to_string())?;
        } else {
            writer.raw_copy_file(file).map_err(zip_error)?;
        }
    }
    let missing: Vec<&String> = parts
        .content
        .iter()
        .filter(|p| archive.index_for_name(p).is_none())
        .collect();
    if !missing.is_empty() {
        return Err(format!("the spine names files the zip lacks: {missing:?}"));
    }
    Ok(writer.finish().map_err(zip_error)?.into_inner())
}

fn read_text(archive: &mut ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<String, String> {
    let mut file = archive.by_name(name).map_err(|e| format!("{name}: {e}"))?;
    let mut text = String::new();
    file.read_to_string(&mut text)
        .map_err(|e| format!("{name}: {e}"))?;
    Ok(text)
}
