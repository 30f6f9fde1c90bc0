//! Bytes → `String`: gzip, BOM, `<meta charset>` sniffing, lossy fallback.

use std::io::Read;

use encoding_rs::{Encoding, UTF_8};

/// Most bytes a gzip-compressed page may inflate to (bounds "zip bomb" input).
pub const MAX_INFLATED_BYTES: u64 = 64 * 1024 * 1024;

/// How far into the document a `<meta charset>` declaration is looked for.
const SNIFF_BYTES: usize = 8 * 1024;

/// Inflates `bytes` when they start with the gzip magic (`1f 8b`), at most
/// [`MAX_INFLATED_BYTES`]; a truncated stream keeps what inflated before the cut.
/// Other input is returned as is.
pub(crate) fn gunzip_if_needed(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    if bytes.len() < 2 || bytes[0] != 0x1f || bytes[1] != 0x8b {
        return std::borrow::Cow::Borrowed(bytes);
    }
    let mut out = Vec::new();
    let mut reader = flate2::read::MultiGzDecoder::new(bytes).take(MAX_INFLATED_BYTES);
    // A corrupt or truncated stream: keep whatever was inflated before the error.
    let _ = reader.read_to_end(&mut out);
    std::borrow::Cow::Owned(out)
}

/// Finds the encoding a page declares in its first [`SNIFF_BYTES`] bytes:
/// `<meta charset=...>` or `<meta http-equiv="Content-Type" content="...; charset=...">`
/// (any `charset=` inside a `<meta` tag).
pub(crate) fn sniff_meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    let mut i = 0;
    while let Some(pos) = find_ci(&head[i..], b"<meta") {
        let start = i + pos + 5;
        let end = head[start..]
            .iter()
            .position(|&b| b == b'>')
            .map_or(head.len(), |p| start + p);
        let tag = &head[start..end];
        if let Some(cpos) = find_ci(tag, b"charset") {
            let mut j = cpos + 7;
            while j < tag.len() && tag[j].is_ascii_whitespace() {
                j += 1;
            }
            if j < tag.len() && tag[j] == b'=' {
                j += 1;
                while j < tag.len()
                    && (tag[j].is_ascii_whitespace() || tag[j] == b'"' || tag[j] == b'\'')
                {
                    j += 1;
                }
                let label_end = tag[j..]
                    .iter()
                    .position(|&b| {
                        b == b'"' || b == b'\'' || b == b';' || b == b'/' || b.is_ascii_whitespace()
                    })
                    .map_or(tag.len(), |p| j + p);
                if let Some(enc) = Encoding::for_label(&tag[j..label_end]) {
                    // HTML spec: a UTF-16 declaration in a byte-oriented document means UTF-8.
                    if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                        return Some(UTF_8);
                    }
                    // x-user-defined is treated as windows-1252 by browsers.
                    if enc == encoding_rs::X_USER_DEFINED {
                        return Some(encoding_rs::WINDOWS_1252);
                    }
                    return Some(enc);
                }
            }
        }
        i = end;
        if i >= head.len() {
            break;
        }
    }
    None
}

fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// Decodes raw page bytes to text. See [`crate::decode`].
pub(crate) fn decode_bytes(bytes: &[u8]) -> String {
    let bytes = gunzip_if_needed(bytes);
    let bytes: &[u8] = &bytes;
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return text.into_owned();
    }
    let enc = sniff_meta_charset(bytes).unwrap_or(UTF_8);
    if enc == UTF_8 {
        return String::from_utf8_lossy(bytes).into_owned();
    }
    let (text, _) = enc.decode_without_bom_handling(bytes);
    text.into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_both_meta_forms() {
        assert_eq!(
            sniff_meta_charset(b"<html><head><META CHARSET='Windows-1252'>"),
            Some(encoding_rs::WINDOWS_1252)
        );
        assert_eq!(
            sniff_meta_charset(
                b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\">"
            ),
            Some(encoding_rs::SHIFT_JIS)
        );
        assert_eq!(
            sniff_meta_charset(b"<meta name=x content=y><p>charset=koi8-r"),
            None
        );
        assert_eq!(sniff_meta_charset(b"<meta charset=utf-16>"), Some(UTF_8));
    }

    #[test]
    fn bom_wins() {
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("<meta charset=windows-1252>é".as_bytes());
        assert!(decode_bytes(&b).ends_with('é'));
    }
}
