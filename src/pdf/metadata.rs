//! Catalog and trailer entries printpdf does not write: /Lang,
//! /PageLabels, the document info dictionary with fixed dates, and a
//! trailer /ID derived from the content.

use lopdf::{Dictionary, Document as LoDocument, Object, StringFormat};

use crate::frame::DocInfo;

/// A PDF text string: literal for ASCII, UTF-16BE with BOM otherwise.
pub(super) fn text_string(text: &str) -> Object {
    if text.is_ascii() {
        Object::String(text.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

/// `D:YYYYMMDDHHmmSSZ` for a Unix timestamp (UTC).
pub(super) fn pdf_date(timestamp: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(timestamp)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!(
        "D:{:04}{:02}{:02}{:02}{:02}{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Replaces printpdf's info dictionary with ours.
pub(super) fn set_info(doc: &mut LoDocument, opts: &DocInfo) {
    let date = Object::String(pdf_date(opts.timestamp).into_bytes(), StringFormat::Literal);
    let mut info = Dictionary::new();
    info.set("Title", text_string(&opts.title));
    if !opts.author.is_empty() {
        info.set("Author", text_string(&opts.author));
    }
    if !opts.subject.is_empty() {
        info.set("Subject", text_string(&opts.subject));
    }
    if !opts.keywords.is_empty() {
        info.set("Keywords", text_string(&opts.keywords.join(", ")));
    }
    info.set("Creator", text_string("pressrun"));
    info.set("Producer", text_string("pressrun"));
    info.set("CreationDate", date.clone());
    info.set("ModDate", date);
    let id = doc.add_object(info);
    doc.trailer.set("Info", Object::Reference(id));
}

/// Sets /Lang, /PageLabels and the outline on the catalog.
pub(super) fn set_catalog(
    doc: &mut LoDocument,
    opts: &DocInfo,
    labels: &[String],
    outline: Option<lopdf::ObjectId>,
) -> Result<(), String> {
    let catalog = doc.catalog_mut().map_err(|e| e.to_string())?;
    if !opts.lang.is_empty() {
        catalog.set("Lang", text_string(&opts.lang));
    }
    catalog.set("PageLabels", page_labels(labels));
    if let Some(outline) = outline {
        catalog.set("Outlines", Object::Reference(outline));
        catalog.set("PageMode", "UseOutlines");
    }
    Ok(())
}

/// A number tree of label ranges: runs of consecutive decimal labels
/// become one `/S /D` range; any other label is a prefix-only range.
fn page_labels(labels: &[String]) -> Dictionary {
    let mut nums = Vec::new();
    let mut expected: Option<u64> = None;
    for (index, label) in labels.iter().enumerate() {
        let number = label.parse::<u64>().ok().filter(|&n| n > 0);
        if number.is_some() && number == expected {
            expected = number.map(|n| n + 1);
            continue;
        }
        let mut range = Dictionary::new();
        match number {
            Some(n) => {
                range.set("S", "D");
                range.set("St", Object::Integer(n as i64));
            }
            None => range.set("P", text_string(label)),
        }
        nums.push(Object::Integer(index as i64));
        nums.push(Object::Dictionary(range));
        expected = number.map(|n| n + 1);
    }
    let mut tree = Dictionary::new();
    tree.set("Nums", Object::Array(nums));
    tree
}

/// Placeholder written as the trailer /ID, replaced by the content hash
/// after saving (same length, so no offset moves).
pub(super) const ID_PLACEHOLDER: [u8; 16] = [0xA5; 16];

pub(super) fn set_placeholder_id(doc: &mut LoDocument) {
    let id = Object::String(ID_PLACEHOLDER.to_vec(), StringFormat::Hexadecimal);
    doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));
}

/// Replaces the placeholder /ID in saved bytes with a 128-bit XXH3 hash of
/// the file (computed with the placeholder in place). The ID only has to
/// tell files apart, not resist forgery: SHA-256 cost 7 M instructions on
/// the sample, XXH3 a few hundred thousand.
pub(super) fn stamp_id(bytes: &mut [u8]) {
    let digest = xxhash_rust::xxh3::xxh3_128(bytes).to_be_bytes();
    let hex_of = |b: &[u8]| b.iter().map(|x| format!("{x:02X}")).collect::<String>();
    let needle = hex_of(&ID_PLACEHOLDER);
    let replacement = hex_of(&digest[..16]);
    let needle = needle.as_bytes();
    let mut at = bytes.len();
    // Both trailer entries; search from the end, where the trailer is.
    for _ in 0..2 {
        let Some(pos) = bytes[..at]
            .windows(needle.len())
            .rposition(|w| w.eq_ignore_ascii_case(needle))
        else {
            return;
        };
        bytes[pos..pos + needle.len()].copy_from_slice(replacement.as_bytes());
        at = pos;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_group_decimal_runs() {
        let labels: Vec<String> = ["1", "2", "3"].iter().map(|s| s.to_string()).collect();
        let tree = page_labels(&labels);
        let nums = tree.get(b"Nums").and_then(Object::as_array).map(Vec::len);
        assert_eq!(nums.ok(), Some(2));
    }

    #[test]
    fn dates_are_utc() {
        assert_eq!(pdf_date(1_700_000_000), "D:20231114221320Z");
    }

    #[test]
    fn non_ascii_text_is_utf16() {
        let Object::String(bytes, _) = text_string("Kyung-wha 강") else {
            panic!("a string")
        };
        assert_eq!(&bytes[..2], &[0xFE, 0xFF]);
    }
}
