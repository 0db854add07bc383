//! Text decoding: bytes of a source file (site.yaml, catalog.yaml, documents) → `String`. A
//! bottom-layer module (it uses only `i18n`), so config and content both build on it.

/// Bytes → text: strip a UTF-8 BOM, refuse other encodings with a clear message,
/// normalise CRLF/CR to LF. The error carries the 1-based line of the first bad byte.
pub fn decode(bytes: &[u8]) -> Result<String, (usize, String)> {
    decode_vec(bytes.to_vec())
}

/// [`decode`] taking the bytes by value, so valid UTF-8 becomes the `String` without a copy.
pub fn decode_vec(mut owned: Vec<u8>) -> Result<String, (usize, String)> {
    if owned.starts_with(b"\xEF\xBB\xBF") {
        owned.drain(..3);
    }
    let bytes = owned.as_slice();
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err((
            1,
            t!(
                "文件是 UTF-16 编码；gongkai 只读 UTF-8",
                "file is UTF-16 encoded; gongkai reads UTF-8 only"
            ),
        ));
    }
    // NUL is valid UTF-8 but never text: binary data, or UTF-16 without a byte-order mark.
    if let Some(at) = memchr::memchr(0, bytes) {
        let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
        return Err((
            line,
            t!(
                "文件含有 NUL 字节：是二进制数据，或没有字节序标记的 UTF-16？gongkai 只读 UTF-8 文本",
                "file contains a NUL byte: binary data, or UTF-16 without a byte-order mark? gongkai reads UTF-8 text only"
            ),
        ));
    }
    // simdutf8 checks CJK text several times faster than std (whose fast path is ASCII);
    // copying the checked text costs less than std's check. On failure std's error gives
    // the position.
    let checked = simdutf8::basic::from_utf8(&owned).map(str::to_owned);
    let text = match checked.map_or_else(|_| String::from_utf8(owned), Ok) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let bytes = e.as_bytes();
            let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
            let gbk = looks_like_gbk(&bytes[at..]);
            return Err((
                line,
                if gbk {
                    t!(
                        "文件不是 UTF-8 编码：看起来是 GBK/GB18030（Windows 编辑器和 WPS 常见）；请另存为 UTF-8（WPS/记事本：另存为 → 编码 UTF-8）",
                        "file is not UTF-8: it looks like GBK/GB18030 (common for files saved by Windows editors and WPS); re-save it as UTF-8 (in WPS/Notepad: 另存为 → 编码 UTF-8)"
                    )
                } else {
                    t!(
                        "文件不是有效的 UTF-8 编码；请另存为 UTF-8（WPS/记事本：另存为 → 编码 UTF-8）",
                        "file is not UTF-8: it is not valid UTF-8; re-save it as UTF-8 (in WPS/Notepad: 另存为 → 编码 UTF-8)"
                    )
                },
            ));
        }
    };
    if text.contains('\r') {
        Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Ok(text)
    }
}

/// Double-byte GBK: lead 0x81–0xFE, trail 0x40–0xFE (not 0x7F).
fn looks_like_gbk(b: &[u8]) -> bool {
    let mut i = 0;
    let mut pairs = 0;
    while i < b.len() && pairs < 8 {
        let c = b[i];
        if c < 0x80 {
            i += 1;
            continue;
        }
        if !(0x81..=0xFE).contains(&c) || i + 1 >= b.len() {
            return false;
        }
        let t = b[i + 1];
        if !(0x40..=0xFE).contains(&t) || t == 0x7F {
            return false;
        }
        pairs += 1;
        i += 2;
    }
    pairs > 0
}
