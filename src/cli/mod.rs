//! Command line: clap arguments → actions. Only this layer renders
//! diagnostics, touches the terminal, reads the clock and the environment.

mod build;
mod discover;
mod new;
mod report;
mod send;
mod series;
mod signals;
mod watch;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};

const EXAMPLES: &str = "\
Examples:
  pressrun build issues                    build every issue under issues/ into ./out
  pressrun build issues/2026-11-24 --out dist --format pdf
  pressrun build issues --format html      the web edition: out/SLUG/index.html
  pressrun check issues/2026-11-24/issue.yaml --strict
  pressrun watch issues/2026-11-24 --format pdf   rebuild on every save
  pressrun new --series issues 2026-12-01  scaffold the next issue
  pressrun build issues/2026-11-24 --format email   SLUG.eml for mail clients
  pressrun send issues/2026-11-24 --to reader@example.org --dry-run
  pressrun completions bash > /etc/bash_completion.d/pressrun";

/// Compile newsletter issues (YAML manifest + markdown) into an EPUB, a
/// typeset PDF briefing packet and a web page.
#[derive(Debug, Parser)]
#[command(name = "pressrun", version, about, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print each file written and per-issue timings.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// Colour diagnostics.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the EPUB and PDF of each issue.
    #[command(
        after_help = "PATH is a manifest, a folder holding issue.yaml, or a folder under \
which every issue.yaml is built. Outputs are <slug>.epub, <slug>.pdf and \
<slug>.kepub.epub (Kobo) — without --format, series.yaml's `formats` (default: epub, pdf) — \
and catalog.xml (OPDS 1.2) and catalog.json (OPDS 2.0) listing every issue of the series \
in the output folder, for e-readers."
    )]
    Build(BuildArgs),
    /// Build, then rebuild whenever an issue's files change (Ctrl-C stops).
    Watch(BuildArgs),
    /// Validate issues without writing anything.
    Check(CheckArgs),
    /// Email an issue over SMTP (the EPUB to Kindle addresses).
    #[command(
        after_help = "Server and sender come from series.yaml's `delivery:`; the password \
only from PRESSRUN_SMTP_PASSWORD. PRESSRUN_SMTP_CA=FILE.pem adds a trusted root \
certificate (a test server's). Exit status: 0 all sent, 1 some not sent, 2 usage."
    )]
    Send(SendArgs),
    /// Scaffold a new issue (DATE/issue.yaml and DATE/lead.md) in a series.
    New(NewArgs),
    /// Print shell completions.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Manifests, issue folders, or folders to search for issue.yaml.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output folder.
    #[arg(short, long, default_value = "out")]
    pub out: PathBuf,
    /// Which editions to write (comma-separated) [default: series.yaml's
    /// `formats`, else epub,pdf].
    #[arg(
        short,
        long,
        value_delimiter = ',',
        value_parser = clap::builder::PossibleValuesParser::new(crate::build::names())
    )]
    pub format: Vec<String>,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
    /// Worker threads (default: all cores).
    #[arg(short, long)]
    pub jobs: Option<usize>,
    /// Where the output folder is served (https://…/): the catalog's links
    /// become absolute (default: series.yaml's site_url, else relative).
    #[arg(long, value_name = "URL", value_parser = base_url)]
    pub base_url: Option<String>,
}

/// `--base-url`: an absolute http(s) URL, `/` appended when missing.
fn base_url(url: &str) -> Result<String, String> {
    crate::manifest::base_url(url.trim())
}

impl From<BuildArgs> for build::Job {
    fn from(args: BuildArgs) -> Self {
        Self {
            paths: args.paths,
            out: Some(args.out),
            // The parser only lets registered names through; none given:
            // each issue's series decides.
            formats: (!args.format.is_empty()).then(|| {
                args.format
                    .iter()
                    .filter_map(|f| crate::build::by_name(f))
                    .collect()
            }),
            strict: args.strict,
            jobs: args.jobs,
            base_url: args.base_url,
        }
    }
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Manifests, issue folders, or folders to search for issue.yaml.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub struct SendArgs {
    /// The issue: its manifest or its folder.
    pub issue: PathBuf,
    /// A recipient (repeat for more). Addresses at @kindle.com or
    /// @free.kindle.com get the EPUB attached instead.
    #[arg(long, value_name = "ADDRESS", required_unless_present = "recipients")]
    pub to: Vec<String>,
    /// A file of recipients, one address a line; `#` starts a comment.
    #[arg(long, value_name = "FILE")]
    pub recipients: Option<PathBuf>,
    /// Output folder: `--dry-run` writes the messages here, and the
    /// sent-log (.pressrun-sent.log) lives here.
    #[arg(short, long, default_value = "out")]
    pub out: PathBuf,
    /// Write each message as an .eml file instead of sending.
    #[arg(long)]
    pub dry_run: bool,
    /// Send even to addresses the sent-log says already have this issue.
    #[arg(long)]
    pub again: bool,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The series folder (holding series.yaml).
    #[arg(long, default_value = ".")]
    pub series: PathBuf,
    /// Issue date, YYYY-MM-DD; also the new folder's name.
    pub date: String,
}

/// Exit status per the contract: 0 built, 1 invalid input or failed build, 2 usage.
pub const EXIT_INVALID: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

/// The on-disk cache's folder (`crate::cache`): `$PRESSRUN_CACHE_DIR`,
/// else `$XDG_CACHE_HOME/pressrun`, else `~/.cache/pressrun`; None when
/// `PRESSRUN_CACHE=off` or there is no home.
fn cache_dir() -> Option<std::path::PathBuf> {
    use std::path::PathBuf;
    if std::env::var_os("PRESSRUN_CACHE").is_some_and(|v| v == "off") {
        return None;
    }
    let set = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if let Some(dir) = set("PRESSRUN_CACHE_DIR") {
        return Some(PathBuf::from(dir));
    }
    if let Some(dir) = set("XDG_CACHE_HOME") {
        return Some(PathBuf::from(dir).join("pressrun"));
    }
    set("HOME").map(|home| PathBuf::from(home).join(".cache").join("pressrun"))
}

/// Parses argv and runs the command.
pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let out = report::Output::new(cli.color, cli.quiet, cli.verbose);
    if let Some(dir) = cache_dir() {
        crate::cache::open(dir);
    }
    if matches!(cli.command, Command::Build(_) | Command::Watch(_)) {
        signals::install();
    }
    let status = match cli.command {
        Command::Build(args) => build::run(&args.into(), &out),
        Command::Watch(args) => watch::run(&args.into(), &out),
        Command::Check(args) => build::run(
            &build::Job {
                paths: args.paths,
                out: None,
                formats: None,
                strict: args.strict,
                jobs: None,
                base_url: None,
            },
            &out,
        ),
        Command::Send(args) => send::run(&args, &out),
        Command::New(args) => new::run(&args, &out),
        Command::Completions { shell } => {
            clap_complete::generate(
                shell,
                &mut Cli::command(),
                "pressrun",
                &mut std::io::stdout(),
            );
            0
        }
    };
    ExitCode::from(status)
}

/// Seconds since the epoch for timestamps: SOURCE_DATE_EPOCH, else now.
pub fn timestamp() -> Result<i64, String> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(v) => v
            .trim()
            .parse::<i64>()
            .ok()
            .filter(|t| (0..=253_402_300_799).contains(t))
            .ok_or_else(|| format!("SOURCE_DATE_EPOCH=`{v}` is not a Unix timestamp in seconds")),
        Err(_) => Ok(std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64)),
    }
}
