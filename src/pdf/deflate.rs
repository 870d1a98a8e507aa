//! Compresses every stream of the document that has no filter yet, in
//! parallel. lopdf's own `compress` runs zlib at level 9 on one thread,
//! creating a compressor per stream. Level 1 costs a tenth more bytes than
//! level 6 (sample: 141 KB against 127 KB) for a third of the instructions
//! (measured: 15 M → 5 M); each worker thread reuses one compressor.

use std::cell::RefCell;

use flate2::{Compress, Compression, FlushCompress, Status};
use lopdf::{Document, Object};
use rayon::prelude::*;

const LEVEL: u32 = 1;

thread_local! {
    static COMPRESSOR: RefCell<Compress> = RefCell::new(Compress::new(Compression::new(LEVEL), true));
}

/// zlib-compresses `data` with the calling thread's compressor.
pub(super) fn zlib(data: &[u8]) -> Vec<u8> {
    COMPRESSOR.with(|c| {
        let mut c = c.borrow_mut();
        c.reset();
        let mut out = Vec::with_capacity(data.len() / 3 + 64);
        loop {
            let consumed = c.total_in() as usize;
            let status = c
                .compress_vec(&data[consumed..], &mut out, FlushCompress::Finish)
                .expect("deflate into a growing Vec cannot fail");
            match status {
                Status::StreamEnd => break,
                Status::Ok | Status::BufError => out.reserve(out.capacity().max(4096)),
            }
        }
        out
    })
}

/// A stream's bytes, and whether they are compressed.
pub(super) type Packed = (Vec<u8>, bool);

/// `data` compressed, if that saves bytes (as lopdf decides), and whether
/// it was.
pub(super) fn pack(data: Vec<u8>) -> Packed {
    let z = zlib(&data);
    if z.len() + 19 < data.len() {
        (z, true)
    } else {
        (data, false)
    }
}

/// Compresses unfiltered streams where that saves bytes (as lopdf does).
pub(super) fn compress_all(doc: &mut Document) {
    let streams: Vec<&mut lopdf::Stream> = doc
        .objects
        .values_mut()
        .filter_map(|o| match o {
            Object::Stream(s) if s.dict.get(b"Filter").is_err() && s.allows_compression => Some(s),
            _ => None,
        })
        .collect();
    let packed: Vec<Option<Vec<u8>>> = streams
        .par_iter()
        .map(|s| {
            let z = zlib(&s.content);
            (z.len() + 19 < s.content.len()).then_some(z)
        })
        .collect();
    for (s, z) in streams.into_iter().zip(packed) {
        if let Some(z) = z {
            s.dict.set("Filter", "FlateDecode");
            s.set_content(z);
        }
    }
}
