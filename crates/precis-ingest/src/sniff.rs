//! Formats precis does not read, named by their magic bytes: PDF, office documents and EPUB
//! (zip containers), images, audio and video. Refusing them with a clear message beats
//! "invalid UTF-8 at byte 10", and beats summarizing bytes that only look like text.

/// Why `bytes` are a format precis does not read, or `None` when they may be text.
/// The message names the format and says what to do, e.g.
/// "PDF is not supported: convert it to text first (e.g. pdftotext)".
pub fn refuse_reason(bytes: &[u8]) -> Option<String> {
    let kind = unsupported_kind(bytes)?;
    Some(match kind.class {
        Class::Document(tool) => {
            format!(
                "{} is not supported: convert it to text first (e.g. {tool})",
                kind.name
            )
        }
        Class::Archive => format!(
            "{} is not supported: extract the articles and give them as text, HTML or JSONL",
            kind.name
        ),
        Class::Image => format!(
            "{} is not supported: precis reads text; run OCR on it first (e.g. tesseract)",
            kind.name
        ),
        Class::Media => format!(
            "{} is not supported: precis reads text; transcribe it first (e.g. whisper)",
            kind.name
        ),
    })
}

/// The name of the unsupported format of `bytes` ("PDF", "DOCX", "PNG image", ...), if any.
pub fn unsupported_format(bytes: &[u8]) -> Option<&'static str> {
    unsupported_kind(bytes).map(|k| k.name)
}

enum Class {
    /// A document: convert it with the named tool.
    Document(&'static str),
    Archive,
    Image,
    Media,
}

struct Kind {
    name: &'static str,
    class: Class,
}

fn kind(name: &'static str, class: Class) -> Option<Kind> {
    Some(Kind { name, class })
}

fn unsupported_kind(b: &[u8]) -> Option<Kind> {
    let at = |off: usize, magic: &[u8]| b.get(off..off + magic.len()) == Some(magic);
    // PDF: after a byte-order mark or whitespace at most.
    let lead = b.strip_prefix(b"\xef\xbb\xbf").unwrap_or(b);
    let lead = &lead[lead
        .iter()
        .take(64)
        .take_while(|c| c.is_ascii_whitespace())
        .count()..];
    if lead.starts_with(b"%PDF-") {
        return kind("PDF", Class::Document("pdftotext"));
    }
    if at(0, b"PK\x03\x04") {
        return zip_kind(b);
    }
    if at(0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") {
        return kind(
            "A legacy Microsoft Office document (.doc/.xls/.ppt)",
            Class::Document("antiword or libreoffice --convert-to txt"),
        );
    }
    if at(0, b"{\\rtf") {
        return kind("RTF", Class::Document("unrtf --text or pandoc -t plain"));
    }
    // Images.
    if at(0, b"\x89PNG\r\n\x1a\n") {
        return kind("PNG image", Class::Image);
    }
    if at(0, b"\xff\xd8\xff") {
        return kind("JPEG image", Class::Image);
    }
    if at(0, b"GIF87a") || at(0, b"GIF89a") {
        return kind("GIF image", Class::Image);
    }
    if at(0, b"RIFF") && at(8, b"WEBP") {
        return kind("WebP image", Class::Image);
    }
    if at(0, b"II*\0") || at(0, b"MM\0*") {
        return kind("TIFF image", Class::Image);
    }
    if at(0, b"BM") && b.len() > 14 && b[6..10] == [0, 0, 0, 0] {
        return kind("BMP image", Class::Image);
    }
    if at(4, b"ftyp") {
        let brand = b.get(8..12).unwrap_or_default();
        if matches!(brand, b"heic" | b"heix" | b"mif1" | b"msf1" | b"avif") {
            return kind("HEIF/AVIF image", Class::Image);
        }
        if matches!(brand, b"M4A " | b"M4B ") {
            return kind("M4A audio", Class::Media);
        }
        return kind("MP4/QuickTime video", Class::Media);
    }
    // Audio and video.
    if at(0, b"ID3") {
        return kind("MP3 audio", Class::Media);
    }
    if b.len() >= 4 && b[0] == 0xff && matches!(b[1], 0xfb | 0xf3 | 0xf2 | 0xfa) {
        return kind("MP3 audio", Class::Media);
    }
    if b.len() >= 4 && b[0] == 0xff && (b[1] == 0xf1 || b[1] == 0xf9) {
        return kind("AAC audio", Class::Media);
    }
    if at(0, b"OggS") {
        return kind("Ogg audio/video", Class::Media);
    }
    if at(0, b"fLaC") {
        return kind("FLAC audio", Class::Media);
    }
    if at(0, b"RIFF") && at(8, b"WAVE") {
        return kind("WAV audio", Class::Media);
    }
    if at(0, b"RIFF") && at(8, b"AVI ") {
        return kind("AVI video", Class::Media);
    }
    if at(0, b"\x1a\x45\xdf\xa3") {
        return kind("Matroska/WebM video", Class::Media);
    }
    // Other archives.
    if at(0, b"7z\xbc\xaf\x27\x1c") {
        return kind("7-Zip archive", Class::Archive);
    }
    if at(0, b"Rar!\x1a\x07") {
        return kind("RAR archive", Class::Archive);
    }
    if at(0, b"\x28\xb5\x2f\xfd") {
        return kind("Zstandard data", Class::Archive);
    }
    if at(0, b"BZh") && b.get(3).is_some_and(|c| (b'1'..=b'9').contains(c)) {
        return kind("bzip2 data", Class::Archive);
    }
    if at(0, b"\xfd7zXZ\0") {
        return kind("XZ data", Class::Archive);
    }
    None
}

/// What a zip container holds: EPUB and OpenDocument name themselves in a first entry
/// `mimetype`; Office Open XML files have `word/`, `xl/` or `ppt/` entries.
fn zip_kind(b: &[u8]) -> Option<Kind> {
    let head = &b[..b.len().min(64 * 1024)];
    let has = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
    if has(b"application/epub+zip") {
        return kind("EPUB", Class::Document("pandoc -t plain"));
    }
    if has(b"application/vnd.oasis.opendocument.text") {
        return kind(
            "ODT (OpenDocument text)",
            Class::Document("pandoc -t plain"),
        );
    }
    if has(b"application/vnd.oasis.opendocument") {
        return kind(
            "An OpenDocument file",
            Class::Document("libreoffice --convert-to txt"),
        );
    }
    if has(b"word/") {
        return kind("DOCX (Word)", Class::Document("pandoc -t plain"));
    }
    if has(b"xl/") {
        return kind(
            "XLSX (Excel)",
            Class::Document("libreoffice --convert-to csv"),
        );
    }
    if has(b"ppt/") {
        return kind(
            "PPTX (PowerPoint)",
            Class::Document("libreoffice --convert-to txt"),
        );
    }
    kind("A ZIP archive", Class::Archive)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_formats() {
        assert_eq!(
            refuse_reason(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n").as_deref(),
            Some("PDF is not supported: convert it to text first (e.g. pdftotext)")
        );
        assert_eq!(
            unsupported_format(b"\x89PNG\r\n\x1a\n\0\0"),
            Some("PNG image")
        );
        assert_eq!(unsupported_format(b"ID3\x04\0\0\0\0"), Some("MP3 audio"));
        assert_eq!(
            unsupported_format(b"PK\x03\x04\x14\0\0\0\0\0mimetypeapplication/epub+zip"),
            Some("EPUB")
        );
        assert_eq!(
            unsupported_format(b"PK\x03\x04\x14\0\0\0\0\0[Content_Types].xml....word/document.xml"),
            Some("DOCX (Word)")
        );
        assert_eq!(
            unsupported_format(b"\0\0\0\x20ftypisom\0\0\x02\0"),
            Some("MP4/QuickTime video")
        );
        assert_eq!(
            unsupported_format(b"RIFF\0\0\0\0WEBPVP8 "),
            Some("WebP image")
        );
    }

    #[test]
    fn text_is_not_refused() {
        for t in [
            &b"Plain text. About PDF files: %PDF-1.4 is their header."[..],
            b"<html><body><p>Hi</p></body></html>",
            b"{\"id\": 1}",
            b"BMW said on Monday",
            b"",
            b"ID",
        ] {
            assert_eq!(
                unsupported_format(t),
                None,
                "{}",
                String::from_utf8_lossy(t)
            );
        }
    }
}
