//! A parser for the Python `repr` of a `dict` of `str` → `str`
//! (`{'bert_s2s': "it's here", 'tconv': 'x'}`), as some datasets store system outputs.

/// Parse `{'k': 'v', "k2": "v2"}`; `None` if it is anything else.
pub(crate) fn parse_str_dict(s: &str) -> Option<Vec<(String, String)>> {
    let mut p = Parser { s, pos: 0 };
    p.ws();
    p.eat('{')?;
    let mut out = Vec::new();
    p.ws();
    if p.eat('}').is_some() {
        p.ws();
        return p.at_end().then_some(out);
    }
    loop {
        p.ws();
        let k = p.string()?;
        p.ws();
        p.eat(':')?;
        p.ws();
        let v = p.string()?;
        out.push((k, v));
        p.ws();
        if p.eat(',').is_some() {
            p.ws();
            if p.eat('}').is_some() {
                break;
            }
            continue;
        }
        p.eat('}')?;
        break;
    }
    p.ws();
    p.at_end().then_some(out)
}

struct Parser<'a> {
    s: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.s[self.pos..].chars().next()
    }
    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }
    fn eat(&mut self, c: char) -> Option<()> {
        (self.peek() == Some(c)).then(|| {
            self.pos += c.len_utf8();
        })
    }
    fn ws(&mut self) {
        while let Some(c) = self.peek().filter(|c| c.is_whitespace()) {
            self.pos += c.len_utf8();
        }
    }
    fn at_end(&self) -> bool {
        self.pos >= self.s.len()
    }
    fn hex(&mut self, n: usize) -> Option<char> {
        let h = self.s.get(self.pos..self.pos + n)?;
        let v = u32::from_str_radix(h, 16).ok()?;
        self.pos += n;
        char::from_u32(v)
    }
    /// A Python string literal with an optional `u` prefix.
    fn string(&mut self) -> Option<String> {
        if self.peek() == Some('u') {
            self.pos += 1;
        }
        let q = self.bump()?;
        if q != '\'' && q != '"' {
            return None;
        }
        let mut out = String::new();
        loop {
            let c = self.bump()?;
            if c == q {
                return Some(out);
            }
            if c != '\\' {
                out.push(c);
                continue;
            }
            let e = self.bump()?;
            match e {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                '0' => out.push('\0'),
                '\\' | '\'' | '"' => out.push(e),
                'x' => out.push(self.hex(2)?),
                'u' => out.push(self.hex(4)?),
                'U' => out.push(self.hex(8)?),
                '\n' => {}
                other => {
                    out.push('\\');
                    out.push(other);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_python_dicts() {
        assert_eq!(
            parse_str_dict(r#"{'a': 'x', "b": "it's", 'c': 'say \'hi\'\n\xe9'}"#),
            Some(vec![
                ("a".into(), "x".into()),
                ("b".into(), "it's".into()),
                ("c".into(), "say 'hi'\né".into()),
            ])
        );
        assert_eq!(parse_str_dict("{}"), Some(vec![]));
        assert_eq!(
            parse_str_dict("{'a': 'x',}"),
            Some(vec![("a".into(), "x".into())])
        );
        assert_eq!(parse_str_dict("{'a': 1}"), None);
        assert_eq!(parse_str_dict("{'a': 'x'} extra"), None);
        assert_eq!(parse_str_dict("{'a': 'unterminated"), None);
        // Non-ASCII whitespace (a no-break space) is skipped, not split in the middle.
        let d = parse_str_dict("{\u{a0}'a':\u{2003}'b'\u{a0}}").unwrap();
        assert_eq!(d, vec![("a".to_string(), "b".to_string())]);
    }
}
