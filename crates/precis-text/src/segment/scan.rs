//! The scanner: one forward pass over a line, deciding at each sentence mark.

use std::ops::Range;

use super::chars::{
    apostrophe_ends_at, at, before, char_at, char_before, closer_len, emoji_len, is_cjk,
    is_cjk_quote_closer, letters_end, mark_at, ptb_bracket, skip_openers, word_start, ws_before,
    ws_len, Mark,
};
use super::Case;
use crate::lang::{flag, Rules};

/// What the word before a single `.` is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Left {
    /// An ordinary word, number, URL...: the period ends the sentence.
    Ordinary,
    /// A title before a name (Mr., Dr., Gen., St., ...).
    Title,
    /// `No.`, `p.`, `Vol.`, `Nr.`, ...: protected before a digit.
    NumPrefix,
    /// Other abbreviations (Inc., Co., vgl.) and dotted ones (U.S., z.B., т.е.).
    Abbrev,
    /// Abbreviations that close an enumeration (etc., usw., и т.д.).
    Ender,
    /// Dotted single capitals that are likely initials of a name (J.K., B.B., J.-P.).
    DottedInitials,
    /// `a.m.` / `p.m.` (any case).
    Time,
    /// A single capital letter (an initial, or the pronoun I).
    Initial(char),
    /// A number of at most three digits in a language that writes ordinals with a period
    /// ("am 26. Oktober", "der 3. Platz").
    Ordinal,
}

/// What follows a candidate boundary.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Next {
    /// Byte offset of the first char after whitespace and opening quotes/brackets.
    pos: usize,
    /// Whether opening quotes/brackets (or a dialogue dash) were skipped.
    opener: bool,
    /// Whether a dialogue dash was skipped ("Kim jesteś? - spytała").
    dash: bool,
    /// The first char (if any).
    ch: Option<char>,
    /// End of the run of letters starting at `pos` (== `pos` if none).
    word_end: usize,
}

/// How a next char looks for the purpose of starting a sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// Capital letter (or a camel-case word like "iPhone"; any letter in caseless text).
    Upper,
    Digit,
    /// Lowercase letter, or punctuation that continues a sentence (`,` `;` `:` `)` `-`...).
    Continues,
    /// Other symbols (`$`, `£`, `#`, `*`, `•`, letters of scripts without case, ...).
    Symbol,
}

pub(super) struct Scanner<'t, 'o> {
    pub(super) text: &'t str,
    pub(super) b: &'t [u8],
    pub(super) rules: &'t Rules,
    pub(super) case: Case,
    /// Whether capitals are candidates (English caption and boilerplate rules).
    pub(super) capitals: bool,
    /// Start of the current line (backward scans stop here).
    pub(super) lo: usize,
    /// End of the current segment (exclusive).
    pub(super) end: usize,
    /// Start of the current sentence.
    pub(super) sent_start: usize,
    /// First non-whitespace byte of the current sentence, once known (`usize::MAX`: unknown).
    pub(super) content_start: usize,
    pub(super) out: &'o mut Vec<Range<usize>>,
}

impl Scanner<'_, '_> {
    pub(super) fn run(&mut self, start: usize) {
        let b = self.b;
        let table = &self.rules.candidates.0[usize::from(self.capitals)];
        let end = self.end;
        let mut i = start;
        while i < end {
            // Skip to the next candidate byte in a tight loop (locals only).
            match b
                .get(i..end)
                .and_then(|rest| rest.iter().position(|&c| table[c as usize]))
            {
                Some(k) => i += k,
                None => break,
            }
            let c = b[i];
            i = if c.is_ascii_uppercase() {
                self.at_capital(i)
            } else if self.mark(i).is_some() {
                self.at_terminal(i)
            } else {
                i + 1
            };
        }
        self.push(self.end);
    }

    /// The sentence mark at `i` under the language's rules (its own extra marks, such as the
    /// Armenian `:`; no `.` where the period is no full stop).
    #[inline]
    fn mark(&self, i: usize) -> Option<(Mark, usize)> {
        let b = self.b;
        if !self.rules.extra_marks.is_empty() {
            for m in &self.rules.extra_marks {
                if b.get(i..i + m.len()) == Some(m.as_bytes()) {
                    return Some((Mark::Strong, m.len()));
                }
            }
        }
        if b[i] == b'.' && !self.rules.period_ends {
            return None;
        }
        mark_at(b, i)
    }

    fn caseless(&self) -> bool {
        self.case != Case::Mixed
    }

    /// Ends the current sentence at `p` (exclusive) and starts the next one there.
    fn push(&mut self, p: usize) {
        let mut p = p.min(self.end);
        while !self.text.is_char_boundary(p) {
            p += 1; // cannot happen with the rules below; keeps the split lossless regardless
        }
        if p <= self.sent_start {
            return;
        }
        // Trim whitespace (ASCII bytes directly, other chars decoded).
        let a = self.skip_ws(self.sent_start).min(p);
        let mut e = p;
        while e > a {
            let c = self.b[e - 1];
            if c < 0x80 {
                if !matches!(c, 9..=13 | b' ') {
                    break;
                }
                e -= 1;
            } else if super::chars::ws_before(self.text, a, e) {
                e = self.text[a..e]
                    .char_indices()
                    .next_back()
                    .map_or(a, |(k, _)| a + k);
            } else {
                break;
            }
        }
        if e > a {
            self.out.push(a..e);
        }
        self.sent_start = p;
        self.content_start = usize::MAX;
    }

    /// Position after the whitespace starting at `p` (== `p` if none), within the segment.
    fn skip_ws(&self, p: usize) -> usize {
        let mut k = p;
        while k < self.end {
            let n = ws_len(self.text, k);
            if n == 0 {
                break;
            }
            k += n;
        }
        k
    }

    /// Looks past whitespace (at least one char of it must be at `p`), opening quotes and a
    /// dialogue dash. `None` if there is no whitespace at `p` or nothing follows.
    fn next_after_ws(&self, p: usize) -> Option<Next> {
        let k = self.skip_ws(p);
        if k == p || k >= self.end {
            return None;
        }
        Some(self.next_at(k))
    }

    /// Describes the token starting at `k` (skipping opening quotes/brackets, and a dialogue
    /// dash followed by a space: "próby. - Wejdź", "— Привет").
    fn next_at(&self, k: usize) -> Next {
        let b = self.b;
        let mut m = skip_openers(b, k, usize::MAX, 9);
        let mut opener = m > k;
        let mut dashed = false;
        if m == k {
            let dash = match (at(b, m), at(b, m + 1), at(b, m + 2)) {
                (b'-', b'-', c) if c != b'-' => 2,
                (b'-', c, _) if c != b'-' => 1,
                (0xE2, 0x80, 0x93 | 0x94) => 3, // – —
                _ => 0,
            };
            if dash > 0 && ws_len(self.text, m + dash) > 0 {
                let after = self.skip_ws(m + dash);
                if after < self.end {
                    m = skip_openers(b, after, usize::MAX, 9);
                    opener = true;
                    dashed = true;
                }
            }
        }
        let ch = if m < self.end {
            char_at(self.text, m)
        } else {
            None
        };
        Next {
            pos: m,
            opener,
            dash: dashed,
            ch,
            word_end: letters_end(self.text, m, self.end),
        }
    }

    fn word(&self, n: &Next) -> &str {
        self.text.get(n.pos..n.word_end).unwrap_or("")
    }

    fn shape(&self, n: &Next) -> Shape {
        let Some(ch) = n.ch else {
            return Shape::Continues;
        };
        if ch.is_uppercase() {
            Shape::Upper
        } else if ch.is_ascii_digit() || ch == '№' {
            Shape::Digit
        } else if ch.is_lowercase() {
            // "iPhone", "eBay" start sentences too; in lower-cased text any word may.
            if self.case == Case::Lower
                || char_at(self.text, n.pos + ch.len_utf8()).is_some_and(char::is_uppercase)
            {
                Shape::Upper
            } else {
                Shape::Continues
            }
        } else if matches!(
            ch,
            ',' | ';'
                | ':'
                | ')'
                | ']'
                | '}'
                | '-'
                | '.'
                | '?'
                | '!'
                | '/'
                | '&'
                | '%'
                | '、'
                | '，'
        ) || ch.is_whitespace()
        {
            Shape::Continues
        } else {
            Shape::Symbol
        }
    }

    /// Whether `w` (the next word) usually starts a sentence after an abbreviation.
    fn is_starter(&self, w: &str) -> bool {
        if w.len() > self.rules.starter_max_len {
            return false;
        }
        if self.caseless() {
            self.rules.words.is(w, flag::STRONG_STARTER, true)
        } else {
            self.rules.words.is(w, flag::STARTER, false)
        }
    }

    /// At a sentence mark at `i`. Returns where to continue scanning.
    fn at_terminal(&mut self, i: usize) -> usize {
        let b = self.b;
        let end = self.end;
        // 1. The run of marks.
        let mut j = i;
        let mut dots = 0usize;
        let mut qe = false;
        let mut full = false;
        let mut spaced_after_first = false;
        let mut last_dot = false;
        while j < end {
            match self.mark(j) {
                Some((Mark::Dot, n)) => {
                    dots += 1;
                    j += n;
                    last_dot = true;
                }
                Some((Mark::Ellipsis, n)) => {
                    dots += 3;
                    j += n;
                    last_dot = true;
                }
                Some((Mark::Strong, n)) => {
                    qe = true;
                    j += n;
                    last_dot = false;
                }
                Some((Mark::Full, n)) => {
                    qe = true;
                    full = true;
                    j += n;
                    last_dot = false;
                }
                None if b[j] == b' ' && last_dot && at(b, j + 1) == b'.' && j + 1 < end => {
                    if j == i + 1 {
                        spaced_after_first = true;
                    }
                    j += 1;
                }
                None => break,
            }
        }
        let run_end = j;
        // 2. Closing quotes/brackets glued to the run, and marks after them (`?”。`, `!").`).
        // After a Chinese or Japanese mark, `“` opens the next sentence ("。“文化").
        let mut guard = 0;
        let mut cjk_quote = false;
        while j < end && guard <= 8 {
            let n = closer_len(b, j);
            if n > 0 && !(full && b.get(j..j + 3) == Some("\u{201c}".as_bytes())) {
                cjk_quote |= is_cjk_quote_closer(b, j);
                j += n;
            } else if let Some((mark, n)) = self.mark(j).filter(|_| j > run_end) {
                full |= mark == Mark::Full;
                qe |= matches!(mark, Mark::Full | Mark::Strong);
                j += n;
            } else {
                break;
            }
            guard += 1;
        }
        let had_closer = j > run_end;
        if j >= end {
            return j;
        }
        // Chinese, Japanese, Hindi, Arabic... marks end a sentence with or without a space,
        // unless punctuation that continues it follows ("。、", "！」と言った").
        if full || (qe && self.between_cjk(i, j)) {
            let k = self.skip_ws(j);
            let next = char_at(self.text, k);
            let continues = next.is_some_and(|c| {
                matches!(c, '、' | '，' | ',' | ';' | '；' | ':' | '：')
                    || (cjk_quote && k == j && matches!(c, '\u{3041}'..='\u{309F}'))
                    // "３．２９％": a full-width decimal point.
                    || (k == j && c.is_numeric() && char_before(self.text, self.lo, i).is_some_and(char::is_numeric))
            });
            if !continues && k < end && !(k == j && self.inside_cjk_brackets(i)) {
                self.push(j);
            }
            return k.max(i + 1);
        }
        // 3. Whitespace, then the next token.
        let Some(mut next) = self.next_after_ws(j) else {
            // No whitespace: maybe a run-on ("heard.Shocking").
            if !had_closer && dots <= 1 && self.is_run_on(i, run_end) {
                self.push(run_end);
            }
            return j.max(i + 1);
        };
        // Closing quotes after a space (French "fini. »", Penn Treebank "over . ''"), and
        // emoji after the mark ("Поздравляю! 🎉🎈 Желаем"): they end the sentence.
        if let Some(e) = self.spaced_closers(j) {
            j = e;
            if j >= end {
                return j;
            }
            next = match self.next_after_ws(j) {
                Some(n) => n,
                None => return j,
            };
        }
        let shape = self.shape(&next);
        let resume = next.pos.max(j);
        if shape == Shape::Continues {
            // "where did you grow up? india?": a question mark before a lowercase word.
            if LOWER_STARTS
                && qe
                && !had_closer
                && !next.dash
                && b[i] == b'?'
                && next.ch.is_some_and(char::is_lowercase)
            {
                self.push(j);
                return resume;
            }
            if LOWER_STARTS
                && dots == 1
                && !qe
                && !had_closer
                && !next.dash
                && next.ch.is_some_and(char::is_lowercase)
                && !self.marker_only(i)
                && self.ordinary_word_before(i)
            {
                self.push(j);
            }
            return resume;
        }
        if qe {
            self.push(j);
            return resume;
        }
        if dots >= 2 {
            let prev = before(b, self.lo, i);
            // "compounds. . . . The": a period, then an ellipsis that opens the next sentence.
            if spaced_after_first && prev != 0 && !ws_before(self.text, self.lo, i) {
                if shape == Shape::Upper {
                    self.push(i + 1);
                }
                return resume;
            }
            // "[...]", " . . . I didn't": an omission inside the sentence; a spaced ellipsis
            // before a capitalised word other than "I" ends one ("ao longe ... Está tudo").
            let bracketed = matches!(prev, b'[' | b'(');
            let inside = ws_before(self.text, self.lo, i) || bracketed;
            let pronoun = {
                let w = self.word(&next);
                let mut cs = w.chars();
                cs.next().is_some_and(|c| Some(c) == self.rules.pronoun_i) && cs.next().is_none()
            };
            if inside && dots == 3 && (bracketed || shape != Shape::Upper || pronoun || next.opener)
            {
                return resume;
            }
            if shape != Shape::Digit || !inside {
                self.push(j);
            }
            return resume;
        }
        // A single period.
        if self.marker_only(i) {
            return resume;
        }
        if self.period_ends_sentence(i, &next, shape) {
            self.push(j);
        }
        resume
    }

    /// Whether `i` lies inside a title or quotation opened in the current sentence and not
    /// closed yet (`《摔跤吧！爸爸》`, `「はい。そうです」`): marks there do not end it.
    fn inside_cjk_brackets(&self, i: usize) -> bool {
        let from = i.saturating_sub(512).max(self.sent_start);
        let mut depth = 0i32;
        for c in self.text.get(from..i).unwrap_or("").chars() {
            match c {
                '《' | '「' | '『' => depth += 1,
                '》' | '」' | '』' => depth = (depth - 1).max(0),
                _ => {}
            }
        }
        depth > 0
    }

    /// A `?`/`!` at `i` (run and closers end at `j`) written after Chinese or Japanese text
    /// and followed by a word with no space ("ロビー?2008年").
    fn between_cjk(&self, i: usize, j: usize) -> bool {
        ws_len(self.text, j) == 0
            && char_before(self.text, self.lo, i).is_some_and(is_cjk)
            && char_at(self.text, j).is_some_and(|c| is_cjk(c) || c.is_alphanumeric())
    }

    /// Closing quotes that follow the mark after whitespace and still belong to the sentence
    /// that ends: `''` and `-rrb-` (Penn Treebank tokens), and `»` `›` `”` after a no-break
    /// space (French typography) or in languages that space them (`spaced_closers`). Returns
    /// the position after them.
    fn spaced_closers(&self, j: usize) -> Option<usize> {
        let b = self.b;
        let mut p = j;
        let mut found = None;
        for _ in 0..4 {
            let k = self.skip_ws(p);
            if k == p || k >= self.end {
                break;
            }
            let mut e = k;
            while emoji_len(b, e) > 0 && e < self.end {
                e += emoji_len(b, e);
            }
            if e > k && (e >= self.end || ws_len(self.text, e) > 0) {
                p = e;
                found = Some(p);
                continue;
            }
            let n = if b.get(k..k + 2) == Some(b"''")
                && (k + 2 >= self.end || ws_len(self.text, k + 2) > 0)
            {
                2
            } else if at(b, k) == b'-' {
                ptb_bracket(b, k, b'r')
            } else {
                let guillemet = match (at(b, k), at(b, k + 1), at(b, k + 2)) {
                    (0xC2, 0xBB, _) => 2,           // »
                    (0xE2, 0x80, 0xBA | 0x9D) => 3, // › ”
                    _ => 0,
                };
                let nbsp = self
                    .text
                    .get(p..k)
                    .is_some_and(|ws| ws.chars().any(|c| matches!(c, '\u{a0}' | '\u{202f}')));
                if guillemet > 0 && (nbsp || self.rules.spaced_closers) {
                    guillemet
                } else {
                    0
                }
            };
            if n == 0 {
                break;
            }
            p = k + n;
            found = Some(p);
        }
        found
    }

    /// Is the text between the sentence start and `i` only a list marker (`1`, `a`, `• 9`,
    /// `2.)`)? Then the period at `i` is part of the marker.
    fn marker_only(&mut self, i: usize) -> bool {
        // Skip the sentence's leading whitespace once per sentence (keeps the scan linear).
        if self.content_start == usize::MAX {
            self.content_start = self.skip_ws(self.sent_start).min(i);
        }
        let from = self.content_start.min(i);
        if i - from > 12 {
            return false;
        }
        let Some(s) = self.text.get(from..i) else {
            return false;
        };
        let s = s.trim_end();
        if s.is_empty() {
            return true;
        }
        let mut letters = 0;
        for ch in s.chars() {
            match ch {
                '0'..='9' | '(' | ')' | '.' | '•' | '⁃' | '-' | '*' => {}
                c if c.is_whitespace() => {}
                c if c.is_ascii_alphabetic() => letters += 1,
                _ => return false,
            }
        }
        letters == 0 || (letters == 1 && s.len() <= 3)
    }

    /// Whether the word before the period at `i` is an ordinary word of two letters or more
    /// (no digits, no inner periods, not in the language's lists).
    fn ordinary_word_before(&self, i: usize) -> bool {
        let Some(ws) = word_start(self.text, self.sent_start, i) else {
            return false;
        };
        let s = skip_openers(self.b, ws, i, 4);
        let word = self.text.get(s..i).unwrap_or("");
        let word = word.trim_end_matches(['"', '\'', '’', '”', ')', '»']);
        word.chars().nth(1).is_some()
            && word.chars().all(|c| c.is_alphabetic() || c == '-')
            && self.classify(word) == Left::Ordinary
    }

    /// What the word before a period is.
    fn classify(&self, word: &str) -> Left {
        let caseless = self.caseless();
        let rules = self.rules;
        let mut cs = word.chars();
        let (first, second) = (cs.next(), cs.next());
        if let (Some(c), None) = (first, second) {
            if c.is_uppercase() && self.case == Case::Mixed {
                return Left::Initial(c);
            }
        }
        if word.contains('.') {
            return self.classify_dotted(word);
        }
        // Elision: "dell'art.", "l'av." are the abbreviation after the apostrophe (a short
        // prefix, a word of two letters or more: "Jenner's." is no elision).
        if let Some(a) = word.rfind(['\'', '’']) {
            let rest = &word[a + word[a..].chars().next().map_or(1, char::len_utf8)..];
            if rest.chars().nth(1).is_some() && (1..=4).contains(&word[..a].chars().count()) {
                return self.classify(rest);
            }
        }
        let f = if word.len() <= rules.classify_max_len {
            rules.words.flags(word, caseless)
        } else {
            0
        };
        if f & flag::NUMBER_PREFIX != 0 {
            return Left::NumPrefix;
        }
        if f & flag::TITLE != 0 {
            return Left::Title;
        }
        if f & flag::ENDER != 0 {
            return Left::Ender;
        }
        if f & flag::ABBREVIATION != 0 {
            return Left::Abbrev;
        }
        match (first, second) {
            // A lone letter of an alphabet with case ("a.", "z. B."); a lone Hangul syllable or
            // Han character is a word.
            (Some(c), None) if c.is_lowercase() || c.is_uppercase() => return Left::Abbrev,
            _ => {}
        }
        let digits = word.strip_prefix(['-', '–']).unwrap_or(word);
        if rules.ordinal_dot
            && !digits.is_empty()
            && digits.len() <= 3
            && digits.bytes().all(|c| c.is_ascii_digit())
        {
            return Left::Ordinal;
        }
        // "Ludwig XIV. wurde", "príslušníkov XII. pluku": a Roman ordinal.
        if rules.ordinal_dot
            && word.len() <= 6
            && word.len() >= 2
            && word
                .bytes()
                .all(|c| matches!(c, b'I' | b'V' | b'X' | b'L' | b'C' | b'D' | b'M'))
        {
            return Left::Abbrev;
        }
        Left::Ordinary
    }

    /// A word with inner periods: parts of one or two letters separated by periods (`U.S`,
    /// `a.m`, `J.K`, `z.B`, `т.е`, `EE.UU`, `J.-P`) are abbreviations; anything else
    /// (`100.00`, `example.com`) is ordinary.
    fn classify_dotted(&self, word: &str) -> Left {
        let mut parts = 0;
        let mut single = true;
        for part in word.split('.') {
            let part = part.strip_prefix('-').unwrap_or(part);
            let n = part.chars().count();
            if !(1..=2).contains(&n) || !part.chars().all(char::is_alphabetic) {
                return Left::Ordinary;
            }
            single &= n == 1;
            parts += 1;
        }
        if parts < 2 {
            return Left::Ordinary;
        }
        let caseless = self.caseless();
        let f = self.rules.words.flags(word, caseless);
        if f & flag::TIME != 0 {
            Left::Time
        } else if f & flag::ENDER != 0 {
            Left::Ender
        } else if f & flag::ABBREVIATION != 0 {
            Left::Abbrev
        } else if single && self.case == Case::Mixed && !word.chars().any(char::is_lowercase) {
            Left::DottedInitials
        } else {
            Left::Abbrev
        }
    }

    /// Decision for a single `.` at `i` followed by whitespace and `next` (not `Continues`).
    fn period_ends_sentence(&self, i: usize, next: &Next, shape: Shape) -> bool {
        let b = self.b;
        let Some(ws) = word_start(self.text, self.sent_start, i) else {
            return true; // a very long token (URL...): ordinary
        };
        // Strip opening quotes/brackets from the left word.
        let s = skip_openers(b, ws, i, 4);
        let word = self.text.get(s..i).unwrap_or("");
        let nw = self.word(next);
        let starter = || self.is_starter(nw) && !matches!(at(b, next.word_end), b'.');
        let mut class = self.classify(word);
        if class == Left::Ordinary {
            // "then-Sen. Obama", "ex-Gov. Palin": a title after a hyphen.
            if let Some(h) = word.rfind('-') {
                if self.classify(&word[h + 1..]) == Left::Title {
                    class = Left::Title;
                }
            }
        }
        let long_word = nw.chars().nth(1).is_some();
        match class {
            Left::Ordinary => true,
            Left::Title => shape == Shape::Upper && starter() && long_word && !next.opener,
            Left::NumPrefix => shape != Shape::Digit,
            Left::Abbrev => match shape {
                Shape::Upper => starter() || next.opener,
                Shape::Digit => false,
                _ => next.opener,
            },
            Left::DottedInitials => shape == Shape::Upper && starter() && !next.opener,
            Left::Ender => {
                (shape == Shape::Upper && (self.case == Case::Mixed || starter())) || next.opener
            }
            Left::Time => {
                if shape != Shape::Upper {
                    return false;
                }
                if starter() || next.opener {
                    return true;
                }
                if self.caseless() {
                    return false; // without capitals, only a sentence-starter tells
                }
                let after_number = self.prev_word_is_number(ws);
                after_number
                    && !self.rules.words.is(nw, flag::AFTER_TIME, false)
                    && self.words_before(ws) >= 3
            }
            Left::Initial(letter) => {
                if shape != Shape::Upper || next.opener {
                    return false;
                }
                let prev_lower = self.prev_word_lowercase(ws);
                if Some(letter) == self.rules.pronoun_i {
                    prev_lower
                } else {
                    prev_lower && starter() && long_word
                }
            }
            Left::Ordinal => {
                // "am 26. Oktober", "der 3. Platz", "1.-3. Jahrhundert": an ordinal, unless a
                // sentence-starter says otherwise ("im Jahr 2010. Die" is no ordinal: four
                // digits).
                let month = self
                    .rules
                    .words
                    .is(nw, flag::MONTH | flag::AFTER_ORDINAL, true);
                let ordinal_context = self.prev_word(ws).is_some_and(|w| {
                    let w = w.trim_matches(|c: char| !c.is_alphanumeric());
                    self.rules.words.is(w, flag::ORDINAL_BEFORE, true)
                });
                !(month || (ordinal_context && !starter()))
            }
        }
    }

    /// Does the word before the one starting at `ws` start with a lowercase letter?
    fn prev_word_lowercase(&self, ws: usize) -> bool {
        self.prev_word(ws)
            .and_then(|w| w.chars().next())
            .is_some_and(char::is_lowercase)
    }

    /// Does the word before the one starting at `ws` end in a digit ("5 a.m.", "7:30 p.m.")?
    fn prev_word_is_number(&self, ws: usize) -> bool {
        self.prev_word(ws)
            .and_then(|w| w.bytes().last())
            .is_some_and(|c| c.is_ascii_digit())
    }

    /// The word before the one starting at `ws`, within the current sentence.
    fn prev_word(&self, ws: usize) -> Option<&str> {
        let mut e = ws;
        while e > self.sent_start && e + 64 > ws && ws_before(self.text, self.lo, e) {
            e -= 1;
            while e > self.sent_start && !self.text.is_char_boundary(e) {
                e -= 1;
            }
        }
        if e <= self.sent_start {
            return None;
        }
        let s = word_start(self.text, self.sent_start, e)?;
        self.text.get(s..e)
    }

    /// Number of words in the current sentence before `ws` (counting stops at 3).
    fn words_before(&self, ws: usize) -> usize {
        let b = self.b;
        let mut count = 0;
        let mut in_word = false;
        let mut p = ws;
        let limit = ws.saturating_sub(256).max(self.sent_start);
        while p > limit {
            p -= 1;
            let space = matches!(b[p], 9..=13 | b' ');
            if !space && !in_word {
                count += 1;
                if count >= 3 {
                    return count;
                }
            }
            in_word = !space;
        }
        if p > self.sent_start {
            3 // a long sentence
        } else {
            count
        }
    }

    /// `heard.Shocking`, `Jenner's.The`, `frustrated.I honestly`: a mark at `i` (run ends at
    /// `run_end`, no whitespace follows) joining two paragraphs.
    fn is_run_on(&self, i: usize, run_end: usize) -> bool {
        let b = self.b;
        let lo = self.lo;
        if self.case != Case::Mixed {
            return false;
        }
        // Right: a capital + lowercase letter, or a lone "I".
        let r0 = at(b, run_end);
        let r1 = at(b, run_end + 1);
        if run_end + 1 >= self.end || !r0.is_ascii_uppercase() {
            return false;
        }
        let lone_i = r0 == b'I'
            && (r1 == b' '
                || r1 == b'\''
                || b.get(run_end + 1..run_end + 4) == Some("’".as_bytes()));
        if !(r1.is_ascii_lowercase() || lone_i) {
            return false;
        }
        // Left: two lowercase letters, or `'s`.
        let l1 = before(b, lo, i);
        if !l1.is_ascii_lowercase() {
            return false;
        }
        let l2 = before(b, lo, i - 1);
        if !(l2.is_ascii_lowercase() || apostrophe_ends_at(b, lo, i - 1)) {
            return false;
        }
        // The left word: no URL/e-mail/file-name characters; `!`/`?` only after a lowercase word.
        let Some(ws) = word_start(self.text, self.sent_start, i) else {
            return false;
        };
        let left = b.get(ws..i).unwrap_or(&[]);
        if left.iter().any(|c| matches!(c, b'.' | b'/' | b'@' | b':')) {
            return false;
        }
        if b[i] != b'.' {
            let first = left.iter().find(|c| c.is_ascii_alphabetic());
            if !first.is_some_and(|c| c.is_ascii_lowercase()) {
                return false;
            }
        }
        // The right token (up to whitespace, at most 64 bytes): no '@', '/', or dotted domain.
        let mut p = run_end;
        while p < self.end && p < run_end + 64 {
            match b[p] {
                9..=13 | b' ' => break,
                b'@' | b'/' | b'\\' => return false,
                _ => p += 1,
            }
        }
        true
    }

    /// At an ASCII capital at `i`: the "Scroll down for video" and caption rules (languages
    /// whose data has them, in text with capitals).
    fn at_capital(&mut self, i: usize) -> usize {
        if self.case != Case::Mixed {
            return i + 1;
        }
        let b = self.b;
        let after_space = i > self.lo && b[i - 1] == b' ';
        if let Some(phrase) = self.rules.scroll_down.as_deref() {
            let phrase = phrase.as_bytes();
            if (after_space || i == self.lo) && b.get(i..i + phrase.len()) == Some(phrase) {
                // Before the boilerplate, when the previous text has no final punctuation.
                if after_space {
                    self.push(i - 1);
                }
                // After it ("Scroll down for video(s) Caption..."): a sentence of its own.
                let mut e = i + phrase.len();
                if at(b, e) == b's' && phrase.last() != Some(&b's') {
                    e += 1;
                }
                if at(b, e) == b' ' && e + 1 < self.end && ws_len(self.text, e + 1) == 0 {
                    self.push(e);
                }
                return e;
            }
        }
        // Caption glued to the next sentence: "a colleague The cost of divorce".
        if CAPTIONS && after_space && self.is_caption_break(i - 1) {
            self.push(i - 1);
        }
        i + 1
    }

    /// `lowercase-word|number|%|closing-quote SPACE Starter SPACE lowercase`.
    fn is_caption_break(&self, i: usize) -> bool {
        let b = self.b;
        let lo = self.lo;
        let mut e = i + 1;
        while e < self.end && e < i + 12 && b[e].is_ascii_alphabetic() {
            e += 1;
        }
        let w = self.text.get(i + 1..e).unwrap_or("");
        if !self.rules.words.is(w, flag::CAPTION_STARTER, false)
            || at(b, e) != b' '
            || e + 1 >= self.end
        {
            return false;
        }
        let l1 = before(b, lo, i);
        let left_ok = match l1 {
            // A number of two or more digits ("in 2012 It then emerged") or a percentage.
            b'%' => true,
            b'0'..=b'9' => before(b, lo, i - 1).is_ascii_digit(),
            // A lowercase word of at least two letters ("a colleague The cost"); a capitalised
            // word is often part of a name ("Don't Push It was").
            c if c.is_ascii_lowercase() => {
                before(b, lo, i - 1).is_ascii_lowercase()
                    && word_start(self.text, lo, i).is_some_and(|ws| {
                        at(b, skip_openers(b, ws, i, usize::MAX)).is_ascii_lowercase()
                    })
            }
            // A caption ending in a quotation ("dubbed ‘The First Great Escape’ The story").
            b'\'' | b'"' => before(b, lo, i - 1).is_ascii_alphanumeric(),
            0x99 | 0x9D if i >= lo + 4 && closer_len(b, i - 3) == 3 => {
                before(b, lo, i - 3).is_ascii_alphanumeric()
            }
            _ => false,
        };
        if !left_ok {
            return false;
        }
        if w == "A" {
            // "vitamin A and", "a type A personality", "from A to B", "images A and B": a
            // label, not an article.
            let left = word_start(self.text, lo, i).and_then(|ws| self.text.get(ws..i));
            let mut f = e + 1;
            while f < self.end && f < e + 10 && b[f].is_ascii_alphabetic() {
                f += 1;
            }
            let right = b.get(e + 1..f).unwrap_or(&[]);
            if left.is_some_and(|l| self.rules.words.is(l, flag::LETTER_LABEL, false))
                || matches!(right, b"and" | b"to" | b"or" | b"through")
            {
                return false;
            }
        }
        at(b, e + 1).is_ascii_lowercase()
    }
}

/// Whether an ordinary word, a period and a lowercase word make a boundary.
const LOWER_STARTS: bool = true;

/// Whether the caption rule is on (see the module docs).
const CAPTIONS: bool = true;
