//! `precis rouge155` as a drop-in for ROUGE-1.5.5.pl: run with each recorded command line
//! (`shared/fixtures/rouge155/outputs/raw/*.cmd`) from the set's folder, on the html files and
//! config.xml the script read, stdout must equal the script's byte for byte.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn precis() -> Command {
    Command::new(env!("CARGO_BIN_EXE_precis"))
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixtures() -> PathBuf {
    match std::env::var_os("PRECIS_SHARED") {
        Some(p) => PathBuf::from(p).join("fixtures/rouge155"),
        None => repo().join("../shared/fixtures/rouge155"),
    }
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("runs")
}

fn script_args(name: &str) -> Vec<String> {
    let cmd = std::fs::read_to_string(fixtures().join("outputs/raw").join(format!("{name}.cmd")))
        .expect("cmd file");
    let mut it = cmd.split_whitespace();
    assert_eq!(it.next(), Some("perl"));
    assert_eq!(it.next(), Some("ROUGE-1.5.5.pl"));
    it.map(str::to_string).collect()
}

#[test]
fn stdout_is_the_scripts_byte_for_byte() {
    let raw = fixtures().join("outputs/raw");
    let mut names: Vec<String> = std::fs::read_dir(&raw)
        .unwrap_or_else(|e| panic!("{}: {e} (set PRECIS_SHARED)", raw.display()))
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".cmd").map(str::to_string))
        .filter(|n| {
            fixtures()
                .join("inputs")
                .join(n.split("__").next().unwrap_or(""))
                .is_dir()
        })
        .collect();
    names.sort();
    assert_eq!(names.len(), 33);
    let mut bad = Vec::new();
    for name in &names {
        let set = name.split("__").next().unwrap_or_default();
        let o = run(precis()
            .arg("rouge155")
            .args(script_args(name))
            .current_dir(fixtures().join("inputs").join(set)));
        let want = std::fs::read(raw.join(format!("{name}.out"))).expect("out file");
        if o.stdout != want {
            bad.push(name.clone());
        }
        if name == "edge_emptyref__O1" {
            // The script dies in ROUGE-W there; so do we, after the same lines, with a reason.
            assert_eq!(o.status.code(), Some(1), "{name}");
            let err = String::from_utf8_lossy(&o.stderr);
            assert!(
                err.contains("ROUGE-W") && err.contains("no tokens"),
                "{err}"
            );
        } else {
            assert!(
                o.status.success(),
                "{name}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
    }
    assert!(bad.is_empty(), "stdout differs for {bad:?}");
}

#[test]
fn same_output_at_any_thread_count() {
    let dir = fixtures().join("inputs/multiref");
    let args = script_args("multiref__O1");
    let one = run(precis()
        .args(["rouge155", "--precis-threads", "1"])
        .args(&args)
        .current_dir(&dir));
    let four = run(precis()
        .args(["rouge155", "--precis-threads", "4"])
        .args(&args)
        .current_dir(&dir));
    assert!(one.status.success());
    assert_eq!(one.stdout, four.stdout);
}

#[test]
fn unsupported_options_are_usage_errors() {
    let dir = fixtures().join("inputs/edge");
    for args in [
        vec!["-3", "HM", "-a", "config.xml"],
        vec!["-M", "-a", "config.xml"],
        vec!["-q", "-a", "config.xml"],
        vec!["-l", "10", "-b", "10", "-a", "config.xml"],
        vec!["-n", "2", "config.xml"],
        vec!["-a"],
    ] {
        let o = run(precis().arg("rouge155").args(&args).current_dir(&dir));
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("usage: precis rouge155"),
            "{args:?}"
        );
        assert!(o.stdout.is_empty());
    }
    let o = run(precis().args(["rouge155", "-h"]));
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn system_id_and_file_list() {
    // Without -a the peer ID is given; with -z the configuration is a list of
    // `peer model…` lines (evaluation IDs 1, 2, …) and the printed peer ID is the one given.
    let dir = fixtures().join("inputs/edge");
    let args = ["rouge155", "-n", "2", "-2", "4", "-U", "-r", "50", "-d"];
    let a = run(precis()
        .args(args)
        .args(["config.xml", "1"])
        .current_dir(&dir));
    let b = run(precis()
        .args(args)
        .args(["-a", "config.xml"])
        .current_dir(&dir));
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout);
    let tmp = tempfile::tempdir().expect("tmp");
    let list = tmp.path().join("list.txt");
    let mut models: Vec<String> = std::fs::read_dir(dir.join("models"))
        .expect("models")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    models.sort();
    let mut text = String::from("# peer model1 model2 ...\n\n");
    for k in 1..=43 {
        let id = format!("{k:04}");
        text.push_str(&format!("{}/peers/{id}.html", dir.display()));
        for m in models.iter().filter(|m| m.starts_with(&format!("{id}."))) {
            text.push_str(&format!(" {}/models/{m}", dir.display()));
        }
        text.push('\n');
    }
    std::fs::write(&list, text).expect("write");
    let z = run(precis().args(args).args(["-z", "SEE"]).arg(&list).arg("1"));
    assert!(z.status.success(), "{}", String::from_utf8_lossy(&z.stderr));
    assert_eq!(
        String::from_utf8_lossy(&z.stdout),
        String::from_utf8_lossy(&a.stdout)
    );
    // The default peer ID of a file list is X.
    let x = run(precis().args(args).args(["-z", "SEE"]).arg(&list));
    assert!(String::from_utf8_lossy(&x.stdout).contains("X ROUGE-1 Eval 1.X R:"));
}

fn parsed(name: &str) -> serde_json::Value {
    let p = fixtures()
        .join("outputs/parsed")
        .join(format!("{name}.json"));
    serde_json::from_str(&std::fs::read_to_string(p).expect("parsed fixture")).expect("json")
}

/// `precis rouge --rouge155 OPTIONS` on the JSONL pairs (and on the two-file input) gives the
/// script's Averages, CIs and per-pair numbers.
#[test]
fn rouge_command_rouge155_flavor_on_pairs() {
    for (set, opt) in [("bart250", "O1"), ("multiref", "O3B"), ("edge", "O4b")] {
        let name = format!("{set}__{opt}");
        let options = script_args(&name)
            .into_iter()
            .filter(|a| a != "config.xml" && a != "-d")
            .collect::<Vec<_>>()
            .join(" ")
            .replace("-e data ", "");
        let tmp = tempfile::tempdir().expect("tmp");
        let pp = tmp.path().join("pp.jsonl");
        let o = run(precis()
            .arg("rouge")
            .arg(fixtures().join("inputs").join(set).join("pairs.jsonl"))
            .args([
                "--reference-field",
                "references",
                "-f",
                "json",
                "--rouge155",
            ])
            .arg(&options)
            .arg("--per-pair")
            .arg(&pp));
        assert!(
            o.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let got: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json table");
        let want = parsed(&name);
        let field = |c: &str| match c {
            "R" => "recall",
            "P" => "precision",
            _ => "fmeasure",
        };
        let metrics = got["metrics"].as_array().expect("metrics");
        assert_eq!(
            metrics.len(),
            want["metrics"].as_object().map_or(0, |m| m.len())
        );
        for m in metrics {
            let w = &want["metrics"][m["metric"].as_str().expect("name")]["average"];
            for c in ["R", "P", "F"] {
                for (j, part) in ["mean", "low", "high"].iter().enumerate() {
                    let g = m[part][field(c)].as_f64().expect("number");
                    assert_eq!(
                        format!("{g:.5}"),
                        w[c][j].as_str().expect("str"),
                        "{name} {c}"
                    );
                }
            }
        }
        let lines = std::fs::read_to_string(&pp).expect("per pair");
        let mut n = 0;
        for (k, line) in lines.lines().enumerate() {
            let v: serde_json::Value = serde_json::from_str(line).expect("line");
            for (metric, w) in want["metrics"].as_object().expect("metrics") {
                let w = &w["per_eval"][format!("{}.1", k + 1)];
                for (i, c) in ["R", "P", "F"].iter().enumerate() {
                    let g = v[metric][field(c)].as_f64().expect("number");
                    assert_eq!(format!("{g:.5}"), w[i].as_str().expect("str"), "{name} {k}");
                    n += 1;
                }
            }
        }
        assert!(n > 0);
    }
    // Two plain files (one summary per line, `\n` between sentences) give the same table.
    let tmp = tempfile::tempdir().expect("tmp");
    let pairs =
        std::fs::read_to_string(fixtures().join("inputs/bart250/pairs.jsonl")).expect("pairs");
    let (mut c, mut r) = (String::new(), String::new());
    for l in pairs.lines() {
        let v: serde_json::Value = serde_json::from_str(l).expect("json");
        c.push_str(&v["candidate"].as_str().expect("c").replace('\n', "\\n"));
        c.push('\n');
        r.push_str(&v["references"][0].as_str().expect("r").replace('\n', "\\n"));
        r.push('\n');
    }
    std::fs::write(tmp.path().join("c.txt"), c).expect("w");
    std::fs::write(tmp.path().join("r.txt"), r).expect("w");
    let o = run(precis()
        .arg("rouge")
        .arg(tmp.path().join("c.txt"))
        .arg(tmp.path().join("r.txt"))
        .args(["--flavor", "rouge155"]));
    assert!(o.status.success());
    let text = String::from_utf8_lossy(&o.stdout);
    // bart vs highlights: 45.511 / 22.578 / 42.430 (issue 12).
    assert!(text.contains("| ROUGE-1 | 44.732 (42.765–46.708) | 48.369 (46.589–50.140) | 45.511 (43.876–47.214) |"), "{text}");
    assert!(text.contains("| 22.578 (20.650–24.507) |"), "{text}");
    assert!(text.contains("| 42.430 (40.712–44.141) |"), "{text}");
    let o = run(precis()
        .arg("rouge")
        .arg(tmp.path().join("c.txt"))
        .arg(tmp.path().join("r.txt"))
        .args(["--rouge155", "-3 HM"]));
    assert_eq!(o.status.code(), Some(2));
}
