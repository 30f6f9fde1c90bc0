//! `precis`: story highlights for news articles, from the command line.
//!
//! Exit codes: 0 success, 1 failure (including any input record that failed), 2 usage error.

mod batch;
mod eval;
mod extract;
mod flavor;
mod output;
mod report;
mod rouge;
mod rouge155;
mod segment;
mod serve;
mod summarize;
mod train;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Story highlights for news articles: every highlight traceable to its source sentence.
#[derive(Debug, Parser)]
#[command(
    name = "precis",
    version,
    about,
    long_about = None,
    propagate_version = true,
    after_help = "Exit codes: 0 success, 1 failure (including any input record that failed), 2 usage error, 3 the output could not be written (the message names it). File outputs (-o) are replaced only when the command completes."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Summarize articles into highlights (text, .story, JSONL/CSV datasets, directories, stdin).
    #[command(
        after_help = "Languages: the language of each article is identified (or given with \
        --lang) and picks the sentence rules, stop words, stemmer and boilerplate. The default \
        method `auto` runs the trained model on English and Lead at the model's length (three \
        sentences) on other languages.\n\nLimits: an article is read up to its first 20,000 \
        sentences; a longer one is summarized from those, with `\"truncated\": true` in JSON \
        output and a warning on stderr.\n\nNever silent: a record without a highlight is an \
        error ({\"id\", \"error\"} in JSONL) and the exit code is 1."
    )]
    Summarize(summarize::Args),
    /// Split texts into sentences (byte spans into the text as given), in any language.
    Segment(segment::Args),
    /// Score candidate summaries against references with ROUGE (exactly as rouge-score).
    Rouge(rouge::Args),
    /// A drop-in for ROUGE-1.5.5.pl: same options, same output (`precis rouge155 -h`).
    Rouge155(rouge155::Args),
    /// Summarize a dataset with one or more methods and score them (and stored systems) with ROUGE.
    Eval(eval::Args),
    /// Extract the article text and metadata (title, byline, date, site, url, lang) of HTML pages.
    Extract(extract::Args),
    /// Train a sentence-scoring model on labelled articles (k-fold CV report against Lead-3).
    Train(train::Args),
    /// Serve the HTTP API and the web page (paste an article, see its highlights in place).
    Serve(serve::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Summarize(args) => summarize::run(args),
        Command::Segment(args) => segment::run(args),
        Command::Rouge(args) => rouge::run(args),
        Command::Rouge155(args) => rouge155::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Extract(args) => extract::run(args),
        Command::Train(args) => train::run(args),
        Command::Serve(args) => serve::run(args),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("precis: error: {err:#}");
            // 3: the output could not be written (disk full, no permission…); 1: any other
            // failure; 2: usage (clap).
            if output::is_output_error(&err) {
                ExitCode::from(3)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

/// Writing into a closed pipe (`precis … | head`) is not an error worth reporting.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
