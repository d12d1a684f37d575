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

/// The editor, ready to run on a briefing at its item's line.
pub struct Launch {
    command: Command,
    program: String,
    /// The file's name, for the status line (its folder is the source, shown there already).
    name: String,
    line: usize,
}

/// The editor's command for `request` (`EDITOR +LINE FILE`), or why there is none: no editor
/// is set, or the file cannot be read. Nothing is run yet, so the terminal can stay as it is.
pub fn prepare(
    request: &EditRequest,
    visual: Option<&str>,
    editor: Option<&str>,
) -> Result<Launch, String> {
    let Some((program, args)) = editor_command(visual, editor)
        .as_deref()
        .and_then(|words| words.split_first())
        .map(|(program, args)| (program.clone(), args.to_vec()))
    else {
        return Err("no editor: set $VISUAL or $EDITOR".to_string());
    };
    let path = Path::new(&request.file);
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("cannot open {}: {e}", request.file))?;
    let line = line_of(&text, request.item.as_deref());
    let mut command = Command::new(&program);
    command.args(args).arg(format!("+{line}")).arg(path);
    let name = path
        .file_name()
        .map_or(request.file.clone(), |n| n.to_string_lossy().into_owned());
    Ok(Launch {
        command,
        program,
        name,
        line,
    })
}

impl Launch {
    /// Runs the editor and waits for it to end: what to say on the status line, `Err` when it
    /// could not start or failed.
    pub fn run(mut self) -> Result<String, String> {
        let status = self
            .command
            .status()
            .map_err(|e| format!("the editor `{}` could not be started: {e}", self.program))?;
        if status.success() {
            Ok(format!("edited {} (line {})", self.name, self.line))
        } else {
            Err(format!("the editor `{}` ended with {status}", self.program))
        }
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
