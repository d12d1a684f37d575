//! Small text helpers shared by the commands and the screen.

/// Text on one line: YAML's folded blocks and line breaks become single spaces.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A value refused: what is wrong, and a hint (the nearest known name, or how to write it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub message: String,
    pub hint: String,
}

impl Refusal {
    /// `word` is not one of `known`: the hint names the nearest, else says `otherwise`.
    pub fn unknown<'a>(
        message: String,
        word: &str,
        known: impl Iterator<Item = &'a str>,
        otherwise: &str,
    ) -> Refusal {
        let hint = match crate::model::closest(word, known).filter(|_| !word.is_empty()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => otherwise.to_string(),
        };
        Refusal { message, hint }
    }
}

/// "s" for counts other than one: `format!("{n} briefing{}", plural(n))`.
pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `43000` as `43,000`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// At most `max` characters of `text`, ending in `…` when cut: for echoing input in messages.
pub fn clip(text: &str, max: usize) -> String {
    let kept = prefix(text, max);
    if kept.len() < text.len() {
        format!("{kept}…")
    } else {
        text.to_string()
    }
}

/// The first `max` characters of `text` (all of it when shorter), cut at a character boundary.
pub fn prefix(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((i, _)) => &text[..i],
        None => text,
    }
}

/// The display width of `text` in terminal columns (a CJK character takes two).
pub fn width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// `text` cut to at most `max` columns, ending in `…` when cut; never mid-grapheme.
pub fn fit(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    if width(text) <= max {
        return text.into();
    }
    let (kept, _) = fit_prefix(text, max.saturating_sub(1));
    if max == 0 {
        return "".into();
    }
    format!("{kept}…").into()
}

/// `text` cut to at most `max` columns from its start, beginning with `…` when cut: for paths,
/// whose end says most.
pub fn fit_start(text: &str, max: usize) -> std::borrow::Cow<'_, str> {
    use unicode_segmentation::UnicodeSegmentation;
    if width(text) <= max {
        return text.into();
    }
    if max == 0 {
        return "".into();
    }
    let mut used = 0;
    let mut start = text.len();
    for (i, g) in text.grapheme_indices(true).rev() {
        let w = width(g);
        if used + w > max - 1 {
            break;
        }
        used += w;
        start = i;
    }
    format!("…{}", &text[start..]).into()
}

/// The longest prefix of `text` of whole graphemes that fits in `max` columns, and its width.
pub fn fit_prefix(text: &str, max: usize) -> (&str, usize) {
    use unicode_segmentation::UnicodeSegmentation;
    let mut used = 0;
    for (i, g) in text.grapheme_indices(true) {
        let w = width(g);
        if used + w > max {
            return (&text[..i], used);
        }
        used += w;
    }
    (text, used)
}

#[cfg(test)]
mod tests {
    #[test]
    fn fit_cuts_by_display_width_with_a_mark() {
        assert_eq!(super::fit("Brasília", 20), "Brasília");
        assert_eq!(super::fit("Brasília, Brazil", 9), "Brasília…");
        // Two columns per CJK character: the mark takes the last column left.
        assert_eq!(super::fit("外交部长会谈", 6), "外交…");
        assert_eq!(super::fit("外交部长会谈", 5), "外交…");
        // A combining accent stays with its letter.
        assert_eq!(
            super::fit("e\u{301}e\u{301}e\u{301}", 3),
            "e\u{301}e\u{301}e\u{301}"
        );
        assert_eq!(
            super::fit("e\u{301}e\u{301}e\u{301}x", 3),
            "e\u{301}e\u{301}…"
        );
        assert_eq!(super::fit("abc", 0), "");
        assert_eq!(super::fit("abc", 1), "…");
        assert_eq!(
            super::fit_start("/home/a/briefings/x.yaml:3:1", 12),
            "…/x.yaml:3:1"
        );
        assert_eq!(super::fit_start("short", 12), "short");
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(43_000), "43,000");
        assert_eq!(super::thousands(1_234_567), "1,234,567");
    }
}
