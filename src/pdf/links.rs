//! Link areas → borderless link annotations (URI or internal /XYZ).

use printpdf::{
    Actions, BorderArray, ColorArray, Destination, HighlightingMode, LinkAnnotation, Op, Pt, Rect,
};

use crate::frame::{LinkTarget, Point, Size};

pub(super) fn draw(
    ops: &mut Vec<Op>,
    target: &LinkTarget,
    size: Size,
    at: Point,
    page_heights: &[f64],
    page_height: f64,
) {
    let actions = match target {
        LinkTarget::Url(url) => Actions::Uri(url.clone()),
        LinkTarget::Internal { page, y } => {
            let height = page_heights.get(*page).copied().unwrap_or(page_height);
            Actions::Goto(Destination::Xyz {
                page: page + 1,
                // Some viewers read a missing `left` as a zoom link.
                left: Some(0.0),
                top: Some((height - y) as f32),
                zoom: None,
            })
        }
    };
    let rect = Rect {
        x: Pt(at.x as f32),
        y: Pt((page_height - at.y - size.height) as f32),
        width: Pt(size.width as f32),
        height: Pt(size.height as f32),
        mode: None,
        winding_order: None,
    };
    ops.push(Op::LinkAnnotation {
        link: LinkAnnotation::new(
            rect,
            actions,
            Some(BorderArray::Solid([0.0, 0.0, 0.0])),
            Some(ColorArray::Transparent),
            Some(HighlightingMode::None),
        ),
    });
}
