//! No input panics.

use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let _ = precis_html::extract_bytes(&bytes, None);
        let _ = precis_html::looks_like_html(&bytes);
        let _ = precis_html::decode(&bytes);
    }

    #[test]
    fn tag_soup_never_panics(parts in proptest::collection::vec(
        prop_oneof![
            Just("<div>"), Just("</div>"), Just("<p>"), Just("<figcaption>"), Just("</figcaption>"),
            Just("<script>"), Just("</script>"), Just("<!--"), Just("-->"), Just("<a href='x>y'>"),
            Just("<li>"), Just("<ul>"), Just("<h2>Key Points</h2>"), Just("<time>"), Just("é text "),
            Just("<meta charset=shift_jis>"), Just("<"), Just(">"), Just("\""),
        ], 0..200), url in proptest::option::of("[a-z:/.]{0,20}")) {
        let html: String = parts.concat();
        let _ = precis_html::extract(&html, url.as_deref());
        let _ = precis_html::nesting::flatten(&html, 3);
    }
}
