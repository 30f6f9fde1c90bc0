//! `precis eval` in the three ROUGE flavours gives, for a stored system, exactly what
//! `precis rouge` gives on the same (reference, candidate) pairs; pairs over the work limits are
//! failed records (exit 1) in `precis rouge`, `precis eval` and `precis rouge155`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn precis() -> Command {
    Command::new(env!("CARGO_BIN_EXE_precis"))
}

fn shared_data() -> PathBuf {
    match std::env::var_os("PRECIS_SHARED") {
        Some(p) => PathBuf::from(p).join("data"),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"),
    }
}

fn cnndm() -> PathBuf {
    shared_data().join("cnndm-test-frank250.jsonl")
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("runs")
}

fn json(o: &Output) -> Value {
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).expect("JSON table")
}

fn lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .expect("per-pair file")
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

/// The `bart` outputs of the dev set against its highlights, as `precis rouge` pairs.
fn bart_pairs(dir: &Path) -> PathBuf {
    let text = std::fs::read_to_string(cnndm()).expect("dev set");
    let mut out = String::new();
    for l in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(l).expect("record");
        let pair = serde_json::json!({
            "id": v["id"],
            "candidate": v["systems"]["bart"],
            "reference": v["highlights"],
        });
        out.push_str(&pair.to_string());
        out.push('\n');
    }
    let path = dir.join("bart.jsonl");
    std::fs::write(&path, out).expect("write pairs");
    path
}

#[test]
fn eval_equals_rouge_on_the_same_pairs_in_every_flavour() {
    let tmp = tempfile::tempdir().expect("tmp");
    let pairs = bart_pairs(tmp.path());
    let pyrouge = "-c 95 -2 -1 -U -r 1000 -n 4 -w 1.2 -a -m";
    for (name, eval_flags, rouge_flags) in [
        (
            "rouge155",
            vec!["--rouge155", pyrouge],
            vec!["--rouge155", pyrouge],
        ),
        (
            "rouge155 -l 40 -p 0.3 -t 1",
            vec![
                "--flavor",
                "rouge155",
                "--rouge155",
                "-n 2 -l 40 -p 0.3 -t 1 -r 200",
            ],
            vec!["--rouge155", "-n 2 -l 40 -p 0.3 -t 1 -r 200"],
        ),
        (
            "multilingual",
            vec!["--rouge-lang", "english"],
            vec!["--lang", "english"],
        ),
        // auto: each record's language, English here.
        (
            "multilingual auto",
            vec!["--flavor", "multilingual"],
            vec!["--lang", "english"],
        ),
        ("rouge-score", vec![], vec![]),
    ] {
        let (per_doc, per_pair) = (tmp.path().join("doc.jsonl"), tmp.path().join("pair.jsonl"));
        let e = json(&run(precis()
            .arg("eval")
            .arg(cnndm())
            .args([
                "--method",
                "lead",
                "--systems-field",
                "systems",
                "-f",
                "json",
                "-q",
            ])
            .args(&eval_flags)
            .arg("--per-doc")
            .arg(&per_doc)));
        let r = json(&run(precis()
            .arg("rouge")
            .arg(&pairs)
            .args(["-f", "json", "-q"])
            .args(&rouge_flags)
            .arg("--per-pair")
            .arg(&per_pair)));
        let row = e["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .find(|r| r["system"] == "bart")
            .expect("bart row");
        assert_eq!(row["documents"], 250, "{name}");
        assert_eq!(r["pairs"], 250, "{name}");
        assert_eq!(e["flavor"], r["flavor"], "{name}");
        assert!(
            r["metrics"].as_array().is_some_and(|m| m.len() >= 2),
            "{name}"
        );
        // Every average, interval bound and (rouge-score) bootstrap mid, bit for bit.
        assert_eq!(row["metrics"], r["metrics"], "{name}");
        let docs: Vec<Value> = lines(&per_doc)
            .into_iter()
            .filter(|d| d["system"] == "bart")
            .collect();
        let pairs = lines(&per_pair);
        assert_eq!(docs.len(), pairs.len(), "{name}");
        for (d, p) in docs.iter().zip(&pairs) {
            for (metric, v) in p.as_object().expect("pair") {
                if metric != "id" {
                    assert_eq!(&d[metric], v, "{name} {metric}");
                }
            }
        }
    }
    // The worked example of the README: 45.511 / 22.578 / 42.430.
    let e = run(precis()
        .arg("eval")
        .arg(cnndm())
        .args(["--method", "lead", "--systems-field", "systems", "-q"])
        .args(["--rouge155", pyrouge]));
    let text = String::from_utf8_lossy(&e.stdout);
    assert!(
        text.contains("| bart | 45.511 (43.876–47.214) | 22.578 (20.650–24.507) |"),
        "{text}"
    );
    assert!(text.contains("| 42.430 (40.712–44.141) |"), "{text}");
}

#[test]
fn eval_flavour_flags_are_checked() {
    for (args, needle) in [
        (
            vec!["--rouge155", "-n 2", "--rouge-lang", "english"],
            "different flavours",
        ),
        (
            vec!["--flavor", "rouge-score", "--rouge155", "-n 2"],
            "--flavor rouge155",
        ),
        (vec!["--rouge155", "-n 2 config.xml"], "options only"),
        (vec!["--rouge155", "-3 HM"], "not supported: -3"),
        (vec!["--rouge-lang", "japanese"], "MeCab"),
        (
            vec!["--flavor", "rouge155", "--rouge-lang", "hindi"],
            "--rouge-lang needs --flavor multilingual",
        ),
    ] {
        let o = run(precis()
            .arg("eval")
            .arg(cnndm())
            .args(["--method", "lead", "-q"])
            .args(&args));
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(needle), "{args:?}: {err}");
        assert!(o.stdout.is_empty());
    }
}

/// Distinct tokens `w0 … w{n-1}`.
fn distinct(n: usize) -> String {
    (0..n)
        .map(|i| format!("w{i}"))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn pairs_over_the_work_limits_are_failed_records() {
    let tmp = tempfile::tempdir().expect("tmp");
    // 40,000 distinct tokens on each side: 1.6·10⁹ skip-bigram steps without -2.
    let big = distinct(40_000);
    let pairs = tmp.path().join("pairs.jsonl");
    let mut text = String::new();
    for (id, c, r) in [
        ("a", "the cat sat on the mat", "the cat sat"),
        ("huge", big.as_str(), big.as_str()),
        ("b", "a dog barked", "the dog barked loudly"),
    ] {
        text.push_str(&serde_json::json!({"id": id, "candidate": c, "reference": r}).to_string());
        text.push('\n');
    }
    std::fs::write(&pairs, text).expect("write");
    let per_pair = tmp.path().join("pp.jsonl");
    let started = std::time::Instant::now();
    let o = run(precis()
        .arg("rouge")
        .arg(&pairs)
        .args(["--rouge155", "-n 2 -2 -1 -U -r 100", "-q", "-f", "json"])
        .arg("--per-pair")
        .arg(&per_pair));
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("pair huge: ROUGE-S*: counting the skip bigrams of 40000 model tokens"),
        "{err}"
    );
    let v: Value = serde_json::from_slice(&o.stdout).expect("table of the others");
    assert_eq!(
        (v["pairs"].as_u64(), v["failed"].as_u64()),
        (Some(2), Some(1))
    );
    let pp = lines(&per_pair);
    assert_eq!(pp[1]["id"], "huge");
    assert!(pp[1]["error"]
        .as_str()
        .is_some_and(|e| e.contains("MAX_SKIP_BIGRAMS")));
    // The two small pairs alone give the same table.
    let small = tmp.path().join("small.jsonl");
    let kept: String = std::fs::read_to_string(&pairs)
        .expect("read")
        .lines()
        .filter(|l| !l.contains("\"huge\""))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(&small, kept).expect("write");
    let s = json(&run(precis().arg("rouge").arg(&small).args([
        "--rouge155",
        "-n 2 -2 -1 -U -r 100",
        "-q",
        "-f",
        "json",
    ])));
    assert_eq!(s["metrics"], v["metrics"]);
    // The refusal costs no scoring time (measured: ~0.1 s for the whole run, in debug).
    assert!(started.elapsed().as_secs() < 30);

    // eval: a stored system over the limits fails its record (exit 1); the others are scored.
    let data = tmp.path().join("data.jsonl");
    let article = "The city council approved the new budget on Monday. The plan adds money \
                   for schools and roads. Critics said the vote was rushed. The mayor will \
                   sign it this week.";
    let mut text = String::new();
    for (id, highlights, sys) in [
        (
            "r1",
            "The council approved the budget.",
            "The council approved a budget.",
        ),
        ("r2", big.as_str(), big.as_str()),
        (
            "r3",
            "Critics said the vote was rushed.",
            "The vote was rushed, critics said.",
        ),
    ] {
        let rec = serde_json::json!({"id": id, "article": article, "highlights": highlights,
            "systems": {"sys": sys}});
        text.push_str(&rec.to_string());
        text.push('\n');
    }
    std::fs::write(&data, text).expect("write");
    for flags in [
        vec!["--rouge155", "-n 2 -2 -1 -U -r 100"],
        vec!["--rouge155", "-n 1 -x -w 1.2 -r 100"],
    ] {
        let o = run(precis()
            .arg("eval")
            .arg(&data)
            .args([
                "--method",
                "lead",
                "--systems-field",
                "systems",
                "-q",
                "-f",
                "json",
            ])
            .args(&flags));
        assert_eq!(o.status.code(), Some(1), "{flags:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("r2: sys: ROUGE-"), "{flags:?}: {err}");
        let v: Value = serde_json::from_slice(&o.stdout).expect("table");
        assert_eq!(v["failed"], 1);
        assert_eq!(v["rows"][0]["documents"], 2);
    }
}

#[test]
fn rouge155_leaves_refused_evaluations_out() {
    // `precis rouge155 -z SPL`: evaluation 2 is over the ROUGE-L limit (300,000 × 300,000
    // tokens); the other two are reported as the script would report them alone, exit 1.
    let tmp = tempfile::tempdir().expect("tmp");
    let d = tmp.path();
    let big = "a b\n".repeat(150_000);
    let files = [
        ("p1", "the cat sat on the mat\n"),
        ("m1", "the cat sat\n"),
        ("p2", big.as_str()),
        ("m2", big.as_str()),
        ("p3", "a dog barked\n"),
        ("m3", "the dog barked loudly\n"),
    ];
    for (name, body) in files {
        std::fs::write(d.join(name), body).expect("write");
    }
    let list = |ids: &[usize]| {
        ids.iter()
            .map(|k| {
                format!(
                    "{} {}\n",
                    d.join(format!("p{k}")).display(),
                    d.join(format!("m{k}")).display()
                )
            })
            .collect::<String>()
    };
    std::fs::write(d.join("all.txt"), list(&[1, 2, 3])).expect("write");
    let o = run(precis()
        .args(["rouge155", "-n", "1", "-r", "50", "-z", "SPL"])
        .arg(d.join("all.txt")));
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("evaluation 2.X left out: ROUGE-L: 300000 model tokens × 300000 peer tokens"),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&o.stdout).contains("X ROUGE-1 Average_F"));
    // The same output as the script's on the two other evaluations alone.
    std::fs::write(d.join("small.txt"), list(&[1, 3])).expect("write");
    let alone = run(precis()
        .args(["rouge155", "-n", "1", "-r", "50", "-z", "SPL"])
        .arg(d.join("small.txt")));
    assert!(alone.status.success());
    assert_eq!(o.stdout, alone.stdout);
}
