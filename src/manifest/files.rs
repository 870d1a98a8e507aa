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
    let format = match media_type {
        MediaType::Png => image::ImageFormat::Png,
        MediaType::Jpeg => image::ImageFormat::Jpeg,
    };
    let mut reader = image::ImageReader::with_format(std::io::Cursor::new(&data), format);
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_IMAGE_PIXELS * 4);
    reader.limits(limits);
    let decoded = reader.decode().map_err(|e| {
        at.error(format!("image {} does not decode: {e}", path.display()))
            .hint("re-export the image; the file may be truncated or corrupt")
    })?;
    Ok(Asset {
        path: path.to_owned(),
        name,
        media_type,
        width: decoded.width(),
        height: decoded.height(),
        data: Arc::new(data),
    })
}
