//! Opening a briefing in the user's editor (`e` in the local browser): which editor, which line,
//! and running it. The terminal is handed over and taken back by `tui`.

use std::path::Path;
use std::process::Command;

use crate::app::EditRequest;

/// The editor's program and arguments from `$VISUAL`, else `$EDITOR` (as a shell would split
/// them: `code --wait`), or `None` when neither is set.
pub fn editor_command(visual: Option<&str>, editor: Option<&str>) -> Option<Vec<String>> {
    [visual, editor]
        .into_iter()
        .flatten()
        .filter(|v| !v.trim().is_empty())
        .find_map(|v| shlex::split(v).filter(|words| !words.is_empty()))
}

/// The line (from 1) where `item` (a path such as `timeline.2`) starts in the briefing `text`,
/// as the position index finds it; the first line for the briefing itself or a file that no
/// longer reads.
pub fn line_of(text: &str, item: Option<&str>) -> usize {
    let Some(item) = item else {
        return 1;
    };
    crate::model::yaml::scan(text).map_or(1, |spans| spans.key(item).line)
}

/// Runs the editor on the request's file at its item's line, waiting for it to end. `Ok` with
/// what to say on the status line, or `Err` with why it could not be done.
pub fn open(
    request: &EditRequest,
    visual: Option<&str>,
    editor: Option<&str>,
) -> Result<String, String> {
    let Some(mut words) = editor_command(visual, editor) else {
        return Err("no editor: set $VISUAL or $EDITOR".to_string());
    };
    let path = Path::new(&request.file);
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("cannot open {}: {e}", request.file))?;
    let line = line_of(&text, request.item.as_deref());
    let program = words.remove(0);
    let status = Command::new(&program)
        .args(words)
        .arg(format!("+{line}"))
        .arg(path)
        .status()
        .map_err(|e| format!("the editor `{program}` could not be started: {e}"))?;
    if status.success() {
        Ok(format!("edited {} (line {line})", request.file))
    } else {
        Err(format!("the editor `{program}` ended with {status}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visual_wins_over_editor_and_is_split_as_a_shell_would() {
        assert_eq!(
            editor_command(Some("code --wait"), Some("vi")),
            Some(vec!["code".to_string(), "--wait".to_string()])
        );
        assert_eq!(
            editor_command(Some(" "), Some("vi")),
            Some(vec!["vi".to_string()])
        );
        assert_eq!(editor_command(None, None), None);
    }

    #[test]
    fn an_item_is_found_at_its_line_and_a_broken_file_opens_at_the_top() {
        let text = "title: T\ndate: 2024-01-01\ntimeline:\n  - event: a\n  - event: b\n";
        assert_eq!(line_of(text, Some("timeline.1")), 5);
        assert_eq!(line_of(text, None), 1);
        assert_eq!(line_of("title: [", Some("timeline.1")), 1);
    }
}
