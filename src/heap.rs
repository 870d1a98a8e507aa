//! Steering glibc's malloc from safe code, for a process that lives for
//! milliseconds.
//!
//! glibc serves blocks of 128 KB and more with a fresh `mmap` (and gives
//! them back on free), trims a thread's heap whenever 128 KB lie free at
//! its top, and grows a thread's heap one `mprotect` at a time, as little
//! as each allocation needs: a build of the sample made 1,155 `mprotect`
//! calls and faulted the same pages in again and again. `mallopt` would
//! change that but is `unsafe`; glibc's own dynamic threshold does it
//! too: freeing an `mmap`ped block raises the `mmap` threshold to its size
//! and the trim threshold to twice that (mallopt(3), M_MMAP_THRESHOLD).
//! With other allocators these are a harmless allocation and free.

/// Blocks below this come from the heaps, which keep what is freed. (At
/// most 32 MB: glibc caps its dynamic threshold there.)
const MMAP_THRESHOLD: usize = 16 << 20;

/// Each worker thread's heap is grown once by this much up front: with
/// 4 MB, the 60-item issue's workers outgrew it and made 1,458 `mprotect`
/// calls (43 with 16 MB; 2 ms of its wall time). Untouched pages cost no
/// memory, so peak memory is unchanged.
const THREAD_HEAP: usize = 16 << 20;

/// Raises glibc's `mmap` and trim thresholds (see the module comment):
/// one block of [`MMAP_THRESHOLD`], never touched, allocated and freed.
pub(crate) fn settle() {
    drop(std::hint::black_box(Vec::<u8>::with_capacity(
        MMAP_THRESHOLD,
    )));
}

/// Grows the calling thread's heap by [`THREAD_HEAP`] in one step (after
/// [`settle`], a block that size comes from the heap, and freeing it
/// leaves the room there): untouched, so no page is used until needed.
pub(crate) fn reserve() {
    drop(std::hint::black_box(Vec::<u8>::with_capacity(THREAD_HEAP)));
}
