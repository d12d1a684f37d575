//! The one sanitizer: every string from a briefing, a file name or a query passes here before it
//! reaches a terminal, a pipe or the clipboard.
//!
//! A briefing may hold any character (YAML escapes such as `"\e]0;..."` make that easy), and a
//! terminal obeys control sequences wherever they come from: they could retitle the window,
//! overwrite the clipboard (OSC 52), clear the screen or make the terminal type an answer into
//! the shell. So C0 and C1 controls, DEL and the bidirectional controls (which reorder what a
//! reader sees) are shown visibly instead: `^[` for ESC and the other C0 controls, `^?` for DEL,
//! `<U+009B>` for the rest. Tabs and newlines are kept where the format means them. JSON keeps the
//! exact text as `\uXXXX` escapes, and the screen shows U+FFFD in the cell.

use std::borrow::Cow;
use std::io::{self, Write};

/// Whether a character must never reach a terminal as it is.
pub fn is_unsafe(c: char) -> bool {
    match c {
        '\t' | '\n' => false,
        // C0, DEL and C1 controls.
        c if c.is_control() => true,
        // Bidirectional marks, embeddings, overrides and isolates.
        '\u{061C}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}' => true,
        _ => false,
    }
}

/// How an unsafe character is shown in text output.
fn push_visible(out: &mut String, c: char) {
    let code = u32::from(c);
    match code {
        0x00..=0x1F => {
            out.push('^');
            out.push(char::from_u32(code + 0x40).unwrap_or('?'));
        }
        0x7F => out.push_str("^?"),
        _ => out.push_str(&format!("<U+{code:04X}>")),
    }
}

/// Whether a character that starts with `byte` may be unsafe: every unsafe character starts
/// with such a byte (a test checks every character), so text is looked at closer only where
/// one is, found a byte at a time. They are the ASCII controls and DEL, and the first bytes of
/// U+0080..U+00BF (the C1 controls), U+0600..U+063F (U+061C) and U+2000..U+207F (the other
/// bidirectional controls); the letters of most languages start with none of them.
pub(crate) fn may_start_unsafe(byte: u8) -> bool {
    matches!(byte, 0x00..=0x08 | 0x0B..=0x1F | 0x7F | 0xC2 | 0xD8 | 0xE2)
}

fn replace_unsafe(text: &str, mut push: impl FnMut(&mut String, char)) -> Cow<'_, str> {
    // Only a character that starts with a marked byte is looked at (each such byte starts one:
    // none is a continuation byte).
    let bytes = text.as_bytes();
    let mut from = 0;
    let first = loop {
        let Some(at) = bytes[from..].iter().position(|&b| may_start_unsafe(b)) else {
            return Cow::Borrowed(text);
        };
        let at = from + at;
        match text[at..].chars().next() {
            Some(c) if is_unsafe(c) => break at,
            Some(c) => from = at + c.len_utf8(),
            None => return Cow::Borrowed(text),
        }
    };
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(&text[..first]);
    for c in text[first..].chars() {
        if is_unsafe(c) {
            push(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Text for a terminal, a pipe or the clipboard: unsafe characters shown visibly (`^[`, `^?`,
/// `<U+202E>`); tabs and newlines kept.
pub fn visible(text: &str) -> Cow<'_, str> {
    replace_unsafe(text, push_visible)
}

/// One cell's symbol for the screen: each unsafe character becomes U+FFFD, which takes one
/// column like the characters around it.
pub fn cell(symbol: &str) -> Cow<'_, str> {
    let cleaned = replace_unsafe(symbol, |out, _| out.push('\u{FFFD}'));
    // A newline or tab inside a cell would move the cursor; the screen shows them as blanks.
    if cleaned.contains(['\n', '\t']) {
        return Cow::Owned(cleaned.replace(['\n', '\t'], " "));
    }
    cleaned
}

/// Serialized JSON with every unsafe character that the serializer leaves as it is (DEL, C1,
/// bidirectional controls) written as a `\uXXXX` escape: the same JSON value, exactly, with no
/// byte a terminal would obey. Such characters only ever occur inside JSON strings.
pub fn json(serialized: &str) -> Cow<'_, str> {
    replace_unsafe(serialized, |out, c| {
        let mut units = [0u16; 2];
        for unit in c.encode_utf16(&mut units) {
            out.push_str(&format!("\\u{unit:04x}"));
        }
    })
}

/// A CSV cell that a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a
/// tab or a carriage return) gets a leading `'`, so it is shown as text (OWASP's advice).
pub fn csv_cell(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A writer that passes everything through [`visible`]. Bytes that are not UTF-8 are shown as
/// U+FFFD; a character split across two writes is put together first.
pub struct SafeWriter<W: Write> {
    inner: W,
    /// The start of a character whose remaining bytes have not arrived yet.
    pending: Vec<u8>,
}

impl<W: Write> SafeWriter<W> {
    pub fn new(inner: W) -> SafeWriter<W> {
        SafeWriter {
            inner,
            pending: Vec::new(),
        }
    }

    /// Writes text that this program made itself (terminal styling), unfiltered. Never pass
    /// text from a briefing, a file name or a query here.
    pub fn write_trusted(&mut self, text: &str) -> io::Result<()> {
        self.inner.write_all(text.as_bytes())
    }
}

impl<W: Write> Write for SafeWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // Whole characters with nothing held back (the usual case): written without a copy.
        if self.pending.is_empty()
            && let Ok(text) = std::str::from_utf8(buf)
        {
            self.inner.write_all(visible(text).as_bytes())?;
            return Ok(buf.len());
        }
        self.pending.extend_from_slice(buf);
        let mut start = 0;
        let mut out = String::new();
        loop {
            match std::str::from_utf8(&self.pending[start..]) {
                Ok(text) => {
                    out.push_str(&visible(text));
                    start = self.pending.len();
                    break;
                }
                Err(e) => {
                    let valid = start + e.valid_up_to();
                    // The bytes up to `valid` are UTF-8 by the check just made.
                    out.push_str(&visible(&String::from_utf8_lossy(
                        &self.pending[start..valid],
                    )));
                    match e.error_len() {
                        Some(bad) => {
                            out.push('\u{FFFD}');
                            start = valid + bad;
                        }
                        // An incomplete character at the end: wait for the rest.
                        None => {
                            start = valid;
                            break;
                        }
                    }
                }
            }
        }
        self.pending.drain(..start);
        self.inner.write_all(out.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl<W: Write> Drop for SafeWriter<W> {
    fn drop(&mut self) {
        if !self.pending.is_empty() {
            let _ = self.inner.write_all("\u{FFFD}".as_bytes());
        }
        let _ = self.inner.flush();
    }
}

/// Standard output through the sanitizer.
pub fn stdout() -> SafeWriter<io::StdoutLock<'static>> {
    SafeWriter::new(io::stdout().lock())
}

/// Writes one line to standard error through the sanitizer.
pub fn eprint_line(text: &str) {
    let mut err = SafeWriter::new(io::stderr().lock());
    let _ = writeln!(err, "{text}");
}

/// `eprintln!` through the sanitizer: messages that echo a file name, a query or a briefing's
/// text go to standard error this way.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::sanitize::eprint_line(&format!($($arg)*))
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The closer look only where a marked byte is gives what looking at every character
        /// gives.
        #[test]
        fn visible_text_is_as_a_character_by_character_pass_makes_it(text in "\\PC*|[\\x00-\\x{9F}\\u{61C}\\u{200E}-\\u{2069}aé—]*") {
            let mut plain = String::new();
            for c in text.chars() {
                if is_unsafe(c) {
                    push_visible(&mut plain, c);
                } else {
                    plain.push(c);
                }
            }
            proptest::prop_assert_eq!(visible(&text), plain);
        }
    }

    #[test]
    fn every_unsafe_character_has_a_byte_that_marks_it() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let mut utf8 = [0u8; 4];
            let bytes = c.encode_utf8(&mut utf8).as_bytes();
            if is_unsafe(c) {
                assert!(may_start_unsafe(bytes[0]), "{c:?}");
            }
        }
        // And the text most briefings are written in needs no closer look.
        let plain = "Nasser Bourita, Ilham Əliyev, São Tomé, Zürich, 東京, Москва\tend\n";
        assert!(plain.bytes().all(|b| !may_start_unsafe(b)));
    }

    #[test]
    fn controls_are_shown_not_obeyed() {
        assert_eq!(visible("a\x1b]0;x\x07b"), "a^[]0;x^Gb");
        assert_eq!(visible("\u{9b}2J \u{202e}x\x7f"), "<U+009B>2J <U+202E>x^?");
        assert_eq!(visible("tab\there\nnext"), "tab\there\nnext");
        assert_eq!(visible("\r"), "^M");
        assert_eq!(cell("\x1b"), "\u{FFFD}");
        assert_eq!(json("\"a\u{9b}\u{202e}\""), "\"a\\u009b\\u202e\"");
        assert_eq!(csv_cell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_cell("Nasser"), "Nasser");
    }

    #[test]
    fn the_writer_joins_split_characters_and_marks_bad_bytes() {
        let mut buf = Vec::new();
        {
            let mut w = SafeWriter::new(&mut buf);
            let bytes = "é\x1b".as_bytes();
            w.write_all(&bytes[..1]).unwrap();
            w.write_all(&bytes[1..]).unwrap();
            w.write_all(b"\xff!").unwrap();
        }
        assert_eq!(String::from_utf8(buf).unwrap(), "é^[\u{FFFD}!");
    }
}
