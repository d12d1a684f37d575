//! Small text helpers shared by the commands and the screen.

/// Text on one line: YAML's folded blocks and line breaks become single spaces.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
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

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_are_grouped() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(43_000), "43,000");
        assert_eq!(super::thousands(1_234_567), "1,234,567");
    }
}
