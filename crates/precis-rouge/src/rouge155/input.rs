//! What ROUGE-1.5.5 reads: summaries (SEE html, SPL, ISI, or a plain text with `\n` between
//! sentences) as lists of raw sentence bytes, and the evaluation setup (the XML config file, or
//! with `-z` a list of `peer model1 model2 …` lines). Pure functions of bytes; no file access.

use super::Rouge155Error;

/// One summary as the script reads it: its sentences as raw bytes (not decoded, not
/// lower-cased), in order, empty ones already dropped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// The sentences.
    pub sentences: Vec<Vec<u8>>,
}

/// Input formats of `<INPUT-FORMAT TYPE="…">` / `-z`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// pyrouge / files2rouge html: one `<a name="k">[k]</a> <a href="#k" id=k>SENTENCE</a>` line per sentence.
    See,
    /// One sentence per line.
    Spl,
    /// `<S SNTNO="k">SENTENCE</S>` lines.
    Isi,
}

impl InputFormat {
    /// Parses `SEE`, `SPL` or `ISI` (any case). `SIMPLE` (Basic Elements) is not supported.
    pub fn parse(s: &str) -> Result<Self, Rouge155Error> {
        match s.to_ascii_uppercase().as_str() {
            "SEE" => Ok(Self::See),
            "SPL" => Ok(Self::Spl),
            "ISI" => Ok(Self::Isi),
            "SIMPLE" => Err(Rouge155Error::Unsupported(
                "input format SIMPLE (Basic Elements, -3)".into(),
            )),
            _ => Err(Rouge155Error::Config(format!("unknown input format {s:?}"))),
        }
    }
}

impl Summary {
    /// The sentences the script would extract from pyrouge's html of `text`: sentences are the
    /// `\n`-separated pieces, each cut at its first `<`, empty ones dropped (SPEC §1.2).
    pub fn from_text(text: &str) -> Self {
        let sentences = text
            .split('\n')
            .map(|s| {
                let b = s.as_bytes();
                let end = b.iter().position(|&c| c == b'<').unwrap_or(b.len());
                b[..end].to_vec()
            })
            .filter(|s| !s.is_empty())
            .collect();
        Summary { sentences }
    }

    /// Reads a file of the given format.
    pub fn parse(bytes: &[u8], format: InputFormat) -> Self {
        match format {
            InputFormat::See => Self::from_see(bytes),
            InputFormat::Spl => Self::from_spl(bytes),
            InputFormat::Isi => Self::from_isi(bytes),
        }
    }

    /// SEE html: for each line of the sentence shape, the bytes after `id=k>` up to the first
    /// `<` (the line's `\n` included when no `<` follows); lines where that run is empty are
    /// ignored.
    pub fn from_see(bytes: &[u8]) -> Self {
        let sentences = lines(bytes).filter_map(see_sentence).collect();
        Summary { sentences }
    }

    /// SPL: every non-empty line (without its `\n`).
    pub fn from_spl(bytes: &[u8]) -> Self {
        let sentences = lines(bytes)
            .map(|l| l.strip_suffix(b"\n").unwrap_or(l))
            .filter(|l| !l.is_empty())
            .map(<[u8]>::to_vec)
            .collect();
        Summary { sentences }
    }

    /// ISI: `<S SNTNO="…">SENTENCE</S>` lines.
    pub fn from_isi(bytes: &[u8]) -> Self {
        let sentences = lines(bytes)
            .filter_map(|l| {
                let mut c = Cursor(l);
                c.lit(b"<S SNTNO=\"")?;
                c.run(|b| b.is_ascii_digit() || b.is_ascii_lowercase() || b == b',')?;
                c.lit(b"\">")?;
                let text = c.until_lt()?;
                c.lit(b"</S>")?;
                Some(text.to_vec())
            })
            .collect();
        Summary { sentences }
    }
}

/// Lines of `bytes`, each with its `\n` (as Perl's `<FH>` reads them).
fn lines(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    bytes.split_inclusive(|&b| b == b'\n')
}

/// Perl's `\s` on a byte string.
#[inline]
pub(crate) fn is_perl_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0c | 0x0b)
}

struct Cursor<'a>(&'a [u8]);

impl<'a> Cursor<'a> {
    fn lit(&mut self, s: &[u8]) -> Option<()> {
        self.0 = self.0.strip_prefix(s)?;
        Some(())
    }
    /// One or more bytes satisfying `f`.
    fn run(&mut self, f: impl Fn(u8) -> bool) -> Option<&'a [u8]> {
        let n = self.0.iter().take_while(|&&b| f(b)).count();
        if n == 0 {
            return None;
        }
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        Some(a)
    }
    /// One or more bytes that are not `<`.
    fn until_lt(&mut self) -> Option<&'a [u8]> {
        self.run(|b| b != b'<')
    }
}

fn see_sentence(line: &[u8]) -> Option<Vec<u8>> {
    let mut c = Cursor(line);
    c.lit(b"<a ")?;
    if c.lit(b"size=\"").is_some() {
        c.run(|b| b.is_ascii_digit())?;
        c.lit(b"\" ")?;
    }
    c.lit(b"name=\"")?;
    c.run(|b| b.is_ascii_digit())?;
    c.lit(b"\">[")?;
    c.run(|b| b.is_ascii_digit())?;
    c.lit(b"]</a>")?;
    c.run(is_perl_space)?;
    c.lit(b"<a href=\"#")?;
    c.run(|b| b.is_ascii_digit())?;
    c.lit(b"\" id=")?;
    c.run(|b| b.is_ascii_digit())?;
    c.lit(b">")?;
    c.until_lt().map(<[u8]>::to_vec)
}

/// One `<EVAL>` of the configuration: the peers (ID, path) and models (ID, path) in file order,
/// paths already joined with their roots as the script joins them (`ROOT/FILE`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalSpec {
    /// The `ID` attribute.
    pub id: String,
    /// The input format of its files.
    pub format: InputFormat,
    /// Peer ID -> path.
    pub peers: Vec<(String, String)>,
    /// Model ID -> path, in file order.
    pub models: Vec<(String, String)>,
}

impl EvalSpec {
    /// The path of peer `id`, if this evaluation has it.
    pub fn peer(&self, id: &str) -> Option<&str> {
        self.peers
            .iter()
            .find(|(p, _)| p == id)
            .map(|(_, f)| f.as_str())
    }
}

/// Trims what the script trims from text nodes (`[\n\s]+` at both ends).
fn trim_node(s: &str) -> String {
    s.trim_matches(|c: char| c.is_ascii() && is_perl_space(c as u8))
        .to_string()
}

/// The concatenated text of an element's direct text children (the script keeps the last
/// text node; for ordinary files there is exactly one).
fn node_text(n: roxmltree::Node<'_, '_>) -> String {
    let mut last = String::new();
    for c in n.children().filter(|c| c.is_text()) {
        last = c.text().unwrap_or("").to_string();
    }
    trim_node(&last)
}

/// Parses a ROUGE evaluation configuration (XML). Element names are matched in any case, as
/// the script does; evaluations keep file order; a later `<P>`/`<M>` with the same ID replaces
/// the path of the earlier one (in its original position), as the script's hash does.
pub fn parse_config(xml: &str) -> Result<Vec<EvalSpec>, Rouge155Error> {
    let doc = roxmltree::Document::parse(xml)
        .map_err(|e| Rouge155Error::Config(format!("invalid XML: {e}")))?;
    let mut evals: Vec<EvalSpec> = Vec::new();
    let mut has_format: Vec<bool> = Vec::new();
    for node in doc.descendants().filter(|n| n.is_element()) {
        if !node.tag_name().name().eq_ignore_ascii_case("EVAL") {
            continue;
        }
        let id = node
            .attributes()
            .find(|a| a.name() == "ID")
            .map(|a| a.value().to_string())
            .ok_or_else(|| {
                Rouge155Error::Config(format!(
                    "<EVAL> without an ID attribute (line {})",
                    doc.text_pos_at(node.range().start).row
                ))
            })?;
        let k = match evals.iter().position(|e| e.id == id) {
            Some(k) => k,
            None => {
                evals.push(EvalSpec {
                    id: id.clone(),
                    format: InputFormat::See,
                    peers: Vec::new(),
                    models: Vec::new(),
                });
                has_format.push(false);
                evals.len() - 1
            }
        };
        let mut peer_root: Option<String> = None;
        let mut model_root: Option<String> = None;
        let mut format: Option<InputFormat> = None;
        let mut peers: Vec<(String, String)> = Vec::new();
        let mut models: Vec<(String, String)> = Vec::new();
        for child in node.descendants().filter(|n| n.is_element()) {
            let name = child.tag_name().name();
            let attr = |a: &str| {
                child
                    .attributes()
                    .find(|x| x.name() == a)
                    .map(|x| x.value().to_string())
            };
            if name.eq_ignore_ascii_case("PEER-ROOT") {
                peer_root = Some(node_text(child));
            } else if name.eq_ignore_ascii_case("MODEL-ROOT") {
                model_root = Some(node_text(child));
            } else if name.eq_ignore_ascii_case("INPUT-FORMAT") {
                let t = attr("TYPE").ok_or_else(|| {
                    Rouge155Error::Config(format!("EVAL {id}: <INPUT-FORMAT> without TYPE"))
                })?;
                format = Some(InputFormat::parse(&t)?);
            } else if name.eq_ignore_ascii_case("P")
                && child
                    .parent_element()
                    .is_some_and(|p| p.tag_name().name().eq_ignore_ascii_case("PEERS"))
            {
                let pid = attr("ID").ok_or_else(|| {
                    Rouge155Error::Config(format!("EVAL {id}: <P> without an ID attribute"))
                })?;
                upsert(&mut peers, pid, node_text(child));
            } else if name.eq_ignore_ascii_case("M")
                && child
                    .parent_element()
                    .is_some_and(|p| p.tag_name().name().eq_ignore_ascii_case("MODELS"))
            {
                let mid = attr("ID").ok_or_else(|| {
                    Rouge155Error::Config(format!("EVAL {id}: <M> without an ID attribute"))
                })?;
                upsert(&mut models, mid, node_text(child));
            }
        }
        let e = &mut evals[k];
        if let Some(f) = format {
            e.format = f;
            has_format[k] = true;
        }
        let join =
            |root: &Option<String>, f: &str| format!("{}/{f}", root.as_deref().unwrap_or(""));
        for (pid, f) in peers {
            upsert(&mut e.peers, pid, join(&peer_root, &f));
        }
        for (mid, f) in models {
            upsert(&mut e.models, mid, join(&model_root, &f));
        }
    }
    if let Some(k) = has_format.iter().position(|&h| !h) {
        return Err(Rouge155Error::Config(format!(
            "EVAL {}: no <INPUT-FORMAT TYPE=\"…\"> (the script dies with \"Unknown input format\")",
            evals[k].id
        )));
    }
    Ok(evals)
}

fn upsert(v: &mut Vec<(String, String)>, k: String, val: String) {
    match v.iter_mut().find(|(x, _)| *x == k) {
        Some(slot) => slot.1 = val,
        None => v.push((k, val)),
    }
}

/// Parses a `-z` file list: each line that is not blank and does not start with `#` is
/// `PEER MODEL1 [MODEL2 …]`; evaluation IDs are 1, 2, …, the peer ID is `peer_id`, the model
/// IDs `M.1`, `M.2`, … Paths are used as written.
pub fn parse_file_list(
    text: &str,
    format: InputFormat,
    peer_id: &str,
) -> Result<Vec<EvalSpec>, Rouge155Error> {
    let mut evals = Vec::new();
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if line.starts_with('#') || line.bytes().all(is_perl_space) {
            continue;
        }
        let files: Vec<&str> = line
            .split(|c: char| c.is_ascii() && is_perl_space(c as u8))
            .filter(|s| !s.is_empty())
            .collect();
        if files.len() < 2 {
            return Err(Rouge155Error::Config(format!(
                "line {}: a file list line needs at least 2 file names (peer model1 … modelN)",
                i + 1
            )));
        }
        let n = evals.len() + 1;
        evals.push(EvalSpec {
            id: n.to_string(),
            format,
            peers: vec![(peer_id.to_string(), files[0].to_string())],
            models: files[1..]
                .iter()
                .enumerate()
                .map(|(m, f)| (format!("M.{}", m + 1), (*f).to_string()))
                .collect(),
        });
    }
    Ok(evals)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn see_lines_as_pyrouge_writes_them() {
        let html =
            b"<html>\n<head>\n<title>dummy title</title>\n</head>\n<body bgcolor=\"white\">\n\
<a name=\"1\">[1]</a> <a href=\"#1\" id=1>The Cat sat.</a>\n\
<a name=\"2\">[2]</a> <a href=\"#2\" id=2></a>\n\
<a name=\"3\">[3]</a> <a href=\"#3\" id=3>a < b and c</a>\n\
<a size=\"10\" name=\"4\">[4]</a>\t<a href=\"#4\" id=4>sized</a>\n\
<a name=\"5\">[5]</a> <a href=\"#5\" id=5>no close\n\
</body>\n</html>\n";
        let s = Summary::from_see(html);
        let got: Vec<&[u8]> = s.sentences.iter().map(Vec::as_slice).collect();
        assert_eq!(
            got,
            vec![&b"The Cat sat."[..], b"a ", b"sized", b"no close\n"]
        );
    }

    #[test]
    fn text_rule_equals_the_html_rule() {
        let s = Summary::from_text("One.\n\nTwo < three\n<only");
        assert_eq!(s.sentences, vec![b"One.".to_vec(), b"Two ".to_vec()]);
    }

    #[test]
    fn config_roots_and_order() {
        let xml = r#"<ROUGE-EVAL version="1.55">
<EVAL ID="2"><MODEL-ROOT>
models
</MODEL-ROOT><PEER-ROOT>peers</PEER-ROOT><INPUT-FORMAT TYPE="SEE"></INPUT-FORMAT>
<PEERS><P ID="1">a.html</P><P ID="B">b.html</P></PEERS>
<MODELS><M ID="A">2.A.html</M><M ID="B">2.B.html</M></MODELS></EVAL>
<eval ID="1"><peer-root>p</peer-root><INPUT-FORMAT TYPE="spl"/><PEERS><P ID="1">x</P></PEERS>
<MODELS><M ID="A">y</M></MODELS></eval></ROUGE-EVAL>"#;
        let e = parse_config(xml).unwrap();
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].id, "2");
        assert_eq!(e[0].peer("B"), Some("peers/b.html"));
        assert_eq!(e[0].models[1], ("B".into(), "models/2.B.html".into()));
        assert_eq!(e[1].format, InputFormat::Spl);
        assert_eq!(e[1].models[0].1, "/y");
        assert!(parse_config("<ROUGE-EVAL>").is_err());
    }

    #[test]
    fn file_list() {
        let e = parse_file_list("# c\n\np1 m1 m2\n  p2\tm3 \n", InputFormat::Spl, "X").unwrap();
        assert_eq!(e.len(), 2);
        assert_eq!(e[1].id, "2");
        assert_eq!(e[0].models[1], ("M.2".into(), "m2".into()));
        assert!(parse_file_list("only\n", InputFormat::Spl, "X").is_err());
    }
}
