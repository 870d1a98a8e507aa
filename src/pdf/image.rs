//! Images → image XObjects, added in lopdf after printpdf has written the
//! pages (which only say `/ImN Do`). Lossless and without re-encoding
//! where possible: PNG data passes through as Flate with the PNG
//! predictor, JPEG as DCT; anything else (alpha, palettes, 16-bit, CMYK)
//! is decoded once and stored Flate-compressed, never as a new JPEG.

use std::sync::Arc;

use crate::frame::{ImageFormat, ImageItem};
use lopdf::{Dictionary, Document as LoDocument, Object, Stream};

/// Distinct images of the document, in first-use order.
#[derive(Default)]
pub(super) struct Images {
    seen: Vec<(Arc<Vec<u8>>, ImageFormat)>,
}

impl Images {
    /// Registers the image (once).
    pub fn add(&mut self, image: &ImageItem) {
        if self.index_of(image).is_none() {
            self.seen.push((image.data.clone(), image.format));
        }
    }

    fn index_of(&self, image: &ImageItem) -> Option<usize> {
        self.seen
            .iter()
            .position(|(data, _)| Arc::ptr_eq(data, &image.data) || data == &image.data)
    }

    /// The resource name of a registered image.
    pub fn name_of(&self, image: &ImageItem) -> Option<String> {
        self.index_of(image).map(name)
    }

    /// Adds every image to `doc` and to the pages' XObject resources.
    pub fn embed(&self, doc: &mut LoDocument) -> Result<(), String> {
        if self.seen.is_empty() {
            return Ok(());
        }
        let mut entries = Vec::new();
        for (index, (data, media)) in self.seen.iter().enumerate() {
            let stream = match media {
                ImageFormat::Png => png_passthrough(data),
                ImageFormat::Jpeg => jpeg_passthrough(data),
            };
            let stream = match stream {
                Some(s) => s,
                None => decoded(doc, data)?,
            };
            entries.push((name(index), doc.add_object(stream)));
        }
        // printpdf gives every page the same XObject dictionary object.
        let pages: Vec<lopdf::ObjectId> = doc.get_pages().into_values().collect();
        for page in pages {
            let resources = doc
                .get_dictionary(page)
                .and_then(|p| p.get(b"Resources"))
                .and_then(Object::as_reference)
                .map_err(|e| e.to_string())?;
            let xobjects = doc
                .get_dictionary(resources)
                .and_then(|r| r.get(b"XObject"))
                .and_then(Object::as_reference)
                .map_err(|e| e.to_string())?;
            let dict = doc
                .get_dictionary_mut(xobjects)
                .map_err(|e| e.to_string())?;
            for (n, id) in &entries {
                dict.set(n.as_bytes().to_vec(), Object::Reference(*id));
            }
        }
        Ok(())
    }
}

fn name(index: usize) -> String {
    format!("Im{index}")
}

fn image_dict(width: u32, height: u32, color_space: &str, bits: u8) -> Dictionary {
    let mut d = Dictionary::new();
    d.set("Type", "XObject");
    d.set("Subtype", "Image");
    d.set("Width", Object::Integer(i64::from(width)));
    d.set("Height", Object::Integer(i64::from(height)));
    d.set("ColorSpace", Object::Name(color_space.as_bytes().to_vec()));
    d.set("BitsPerComponent", Object::Integer(i64::from(bits)));
    d
}

/// A non-interlaced 8-bit grey or RGB PNG: its zlib data is already what
/// PDF's FlateDecode with PNG predictors reads.
fn png_passthrough(data: &[u8]) -> Option<Stream> {
    let body = data.strip_prefix(b"\x89PNG\r\n\x1a\n")?;
    let mut pos = 0;
    let mut header = None;
    let mut idat = Vec::new();
    while pos + 8 <= body.len() {
        let len = u32::from_be_bytes(body[pos..pos + 4].try_into().ok()?) as usize;
        let kind = &body[pos + 4..pos + 8];
        let chunk = body.get(pos + 8..pos + 8 + len)?;
        match kind {
            b"IHDR" if len >= 13 => header = Some(chunk.to_vec()),
            b"IDAT" => idat.extend_from_slice(chunk),
            // Colour-managed or transparent PNGs take the decoding path.
            b"tRNS" | b"PLTE" => return None,
            b"IEND" => break,
            _ => {}
        }
        pos += 12 + len;
    }
    let h = header?;
    let width = u32::from_be_bytes(h[0..4].try_into().ok()?);
    let height = u32::from_be_bytes(h[4..8].try_into().ok()?);
    let (bits, color, interlace) = (h[8], h[9], h[12]);
    let (space, colors) = match color {
        0 => ("DeviceGray", 1),
        2 => ("DeviceRGB", 3),
        _ => return None,
    };
    if bits != 8 || interlace != 0 || idat.is_empty() {
        return None;
    }
    let mut dict = image_dict(width, height, space, bits);
    dict.set("Filter", "FlateDecode");
    let mut parms = Dictionary::new();
    parms.set("Predictor", Object::Integer(15));
    parms.set("Colors", Object::Integer(colors));
    parms.set("BitsPerComponent", Object::Integer(i64::from(bits)));
    parms.set("Columns", Object::Integer(i64::from(width)));
    dict.set("DecodeParms", Object::Dictionary(parms));
    Some(Stream::new(dict, idat).with_compression(false))
}

/// A baseline or progressive JPEG with 1 or 3 components, kept as is.
fn jpeg_passthrough(data: &[u8]) -> Option<Stream> {
    if !data.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut pos = 2;
    while pos + 4 <= data.len() {
        if data[pos] != 0xFF {
            return None;
        }
        let marker = data[pos + 1];
        let len = usize::from(u16::from_be_bytes([data[pos + 2], data[pos + 3]]));
        // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
        if (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            let seg = data.get(pos + 4..pos + 2 + len)?;
            let bits = *seg.first()?;
            let height = u32::from(u16::from_be_bytes([*seg.get(1)?, *seg.get(2)?]));
            let width = u32::from(u16::from_be_bytes([*seg.get(3)?, *seg.get(4)?]));
            let space = match seg.get(5)? {
                1 => "DeviceGray",
                3 => "DeviceRGB",
                _ => return None,
            };
            let mut dict = image_dict(width, height, space, bits);
            dict.set("Filter", "DCTDecode");
            return Some(Stream::new(dict, data.to_vec()).with_compression(false));
        }
        pos += 2 + len;
    }
    None
}

/// Decodes the image; alpha goes to a soft mask. Streams are left
/// uncompressed here and Flate-compressed when the document is.
fn decoded(doc: &mut LoDocument, data: &[u8]) -> Result<Stream, String> {
    let img = image::load_from_memory(data).map_err(|e| format!("cannot decode image: {e}"))?;
    let (width, height) = (img.width(), img.height());
    let mut dict = image_dict(width, height, "DeviceRGB", 8);
    if img.color().has_alpha() {
        let rgba = img.into_rgba8();
        let alpha: Vec<u8> = rgba.pixels().map(|p| p.0[3]).collect();
        let rgb: Vec<u8> = rgba
            .pixels()
            .flat_map(|p| [p.0[0], p.0[1], p.0[2]])
            .collect();
        let mask = doc.add_object(Stream::new(
            image_dict(width, height, "DeviceGray", 8),
            alpha,
        ));
        dict.set("SMask", Object::Reference(mask));
        Ok(Stream::new(dict, rgb))
    } else {
        Ok(Stream::new(dict, img.into_rgb8().into_raw()))
    }
}
