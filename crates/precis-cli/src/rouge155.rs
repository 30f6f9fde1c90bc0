//! `precis rouge155 [OPTIONS] CONFIG.xml [SYSTEM_ID]`: a drop-in for `ROUGE-1.5.5.pl` (same
//! options, same stdout line for line), on `precis_rouge::rouge155`.

use std::collections::HashSet;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{bail, Context, Result};
use precis_rouge::rouge155::{
    self, parse_config, parse_file_list, LoadedEval, Options, Summary, USAGE,
};
use rayon::prelude::*;

#[derive(Debug, clap::Args)]
#[command(disable_help_flag = true, after_help = USAGE)]
pub struct Args {
    /// The script's options and arguments, as for ROUGE-1.5.5.pl (`-h` lists them).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true, num_args = 0.., value_name = "ARGS")]
    pub args: Vec<String>,
    /// Worker threads (0 = all cores; also `RAYON_NUM_THREADS`).
    #[arg(long = "precis-threads", hide = true, default_value_t = 0)]
    pub threads: usize,
}

fn usage_error(msg: &str) -> ExitCode {
    eprintln!("precis rouge155: {msg}\n\n{USAGE}");
    ExitCode::from(2)
}

/// The stop-word list of `-s`: `smart_common_words.txt` in `-e DIR`, `$ROUGE_EVAL_HOME`,
/// `$RED_EVAL_HOME` or the current directory (where the script looks), one word a line.
pub fn load_stopwords(opts: &Options) -> Result<Arc<HashSet<Vec<u8>>>> {
    let dir = opts
        .data_dir
        .clone()
        .or_else(|| std::env::var("ROUGE_EVAL_HOME").ok())
        .or_else(|| std::env::var("RED_EVAL_HOME").ok());
    let path = match dir {
        Some(d) => Path::new(&d).join("smart_common_words.txt"),
        None => Path::new("smart_common_words.txt").to_path_buf(),
    };
    let bytes = std::fs::read(&path).with_context(|| {
        format!(
            "-s needs the stop-word list of the ROUGE data directory: cannot read {}",
            path.display()
        )
    })?;
    Ok(Arc::new(
        bytes
            .split_inclusive(|&b| b == b'\n')
            .map(|l| l.strip_suffix(b"\n").unwrap_or(l).to_vec())
            .collect(),
    ))
}

fn read(path: &str, what: &str) -> Result<Vec<u8>> {
    std::fs::read(path).with_context(|| format!("cannot read {what} {path}"))
}

pub fn run(args: Args) -> Result<ExitCode> {
    if args.args.iter().any(|a| a == "--help") {
        println!("{USAGE}");
        return Ok(ExitCode::SUCCESS);
    }
    let parsed = match Options::parse_args(&args.args) {
        Ok(p) => p,
        Err(e) => return Ok(usage_error(&e.to_string())),
    };
    if parsed.help {
        println!("{USAGE}");
        return Ok(ExitCode::SUCCESS);
    }
    let mut opts = parsed.options;
    let pos = parsed.positionals;
    let system_id: Option<String> = match (pos.len(), opts.file_list.is_some(), opts.all_peers) {
        (0, _, _) => return Ok(usage_error("Please specify the ROUGE configuration file.")),
        (1, true, _) => Some("X".into()),
        (1, false, false) => return Ok(usage_error(
            "Please specify a system ID to evaluate or use option '-a' to evaluate all systems.",
        )),
        (1, false, true) => None,
        (2, _, _) => Some(pos[1].clone()),
        _ => return Ok(usage_error("too many arguments")),
    };
    if opts.remove_stopwords {
        opts.stopwords = Some(load_stopwords(&opts)?);
    }
    let config_path = &pos[0];
    let config = read(config_path, "configuration")?;
    let config = String::from_utf8_lossy(&config);
    let specs = match opts.file_list {
        Some(fmt) => parse_file_list(&config, fmt, system_id.as_deref().unwrap_or("X")),
        None => parse_config(&config),
    }
    .with_context(|| config_path.clone())?;
    let wanted = |p: &str| opts.all_peers || system_id.as_deref() == Some(p);
    let pool = crate::batch::pool(args.threads)?;
    let evals: Vec<LoadedEval> = pool.install(|| {
        specs
            .par_iter()
            .map(|e| -> Result<LoadedEval> {
                let mut models = Vec::with_capacity(e.models.len());
                for (_, path) in &e.models {
                    if !Path::new(path).exists() {
                        bail!("Cannot find model summary: {path}");
                    }
                    models.push(Summary::parse(&read(path, "model summary")?, e.format));
                }
                let mut peers = Vec::new();
                for (id, path) in &e.peers {
                    if wanted(id) {
                        peers.push((
                            id.clone(),
                            Summary::parse(&read(path, "peer summary")?, e.format),
                        ));
                    }
                }
                Ok(LoadedEval {
                    id: e.id.clone(),
                    peers,
                    models,
                })
            })
            .collect::<Result<Vec<_>>>()
    })?;
    rouge155::check_bootstrap(evals.len(), &opts)?;
    let report = pool.install(|| rouge155::evaluate(&evals, &opts, system_id.as_deref()));
    for w in &report.warnings {
        eprintln!("{w}");
    }
    // Pairs over the work limits are left out of the averages, named here, and make the exit
    // code 1 (the script would run for hours or exhaust the memory on them).
    let mut refused = 0usize;
    for peer in &report.peers {
        for (key, err) in &peer.refused {
            refused += 1;
            eprintln!("precis rouge155: error: evaluation {key} left out: {err}");
        }
    }
    let mut out = crate::output::Output::stdout();
    for peer in &report.peers {
        let mut text = String::new();
        rouge155::write_text(peer, &opts, &mut text);
        out.write_all(text.as_bytes())?;
        if let Some((key, err)) = &peer.failed {
            out.finish()?;
            return Err(anyhow::Error::new(err.clone()).context(format!("evaluation {key}")));
        }
    }
    out.finish()?;
    Ok(crate::batch::exit_code(refused))
}
