use super::*;

const SOURCE: &str =
    "The storm hit the coast of Florida on Monday, cutting power to 3,500,000 homes.\n\
    Governor Ron DeSantis said repairs would take at least two weeks.\n\
    \"We are doing everything we can to restore power,\" he told reporters in Tallahassee.\n\
    The National Hurricane Center said the storm weakened as it moved inland.";

fn opts() -> VerifyOptions {
    VerifyOptions {
        lang: LangChoice::Given(Lang::EN),
        clean: false,
        include_text: true,
    }
}

fn run(summary: &str) -> Verification {
    verify(SOURCE, summary, &opts()).unwrap_or_else(|e| panic!("{e}"))
}

fn kinds(v: &Verification) -> Vec<(Kind, String)> {
    v.sentences
        .iter()
        .flat_map(|s| s.unsupported.iter().map(|u| (u.kind, u.text.clone())))
        .collect()
}

#[test]
fn a_copied_summary_scores_one_and_points_at_its_sentences() {
    let source_sentences: Vec<&str> = SOURCE.lines().map(str::trim).collect();
    let summary = format!("{} {}", source_sentences[1], source_sentences[3]);
    let v = run(&summary);
    assert_eq!(v.score, 1.0, "{v:#?}");
    assert_eq!(v.sentences.len(), 2);
    for (s, want) in v.sentences.iter().zip([1, 3]) {
        assert_eq!(s.score, 1.0);
        assert_eq!(s.support[0].sentence, want, "{s:#?}");
        assert_eq!(s.support[0].score, 1.0);
        let text = v.text.as_deref().unwrap_or("");
        assert_eq!(
            &text[s.support[0].start..s.support[0].end],
            s.support[0].text
        );
        assert_eq!(&summary[s.start..s.end], s.text);
        assert!(s.unsupported.is_empty());
    }
    assert_eq!(v.unsupported, 0);
}

#[test]
fn a_number_a_name_and_a_quote_absent_from_the_source_are_reported_with_spans() {
    let summary = "The storm cut power to 4.2 million homes. \
                   Governor Charlie Crist said repairs would take two weeks. \
                   He said: \"We will rebuild every single house by Christmas.\"";
    let v = run(summary);
    let k = kinds(&v);
    assert!(k.contains(&(Kind::Number, "4.2 million".into())), "{k:?}");
    assert!(k.contains(&(Kind::Name, "Charlie Crist".into())), "{k:?}");
    assert!(
        k.contains(&(
            Kind::Quote,
            "\"We will rebuild every single house by Christmas.\"".into()
        )),
        "{k:?}"
    );
    for s in &v.sentences {
        for u in &s.unsupported {
            assert_eq!(&summary[u.start..u.end], u.text);
            assert!(u.start >= s.start && u.end <= s.end);
        }
    }
    let number = v.sentences[0]
        .unsupported
        .iter()
        .find(|u| u.kind == Kind::Number);
    assert_eq!(number.and_then(|u| u.value.as_deref()), Some("4200000"));
    assert!(v.score < 1.0);
}

#[test]
fn normalised_numbers_are_supported() {
    // 3,500,000 in the source; "3.5 million" and "two" ("two weeks") in the summary.
    let v = run("The storm cut power to 3.5 million homes; repairs take 2 weeks.");
    let k = kinds(&v);
    assert!(!k.iter().any(|(kind, _)| *kind == Kind::Number), "{k:?}");
    let v = run("The storm cut power to 3.6 million homes.");
    assert!(kinds(&v).contains(&(Kind::Number, "3.6 million".into())));
}

#[test]
fn dates_are_checked() {
    let v = run("The storm hit Florida on Tuesday in 2019.");
    let k = kinds(&v);
    assert!(k.contains(&(Kind::Date, "Tuesday".into())), "{k:?}");
    assert!(k.contains(&(Kind::Date, "2019".into())), "{k:?}");
    assert!(kinds(&run("The storm hit Florida on Monday.")).is_empty());
}

#[test]
fn a_paraphrase_finds_its_sentence() {
    let v = run("Repairs will need two weeks or more, the governor said.");
    assert_eq!(v.sentences[0].support[0].sentence, 1, "{v:#?}");
    let v = run("The hurricane center reported that the storm got weaker moving inland.");
    assert_eq!(v.sentences[0].support[0].sentence, 3, "{v:#?}");
}

#[test]
fn a_fused_sentence_rests_on_both() {
    let v = run(
        "The storm that hit Florida weakened inland, and DeSantis said repairs would take weeks.",
    );
    let got: Vec<usize> = v.sentences[0].support.iter().map(|s| s.sentence).collect();
    assert!(got.contains(&0) && got.contains(&1), "{got:?}");
}

#[test]
fn lower_cased_ptb_summaries_work() {
    let summary =
        "the storm hit the coast of florida on monday , cutting power to 3,500,000 homes . \
                   governor ron desantis said repairs would take at least two weeks .";
    let v = run(summary);
    assert_eq!(v.sentences.len(), 2, "{v:#?}");
    assert_eq!(v.score, 1.0, "{v:#?}");
    let v = run("-lrb- cnn -rrb- the storm did n't hit the coast of alabama .");
    assert_eq!(
        kinds(&v),
        vec![(Kind::Word, "cnn".into()), (Kind::Word, "alabama".into())]
    );
}

#[test]
fn bad_input_is_a_clear_error() {
    let o = opts();
    assert_eq!(
        verify(SOURCE, "", &o).err(),
        Some(VerifyError::EmptySummary)
    );
    assert_eq!(
        verify(SOURCE, " \n\t", &o).err(),
        Some(VerifyError::EmptySummary)
    );
    assert_eq!(
        verify(SOURCE, "... !!", &o).err(),
        Some(VerifyError::NoSummaryWords)
    );
    assert_eq!(
        verify("", "A summary.", &o).err(),
        Some(VerifyError::NoSource)
    );
    assert_eq!(
        verify("!!! ...", "A summary.", &o).err(),
        Some(VerifyError::NoSource)
    );
    let long = "Word. ".repeat(MAX_SUMMARY_SENTENCES + 1);
    assert!(matches!(
        verify(SOURCE, &long, &o),
        Err(VerifyError::SummaryTooLong(_))
    ));
}

#[test]
fn other_languages_use_their_analysis() {
    let de = Lang::from_code("de").unwrap_or(Lang::EN);
    let o = VerifyOptions {
        lang: LangChoice::Given(de),
        ..opts()
    };
    let source = "Die Regierung hat am Dienstag 3,5 Millionen Euro für die Schulen bewilligt.";
    let v = verify(
        source,
        "Die Regierungen bewilligten 3.500.000 Euro für Schulen.",
        &o,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // "Regierungen" stems like "Regierung"; the number is the same.
    let k = kinds(&v);
    assert!(
        !k.iter().any(|(kind, _)| matches!(kind, Kind::Number)),
        "{k:?}"
    );
    assert!(!k.iter().any(|(_, w)| w == "Regierungen"), "{k:?}");
    let v = verify(
        source,
        "Die Regierung hat am Mittwoch zwei Millionen Euro bewilligt.",
        &o,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let k = kinds(&v);
    assert!(k.contains(&(Kind::Date, "Mittwoch".into())), "{k:?}");
    assert!(
        k.contains(&(Kind::Number, "zwei Millionen".into())),
        "{k:?}"
    );
}

#[test]
fn deterministic_whatever_was_seen_before() {
    let a = run("Governor DeSantis said the storm hit 3 states.");
    let _ = verify(
        "Completely different words. Zebras and lions.",
        "Zebras graze.",
        &opts(),
    );
    let b = run("Governor DeSantis said the storm hit 3 states.");
    assert_eq!(a, b);
}

#[test]
fn never_panics_on_odd_text() {
    for (src, sum) in [
        ("经济政策很好。上海也很大！", "经济政策很好。"),
        ("a", "b"),
        ("x\u{0}y. z", "\u{feff}x y"),
        ("“unclosed quote here and there", "He said “unclosed"),
        (
            "$ % 1,,2..3",
            "$1,000,000,000,000,000,000,000,000,000 and 10e400",
        ),
    ] {
        match verify(src, sum, &opts()) {
            Ok(v) => {
                assert!((0.0..=1.0).contains(&v.score), "{v:#?}");
                let text = v.text.as_deref().unwrap_or("");
                for s in &v.sentences {
                    assert_eq!(sum.get(s.start..s.end), Some(s.text.as_str()));
                    for u in &s.unsupported {
                        assert_eq!(sum.get(u.start..u.end), Some(u.text.as_str()));
                    }
                    for x in &s.support {
                        assert_eq!(text.get(x.start..x.end), Some(x.text.as_str()));
                    }
                }
            }
            Err(e) => assert!(!e.to_string().is_empty()),
        }
    }
}
