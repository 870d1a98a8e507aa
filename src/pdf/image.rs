//! Images → XObjects, decoded once per distinct image and kept lossless
//! (printpdf writes the pixels Flate-compressed; nothing is re-encoded as JPEG).

use std::sync::Arc;

use printpdf::{
    CurTransMat, Op, PdfDocument, RawImage, RawImageData, RawImageFormat, XObject, XObjectId,
    XObjectTransform,
};

use crate::layout::{ImageItem, Point};

/// Images already added to the document, by data identity.
#[derive(Default)]
pub(super) struct Images {
    seen: Vec<(Arc<Vec<u8>>, XObjectId)>,
}

impl Images {
    /// Adds the image (once) and returns its resource id.
    pub fn add(&mut self, pdf: &mut PdfDocument, image: &ImageItem) -> Result<XObjectId, String> {
        if let Some((_, id)) = self
            .seen
            .iter()
            .find(|(data, _)| Arc::ptr_eq(data, &image.data) || data == &image.data)
        {
            return Ok(id.clone());
        }
        let raw = decode(&image.data)?;
        let id = XObjectId(format!("Im{}", self.seen.len()));
        pdf.resources
            .xobjects
            .map
            .insert(id.clone(), XObject::Image(raw));
        self.seen.push((image.data.clone(), id.clone()));
        Ok(id)
    }
}

fn decode(data: &[u8]) -> Result<RawImage, String> {
    let decoded = image::load_from_memory(data).map_err(|e| e.to_string())?;
    let (width, height) = (decoded.width() as usize, decoded.height() as usize);
    let (pixels, data_format) = if decoded.color().has_alpha() {
        (decoded.into_rgba8().into_raw(), RawImageFormat::RGBA8)
    } else {
        (decoded.into_rgb8().into_raw(), RawImageFormat::RGB8)
    };
    Ok(RawImage {
        pixels: RawImageData::U8(pixels),
        width,
        height,
        data_format,
        tag: Vec::new(),
    })
}

/// Draws image `id` into the box at `at` (top-left) of `image.size`.
pub(super) fn draw(
    ops: &mut Vec<Op>,
    id: XObjectId,
    image: &ImageItem,
    at: Point,
    page_height: f64,
) {
    let bottom = page_height - at.y - image.size.height;
    ops.push(Op::SaveGraphicsState);
    // An image occupies the unit square; scale it to the box and move it.
    ops.push(Op::SetTransformationMatrix {
        matrix: CurTransMat::Raw([
            image.size.width as f32,
            0.0,
            0.0,
            image.size.height as f32,
            at.x as f32,
            bottom as f32,
        ]),
    });
    ops.push(Op::UseXobject {
        id,
        transform: XObjectTransform {
            no_auto_scale: true,
            ..XObjectTransform::default()
        },
    });
    ops.push(Op::RestoreGraphicsState);
}
