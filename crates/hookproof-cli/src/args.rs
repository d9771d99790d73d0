//! The command line, as clap reads it. Secrets come only from the environment
//! or a file: an argument would sit in shell history and `ps` output.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Verify and sign webhook deliveries from the command line.
#[derive(Debug, Parser)]
#[command(name = "hookproof", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Verify one delivery. Exit 0 when genuine, 1 when rejected (the reason
    /// is printed), 2 for a usage or configuration error.
    Verify(VerifyArgs),
    /// Say why a delivery fails: tries the usual mistakes (re-serialized
    /// JSON, trailing newline, secret form, another scheme, clock, unit) and
    /// names the one that would have matched. A diagnostic: `verify` never
    /// guesses. Exit 0 when it explains the failure, 1 when nothing matched.
    Explain(VerifyArgs),
    /// Print the headers a sender would attach to a body.
    Sign(SignArgs),
    /// Sign a delivery as the sender would and POST it to your endpoint
    /// (plain http://), printing the answer; --tamper, --stale and --repeat
    /// send the failure cases on purpose. Exit 0 when every answer is 2xx,
    /// 1 otherwise (as `curl --fail`), 2 for a usage or configuration error.
    Send(SendArgs),
    /// List the preset schemes, or print one preset's full definition.
    Schemes(SchemesArgs),
}

/// Which scheme and which secrets.
#[derive(Debug, Args)]
pub struct KeyArgs {
    /// A preset name (see `hookproof schemes`); for `verify`, `auto` tries,
    /// among the presets given secrets as `--secret-env NAME=VAR`, those
    /// whose signature header the delivery carries, each with its own
    /// secrets, and says which one matched.
    #[arg(
        long,
        required_unless_present = "scheme_file",
        conflicts_with = "scheme_file"
    )]
    pub scheme: Option<String>,
    /// A custom scheme in JSON (the text form of the Rust crate's README).
    #[arg(long, value_name = "FILE")]
    pub scheme_file: Option<PathBuf>,
    /// Read a secret from this environment variable (repeat for rotation, newest first).
    #[arg(long, value_name = "VAR")]
    pub secret_env: Vec<String>,
    /// Read a secret from this file; one trailing newline is dropped (repeatable).
    #[arg(long, value_name = "FILE")]
    pub secret_file: Vec<PathBuf>,
    /// The body: a file, or `-` (the default) for standard input.
    #[arg(long, value_name = "FILE")]
    pub body_file: Option<PathBuf>,
    /// Print the result as one JSON object.
    #[arg(long)]
    pub json: bool,
    /// What a sender that publishes its keys must also say.
    #[command(flatten)]
    pub published: PublishedArgs,
}

/// For the senders that publish their keys (aws-sns, google-pubsub,
/// azure-event-grid, plaid, paypal): what their deliveries must carry, and the key
/// documents, fetched beforehand
/// (the command does no network I/O: `curl -sSfo cert.pem URL`).
#[derive(Debug, Args, Default)]
pub struct PublishedArgs {
    /// google-pubsub, azure-event-grid: an audience the token may carry
    /// (repeatable).
    #[arg(long, value_name = "AUDIENCE")]
    pub audience: Vec<String>,
    /// google-pubsub: the service account the token must name.
    #[arg(long, value_name = "EMAIL")]
    pub email: Option<String>,
    /// aws-sns: a topic ARN accepted (repeatable; at least one).
    #[arg(long, value_name = "ARN")]
    pub topic: Vec<String>,
    /// azure-event-grid: the Microsoft Entra directory (tenant) id the
    /// token comes from.
    #[arg(long, value_name = "GUID")]
    pub directory: Option<String>,
    /// paypal: the id of your webhook, which PayPal signs with each
    /// delivery.
    #[arg(long, value_name = "ID")]
    pub webhook_id: Option<String>,
    /// The key document the sender publishes at URL, saved in FILE
    /// (an SNS or PayPal certificate, a JWKS, a Plaid key answer saved
    /// under `<endpoint>#<kid>`); repeatable.
    #[arg(long, value_name = "URL=FILE")]
    pub key_file: Vec<String>,
}

/// Request details some senders sign.
#[derive(Debug, Args)]
pub struct RequestArgs {
    /// The full URL the sender called (twilio, square, hubspot sign it).
    #[arg(long)]
    pub url: Option<String>,
    /// The request method (hubspot signs it).
    #[arg(long)]
    pub method: Option<String>,
}

/// `hookproof verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Scheme, secrets and body.
    #[command(flatten)]
    pub key: KeyArgs,
    /// URL and method, for the schemes that sign them.
    #[command(flatten)]
    pub request: RequestArgs,
    /// A request header, `Name: value` (repeatable).
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE")]
    pub headers: Vec<String>,
    /// Tolerance in seconds instead of the scheme's default.
    #[arg(long, value_name = "SECONDS", conflicts_with = "no_tolerance")]
    pub tolerance: Option<u64>,
    /// Skip the timestamp check.
    #[arg(long)]
    pub no_tolerance: bool,
    /// Verify as if the time were this (unix seconds).
    #[arg(long, value_name = "SECONDS", allow_negative_numbers = true)]
    pub now: Option<i64>,
}

/// `hookproof sign`.
#[derive(Debug, Args)]
pub struct SignArgs {
    /// Scheme, secrets and body.
    #[command(flatten)]
    pub key: KeyArgs,
    /// The timestamp to sign (unix seconds; default: now).
    #[arg(long, value_name = "SECONDS")]
    pub timestamp: Option<i64>,
    /// The delivery id (default: a random UUID).
    #[arg(long)]
    pub id: Option<String>,
    /// The event type, in the scheme's event header (X-Fileloom-Event, ...).
    #[arg(long, value_name = "TYPE")]
    pub event: Option<String>,
    /// An extra header to print with the signed ones, `Name: value` (repeatable).
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE")]
    pub headers: Vec<String>,
    /// URL and method, for the schemes that sign them.
    #[command(flatten)]
    pub request: RequestArgs,
}

/// `hookproof send`.
#[derive(Debug, Args)]
pub struct SendArgs {
    /// Scheme and secrets.
    #[command(flatten)]
    pub key: KeyArgs,
    /// Where to POST: http://host:port/path.
    #[arg(long)]
    pub url: String,
    /// The body file (or use --body-file; standard input when neither).
    pub body: Option<PathBuf>,
    /// The delivery id (default: a random UUID).
    #[arg(long)]
    pub id: Option<String>,
    /// The timestamp to sign (unix seconds; default now).
    #[arg(long, value_name = "SECONDS")]
    pub timestamp: Option<i64>,
    /// The event type, in the scheme's event header (X-Fileloom-Event, ...).
    /// Without a body file, the body is a sample of that event in the shape
    /// the sender sends (`--scheme stripe --event invoice.paid`); an
    /// unknown event lists the ones there are.
    #[arg(long, value_name = "TYPE")]
    pub event: Option<String>,
    /// Change the body after signing (one byte), as an attacker would.
    #[arg(long)]
    pub tamper: bool,
    /// Sign with a timestamp an hour old, as a replay would carry.
    #[arg(long)]
    pub stale: bool,
    /// Send the same signed delivery this many times (a sender's retries).
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub repeat: u32,
    /// An extra request header, `Name: value` (repeatable).
    #[arg(short = 'H', long = "header", value_name = "NAME: VALUE")]
    pub headers: Vec<String>,
}

/// `hookproof schemes`.
#[derive(Debug, Args)]
pub struct SchemesArgs {
    /// Print each preset's full JSON definition.
    #[arg(short, long)]
    pub verbose: bool,
    /// Print the presets as the Markdown table of docs/presets.md.
    #[arg(long, conflicts_with = "verbose")]
    pub markdown: bool,
    /// Only this preset.
    pub name: Option<String>,
}
