//! Reading the files a manifest names: inside the series root, within
//! size limits, UTF-8 text, decodable images.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::{Diagnostic, SourceFile};
use crate::model::{Asset, MediaType};

/// Refuse markdown/YAML files larger than this.
pub const MAX_TEXT_BYTES: u64 = 10 * 1024 * 1024;
/// Refuse images larger than this.
pub const MAX_IMAGE_BYTES: u64 = 20 * 1024 * 1024;
/// Refuse images with more pixels than this (a decompression bomb guard).
const MAX_IMAGE_PIXELS: u64 = 60_000_000;

/// Where a path was named: the file and the byte range of the name.
pub struct Named<'a> {
    pub file: &'a Arc<SourceFile>,
    pub span: Range<usize>,
}

impl Named<'_> {
    fn error(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error(message).at(self.file, self.span.clone())
    }
}

/// Resolves `rel` against `base` (the naming file's folder), follows
/// symlinks and checks the result is a file inside `root`.
pub fn resolve(root: &Path, base: &Path, rel: &str, at: &Named<'_>) -> Result<PathBuf, Diagnostic> {
    if rel.trim().is_empty() {
        return Err(at
            .error("empty path")
            .hint("name a file relative to this manifest"));
    }
    if rel.contains("://") {
        return Err(at
            .error(format!("`{rel}` is a URL; pressrun only reads local files"))
            .hint("download the file into the series folder and name its path"));
    }
    let joined = base.join(rel);
    let resolved = match joined.canonicalize() {
        Ok(p) => p,
        Err(_) => {
            return Err(at
                .error(format!("file `{rel}` not found"))
                .hint(format!("looked for {}", joined.display())));
        }
    };
    if !resolved.starts_with(root) {
        return Err(at
            .error(format!("`{rel}` is outside the series folder"))
            .hint(format!(
                "it resolves to {}, but every file must be inside {}",
                resolved.display(),
                root.display()
            )));
    }
    if !resolved.is_file() {
        return Err(at
            .error(format!("`{rel}` is not a file"))
            .hint(format!("it resolves to {}", resolved.display())));
    }
    Ok(resolved)
}

/// Resolves a path written in markdown, where CommonMark makes it a URL:
/// `img/Second%20photo.png` names `img/Second photo.png`. The decoded path
/// is tried first; a file whose name really holds `%20` is still found.
pub fn resolve_url_path(
    root: &Path,
    base: &Path,
    url: &str,
    at: &Named<'_>,
) -> Result<PathBuf, Diagnostic> {
    let Some(decoded) = percent_decode(url).filter(|d| d != url) else {
        return resolve(root, base, url, at);
    };
    match resolve(root, base, &decoded, at) {
        Ok(p) => Ok(p),
        Err(first) => match base.join(url).exists() {
            true => resolve(root, base, url, at),
            false => {
                let mut d = first.hint(format!("`{url}` is read as a URL: `%XX` decoded"));
                if d.message == format!("file `{decoded}` not found") {
                    d.message = format!("file `{url}` not found");
                }
                Err(d)
            }
        },
    }
}

/// `%XX` escapes decoded as UTF-8; None when they do not decode to text.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied(),
            bytes.get(i + 2).copied(),
        ) {
            (b'%', Some(h), Some(l)) if hex(h).is_some() && hex(l).is_some() => {
                let v = hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0);
                out.push(u8::try_from(v).unwrap_or(b'?'));
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// Reads a text file: size limit, then UTF-8 (naming the first bad byte).
pub fn read_text(path: &Path, at: Option<&Named<'_>>) -> Result<String, Diagnostic> {
    let located = |d: Diagnostic| match at {
        Some(n) => d.at(n.file, n.span.clone()),
        None => d.in_file(path),
    };
    let meta = std::fs::metadata(path).map_err(|e| {
        located(Diagnostic::error(format!(
            "cannot read {}: {e}",
            path.display()
        )))
    })?;
    if meta.len() > MAX_TEXT_BYTES {
        return Err(located(Diagnostic::error(format!(
            "{} is {} MB; text files are limited to {} MB",
            path.display(),
            meta.len() / (1024 * 1024),
            MAX_TEXT_BYTES / (1024 * 1024)
        )))
        .hint("split the article, or check that this is the file you meant"));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        located(Diagnostic::error(format!(
            "cannot read {}: {e}",
            path.display()
        )))
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        located(Diagnostic::error(format!(
            "{} is not valid UTF-8 (first bad byte at offset {offset})",
            path.display()
        )))
        .hint("save the file as UTF-8 in your editor")
    })
}

/// Reads and checks an image: size limit, PNG or JPEG, decodes.
pub fn read_image(path: &Path, name: String, at: &Named<'_>) -> Result<Asset, Diagnostic> {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if size > MAX_IMAGE_BYTES {
        return Err(at
            .error(format!(
                "image {} is {} MB; images are limited to {} MB",
                path.display(),
                size / (1024 * 1024),
                MAX_IMAGE_BYTES / (1024 * 1024)
            ))
            .hint("scale it down; print needs at most 300 dpi at the column width"));
    }
    let data = std::fs::read(path)
        .map_err(|e| at.error(format!("cannot read image {}: {e}", path.display())))?;
    let media_type = match data.as_slice() {
        [0x89, b'P', b'N', b'G', ..] => MediaType::Png,
        [0xFF, 0xD8, 0xFF, ..] => MediaType::Jpeg,
        _ => {
            return Err(at
                .error(format!("{} is not a PNG or JPEG image", path.display()))
                .hint("convert it to PNG (diagrams) or JPEG (photos)"));
        }
    };
    let (width, height, orientation) = match media_type {
        MediaType::Png => check_png(&data).map(|(w, h)| (w, h, 1)),
        MediaType::Jpeg => check_jpeg(&data),
    }
    .map_err(|e| match e {
        Bad::Pixels(w, h) => at
            .error(format!(
                "image {} is {w} × {h} pixels; images are limited to {} megapixels",
                path.display(),
                MAX_IMAGE_PIXELS / 1_000_000
            ))
            .hint("scale it down; print needs at most 300 dpi at the column width"),
        Bad::Decode(e) => at
            .error(format!("image {} does not decode: {e}", path.display()))
            .hint("re-export the image; the file may be truncated or corrupt"),
    })?;
    Ok(Asset {
        path: path.to_owned(),
        name,
        media_type,
        width,
        height,
        orientation,
        data: Arc::new(data),
    })
}

/// Why an image was refused.
enum Bad {
    Pixels(u32, u32),
    Decode(String),
}

impl From<png::DecodingError> for Bad {
    fn from(e: png::DecodingError) -> Self {
        Bad::Decode(e.to_string())
    }
}

fn too_large(width: u32, height: u32) -> bool {
    u64::from(width) * u64::from(height) > MAX_IMAGE_PIXELS
}

/// Checks a PNG is sound (the PDF passes its compressed rows through, so
/// they must inflate): header, every chunk's CRC, and the image data
/// inflated to exactly one filter byte (0–4) plus a row per line. Rows are
/// not unfiltered, which is most of a decoder's work and cannot fail;
/// interlaced images are decoded row by row instead. The whole bitmap is
/// never held.
fn check_png(data: &[u8]) -> Result<(u32, u32), Bad> {
    let limits = png::Limits {
        bytes: 64 * 1024 * 1024,
    };
    let mut reader =
        png::Decoder::new_with_limits(std::io::Cursor::new(data), limits).read_info()?;
    let (width, height) = reader.info().size();
    if too_large(width, height) {
        return Err(Bad::Pixels(width, height));
    }
    // An image found sound before is not inflated again (the check is
    // most of the load of a short issue): the on-disk cache remembers the
    // images that passed, by a 128-bit hash of all their bytes.
    let key = format!(
        "{}\u{0}{:032x}",
        data.len(),
        xxhash_rust::xxh3::xxh3_128(data)
    );
    if crate::cache::get("png-sound", &key).is_some() {
        return Ok((width, height));
    }
    check_png_body(data, &mut reader)?;
    crate::cache::put("png-sound", &key, b"sound");
    Ok((width, height))
}

/// The rows of a PNG whose header was read into `reader`.
fn check_png_body(
    data: &[u8],
    reader: &mut png::Reader<std::io::Cursor<&[u8]>>,
) -> Result<(), Bad> {
    let height = reader.info().height;
    if reader.info().interlaced {
        while reader.next_row()?.is_some() {}
        return Ok(());
    }
    let stride = reader.info().raw_row_length();
    check_png_rows(data, stride, u64::from(height) * stride as u64)
}

/// Walks the chunks after the signature, checking CRCs, and inflates the
/// IDAT data in small pieces, checking each row's filter byte and the total
/// length (`stride` bytes per row, filter byte included).
fn check_png_rows(data: &[u8], stride: usize, expected: u64) -> Result<(), Bad> {
    use flate2::{Decompress, FlushDecompress, Status};
    let cut = || Bad::Decode("the file is cut off inside a chunk".to_owned());
    let mut inflate = Decompress::new(true);
    let mut out = [0u8; 16 * 1024];
    let (mut pos, mut row_at, mut ended) = (8usize, 0usize, false);
    loop {
        let head = data.get(pos..pos + 8).ok_or_else(cut)?;
        let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let body = data.get(pos + 4..pos + 8 + len).ok_or_else(cut)?;
        let crc = data.get(pos + 8 + len..pos + 12 + len).ok_or_else(cut)?;
        if crc32fast::hash(body) != u32::from_be_bytes([crc[0], crc[1], crc[2], crc[3]]) {
            let kind = String::from_utf8_lossy(&body[..4]).into_owned();
            return Err(Bad::Decode(format!("CRC error in the {kind} chunk")));
        }
        match &body[..4] {
            b"IDAT" if !ended => {
                let mut input = &body[4..];
                while !input.is_empty() && !ended {
                    let before = (inflate.total_in(), inflate.total_out());
                    let status = inflate
                        .decompress(input, &mut out, FlushDecompress::None)
                        .map_err(|e| Bad::Decode(format!("image data does not inflate: {e}")))?;
                    let used = (inflate.total_in() - before.0) as usize;
                    let made = (inflate.total_out() - before.1) as usize;
                    input = &input[used..];
                    // Each row starts with its filter type, 0 to 4.
                    while row_at < made {
                        if out[row_at] > 4 {
                            return Err(Bad::Decode(format!(
                                "row {} has an unknown filter type {}",
                                (inflate.total_out() - made as u64 + row_at as u64) / stride as u64,
                                out[row_at]
                            )));
                        }
                        row_at += stride;
                    }
                    row_at -= made;
                    if inflate.total_out() > expected {
                        return Err(Bad::Decode("image data is longer than its rows".into()));
                    }
                    ended = status == Status::StreamEnd;
                    if used == 0 && made == 0 && !ended {
                        return Err(Bad::Decode("image data does not inflate".into()));
                    }
                }
            }
            b"IEND" => break,
            _ => {}
        }
        pos += 12 + len;
    }
    if !ended || inflate.total_out() != expected {
        return Err(Bad::Decode(format!(
            "image data ends after {} of {expected} bytes",
            inflate.total_out()
        )));
    }
    Ok(())
}

/// Decodes a JPEG whole (its decoder has no row-by-row mode), after
/// checking its size from the header; returns its size and EXIF
/// orientation (1 when absent or unreadable: the pixels as stored).
fn check_jpeg(data: &[u8]) -> Result<(u32, u32, u8), Bad> {
    use image::ImageDecoder;
    let bad = |e: image::ImageError| Bad::Decode(e.to_string());
    let mut decoder =
        image::codecs::jpeg::JpegDecoder::new(std::io::Cursor::new(data)).map_err(bad)?;
    let (width, height) = decoder.dimensions();
    if too_large(width, height) {
        return Err(Bad::Pixels(width, height));
    }
    let orientation = decoder.orientation().map_or(1, |o| o.to_exif());
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_IMAGE_PIXELS * 4);
    decoder.set_limits(limits).map_err(bad)?;
    let mut pixels = vec![0u8; decoder.total_bytes().try_into().unwrap_or(usize::MAX)];
    decoder.read_image(&mut pixels).map_err(bad)?;
    // The decoder fills a cut-off file with grey instead of failing; a
    // whole JPEG ends with the end-of-image marker (maybe padded after).
    let tail = &data[data.len().saturating_sub(4096)..];
    if !tail.windows(2).any(|w| w == [0xFF, 0xD9]) {
        return Err(Bad::Decode(
            "the file is cut off (no end-of-image marker)".to_owned(),
        ));
    }
    Ok((width, height, orientation))
}

#[cfg(test)]
mod tests {
    use super::{Bad, check_png, percent_decode};

    /// A 3 × 2 RGB PNG whose raw rows (filter byte first) are `rows`.
    fn png_with_rows(rows: &[u8]) -> Vec<u8> {
        fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
            out.extend_from_slice(&(data.len() as u32).to_be_bytes());
            let mut body = kind.to_vec();
            body.extend_from_slice(data);
            out.extend_from_slice(&body);
            out.extend_from_slice(&crc32fast::hash(&body).to_be_bytes());
        }
        let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&3u32.to_be_bytes());
        ihdr.extend_from_slice(&2u32.to_be_bytes());
        ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
        chunk(&mut out, b"IHDR", &ihdr);
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut z, rows).expect("deflate");
        chunk(&mut out, b"IDAT", &z.finish().expect("deflate"));
        chunk(&mut out, b"IEND", &[]);
        out
    }

    fn refused(data: &[u8]) -> String {
        match check_png(data) {
            Err(Bad::Decode(why)) => why,
            Err(Bad::Pixels(..)) => "too large".to_owned(),
            Ok(_) => "accepted".to_owned(),
        }
    }

    #[test]
    fn sound_pngs_pass_and_every_kind_of_damage_is_refused() {
        let rows = [[0u8; 10], [2; 10]].concat();
        let good = png_with_rows(&rows);
        assert!(matches!(check_png(&good), Ok((3, 2))));
        // The png crate decodes it the same way (the checker is not laxer).
        assert!(image::load_from_memory(&good).is_ok());

        let short = png_with_rows(&rows[..15]);
        assert!(
            refused(&short).contains("ends after 15 of 20"),
            "{}",
            refused(&short)
        );
        let long = png_with_rows(&[rows.as_slice(), &[0; 10]].concat());
        assert!(refused(&long).contains("longer"), "{}", refused(&long));
        let mut filter = rows.clone();
        filter[10] = 7;
        assert!(refused(&png_with_rows(&filter)).contains("row 1 has an unknown filter type 7"));
        let mut flipped = good.clone();
        let at = flipped.len() - 20; // inside the IDAT data
        flipped[at] ^= 0x55;
        assert!(refused(&flipped).contains("CRC"), "{}", refused(&flipped));
        let cut = &good[..good.len() - 16];
        assert_ne!(refused(cut), "accepted");
    }

    #[test]
    fn percent_escapes_decode_as_utf8() {
        assert_eq!(percent_decode("a%20b%2Fc").as_deref(), Some("a b/c"));
        assert_eq!(percent_decode("caf%C3%A9").as_deref(), Some("café"));
        assert_eq!(percent_decode("100%").as_deref(), Some("100%"));
        assert_eq!(percent_decode("%zz%4").as_deref(), Some("%zz%4"));
        assert_eq!(percent_decode("%FF"), None);
    }
}
