//! The `pressrun` binary: everything lives in the library.

fn main() -> std::process::ExitCode {
    pressrun::cli::run()
}
