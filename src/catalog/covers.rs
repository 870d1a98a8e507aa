//! An issue's cover for the catalog — the one its EPUB carries (the
//! manifest's image or the generated one) — and a thumbnail about
//! [`THUMB_WIDTH`] px wide, PNG or JPEG like the cover.

use image::ImageFormat;
use image::imageops::FilterType;

use super::entries::Image;
use crate::model::{Issue, MediaType};

/// Thumbnail width in pixels (readers show catalog thumbnails small).
pub const THUMB_WIDTH: u32 = crate::epub::cover::THUMBNAIL_WIDTH;

/// `covers/SLUG.png` and `covers/SLUG-thumb.png` (`.jpg` for a JPEG cover).
pub fn paths(slug: &str, media_type: MediaType) -> (String, String) {
    let ext = media_type.extension();
    (
        format!("covers/{slug}.{ext}"),
        format!("covers/{slug}-thumb.{ext}"),
    )
}

/// A cover and its thumbnail: what to write and what the feeds say.
pub struct Covers {
    pub cover: (Image, Vec<u8>),
    pub thumbnail: (Image, Vec<u8>),
}

/// Draws the generated cover and its thumbnail ahead of [`render`] (both
/// are memoised per process), so a build can do it on a free core.
pub fn warm(issue: &Issue) {
    if issue.cover.is_none() {
        let _ = crate::epub::prepare(issue);
    }
}

/// The issue's cover and thumbnail, or Err with why not.
pub fn render(issue: &Issue) -> Result<Covers, String> {
    let (bytes, media_type) = crate::epub::cover_image(issue)
        .ok_or("could not draw the cover: a bundled font failed to load")?;
    let (thumb, (thumb_w, thumb_h), (width, height)) = if issue.cover.is_none() {
        // The generated cover is drawn again at thumbnail size (a fraction
        // of the cost of decoding the full one and resizing it), usually
        // already, beside the layout (see `epub::prepare`).
        let (thumb, w, h) = crate::epub::cover::thumbnail(issue, THUMB_WIDTH)
            .ok_or("could not draw the cover: a bundled font failed to load")?;
        let full = (crate::epub::cover::WIDTH, crate::epub::cover::HEIGHT);
        (thumb, (w, h), full)
    } else {
        resized(&bytes, media_type)?
    };
    let (cover_path, thumb_path) = paths(&issue.slug, media_type);
    let mime = media_type.mime().to_owned();
    Ok(Covers {
        cover: (
            Image {
                href: cover_path,
                media_type: mime.clone(),
                width,
                height,
            },
            bytes.into_owned(),
        ),
        thumbnail: (
            Image {
                href: thumb_path,
                media_type: mime,
                width: thumb_w,
                height: thumb_h,
            },
            thumb,
        ),
    })
}

/// A manifest's cover image made [`THUMB_WIDTH`] px wide: the thumbnail's
/// bytes, its size and the cover's size.
type Resized = (Vec<u8>, (u32, u32), (u32, u32));

fn resized(bytes: &[u8], media_type: MediaType) -> Result<Resized, String> {
    let format = match media_type {
        MediaType::Png => ImageFormat::Png,
        MediaType::Jpeg => ImageFormat::Jpeg,
    };
    let decoded = image::load_from_memory_with_format(bytes, format)
        .map_err(|e| format!("could not read the cover: {e}"))?;
    let (width, height) = (decoded.width(), decoded.height());
    let thumb_w = THUMB_WIDTH.min(width).max(1);
    let thumb_h = ((u64::from(height) * u64::from(thumb_w) + u64::from(width) / 2)
        / u64::from(width.max(1)))
    .max(1) as u32;
    let small = decoded.resize_exact(thumb_w, thumb_h, FilterType::Triangle);
    // Palette and grey covers come back as 8-bit RGB(A); JPEG takes no alpha.
    let small = match media_type {
        MediaType::Png => small,
        MediaType::Jpeg => image::DynamicImage::ImageRgb8(small.to_rgb8()),
    };
    let mut thumb = Vec::new();
    small
        .write_to(&mut std::io::Cursor::new(&mut thumb), format)
        .map_err(|e| format!("could not encode the thumbnail: {e}"))?;
    Ok((thumb, (thumb_w, thumb_h), (width, height)))
}
