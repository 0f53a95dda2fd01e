//! Bytes → text: byte-order marks, `--encoding`, an HTML page's declared charset, UTF-8.

use std::path::Path;

use encoding_rs::Encoding;

use crate::error::Located;

/// The bytes of `file` → text: a byte-order mark decides; else `encoding` (`--encoding`, or an
/// HTML page's declared charset); else UTF-8, with an error that names the line and suggests
/// `--encoding` when it is not.
pub(super) fn decode(
    file: &Path,
    bytes: Vec<u8>,
    encoding: Option<&'static Encoding>,
) -> Result<String, Located> {
    let line_at = |bytes: &[u8], at: usize| bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    if let Some((enc, bom)) = Encoding::for_bom(&bytes) {
        return enc
            .decode_without_bom_handling_and_without_replacement(&bytes[bom..])
            .map(|t| t.into_owned())
            .ok_or_else(|| {
                let name = enc.name();
                let message =
                    format!("starts with a {name} byte-order mark but is not valid {name} text");
                Located::new(file, None, message)
            });
    }
    if let Some(enc) = encoding {
        return enc
            .decode_without_bom_handling_and_without_replacement(&bytes)
            .map(|t| t.into_owned())
            .ok_or_else(|| {
                let message = format!(
                    "is not valid {} text; check the --encoding label",
                    enc.name()
                );
                Located::new(file, None, message)
            });
    }
    if let Some(at) = bytes.iter().take(8192).position(|&b| b == 0) {
        return Err(Located::new(
            file,
            Some(line_at(&bytes, at)),
            "NUL byte: this looks like a binary file, not article text (for UTF-16 text pass \
             --encoding utf-16le or utf-16be)",
        ));
    }
    crate::text::utf8_string(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let message = format!(
            "byte 0x{:02X} is not UTF-8; the file is probably in a legacy encoding: re-run with \
             --encoding windows-1258 (Vietnamese) or the file's own encoding",
            bytes[at]
        );
        Located::new(file, Some(line_at(bytes, at)), message)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_utf8_boms_and_labels() {
        let file = Path::new("a.txt");
        assert_eq!(decode(file, b"\xef\xbb\xbfA".to_vec(), None).unwrap(), "A");
        let utf16 = b"\xff\xfeL\x00\xe0\x00o\x00".to_vec();
        assert_eq!(decode(file, utf16, None).unwrap(), "Lào");
        let e = decode(file, b"ok\nH\xe0 N\xf4i".to_vec(), None).unwrap_err();
        assert_eq!((e.file.as_path(), e.line), (file, Some(2)));
        assert!(e.message.starts_with("byte 0xE0 is not UTF-8"), "{e}");
        assert!(e.message.contains("--encoding windows-1258"), "{e}");
        let cp1258 = Encoding::for_label(b"windows-1258");
        assert_eq!(
            decode(file, b"Ha\xcc N\xf4\xf2i".to_vec(), cp1258).unwrap(),
            "Ha\u{300} Nô\u{323}i"
        );
        let e = decode(file, b"PK\x03\x04\x00\x00".to_vec(), None).unwrap_err();
        assert_eq!(e.line, Some(1));
        assert!(e.message.contains("binary"), "{e}");
    }
}
