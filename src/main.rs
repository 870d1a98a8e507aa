//! The `pressrun` binary: everything lives in the library.

// mimalloc instead of glibc's malloc: a build makes many short-lived
// allocations across threads (shaping buffers, deflate states), and
// glibc's mmap-backed large blocks fault in fresh pages every time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    pressrun::cli::run()
}
