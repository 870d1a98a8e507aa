//! What the kepub reads from the EPUB's package: the OPF's path (from
//! `META-INF/container.xml`), and from the OPF the content documents in
//! the spine, the stylesheets, and whether the cover image is marked the
//! way Kobo reads it (`properties="cover-image"`).

use quick_xml::Reader;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};

/// Zip paths of the parts the kepub rewrites.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Parts {
    /// XHTML content documents in the spine, in spine order.
    pub(crate) content: Vec<String>,
    /// CSS stylesheets in the manifest.
    pub(crate) styles: Vec<String>,
    /// Whether a manifest item has `properties="cover-image"`.
    pub(crate) cover_image: bool,
}

/// The OPF's zip path, from `META-INF/container.xml`.
pub(crate) fn rootfile(container: &str) -> Result<String, String> {
    let mut reader = Reader::from_str(container);
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "rootfile" => {
                if let Some(path) = attr(&e, "full-path")? {
                    return Ok(path);
                }
            }
            Event::Eof => return Err("container.xml names no rootfile".into()),
            _ => {}
        }
    }
}

/// Reads the OPF at `opf_path`: manifest items and spine.
pub(crate) fn parts(opf: &str, opf_path: &str) -> Result<Parts, String> {
    let dir = opf_path.rsplit_once('/').map_or("", |(d, _)| d);
    let join = |href: &str| {
        if dir.is_empty() {
            href.to_owned()
        } else {
            format!("{dir}/{href}")
        }
    };
    // (id, zip path, media type)
    let mut items: Vec<(String, String, String)> = Vec::new();
    let mut spine: Vec<String> = Vec::new();
    let mut parts = Parts::default();
    let mut reader = Reader::from_str(opf);
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "item" => {
                    let (Some(id), Some(href), Some(media_type)) =
                        (attr(&e, "id")?, attr(&e, "href")?, attr(&e, "media-type")?)
                    else {
                        return Err("an OPF manifest item lacks id, href or media-type".into());
                    };
                    let properties = attr(&e, "properties")?.unwrap_or_default();
                    if properties.split_whitespace().any(|p| p == "cover-image") {
                        parts.cover_image = true;
                    }
                    if media_type == "text/css" {
                        parts.styles.push(join(&href));
                    }
                    items.push((id, join(&href), media_type));
                }
                "itemref" => {
                    if let Some(idref) = attr(&e, "idref")? {
                        spine.push(idref);
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    for idref in spine {
        let (_, path, media_type) = items
            .iter()
            .find(|(id, _, _)| *id == idref)
            .ok_or_else(|| format!("the spine names `{idref}`, which the manifest lacks"))?;
        if media_type == "application/xhtml+xml" {
            parts.content.push(path.clone());
        }
    }
    Ok(parts)
}

fn attr(e: &BytesStart<'_>, name: &str) -> Result<Option<String>, String> {
    let Some(a) = e.try_get_attribute(name).map_err(|e| e.to_string())? else {
        return Ok(None);
    };
    let value = a
        .normalized_value(XmlVersion::Implicit1_0)
        .map_err(|e| e.to_string())?;
    Ok(Some(value.into_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_container_and_opf() {
        let container = "<?xml version=\"1.0\"?>\n<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\"><rootfiles><rootfile full-path=\"OEBPS/content.opf\" media-type=\"application/oebps-package+xml\"/></rootfiles></container>";
        assert_eq!(rootfile(container).as_deref(), Ok("OEBPS/content.opf"));
        let opf = "<package xmlns=\"http://www.idpf.org/2007/opf\"><manifest>\
<item media-type=\"text/css\" id=\"css\" href=\"stylesheet.css\"/>\
<item media-type=\"image/png\" properties=\"cover-image\" id=\"cover-image\" href=\"images/cover.png\"/>\
<item media-type=\"application/xhtml+xml\" properties=\"nav\" id=\"nav\" href=\"nav.xhtml\"/>\
<item media-type=\"application/xhtml+xml\" id=\"b\" href=\"b.xhtml\"/>\
<item media-type=\"application/xhtml+xml\" id=\"a\" href=\"a.xhtml\"/>\
</manifest><spine toc=\"ncx\"><itemref idref=\"a\"/><itemref idref=\"b\"/></spine></package>";
        assert_eq!(
            parts(opf, "OEBPS/content.opf"),
            Ok(Parts {
                content: vec!["OEBPS/a.xhtml".into(), "OEBPS/b.xhtml".into()],
                styles: vec!["OEBPS/stylesheet.css".into()],
                cover_image: true,
            })
        );
        assert!(
            parts(
                "<package><spine><itemref idref=\"x\"/></spine></package>",
                "p.opf"
            )
            .is_err()
        );
    }
}
