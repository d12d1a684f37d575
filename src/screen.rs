//! The backend the browser draws through: a wrapper around any ratatui backend that passes every
//! cell through the sanitizer and reports a window of bounded size.
//!
//! The terminal's reported size decides how large the screen buffers are, so a terminal that
//! claims 65535x65535 would make every frame allocate gigabytes; past [`MAX_WIDTH`] x
//! [`MAX_HEIGHT`] the browser draws in the top-left part of the window.

use std::borrow::Cow;

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};

/// The widest and tallest screen drawn; larger windows show it in their top-left part.
pub const MAX_WIDTH: u16 = 1000;
pub const MAX_HEIGHT: u16 = 400;

/// A window size as the browser uses it: at most [`MAX_WIDTH`] x [`MAX_HEIGHT`].
pub fn clamp_size(width: u16, height: u16) -> (u16, u16) {
    (width.min(MAX_WIDTH), height.min(MAX_HEIGHT))
}

pub struct SafeBackend<B: Backend> {
    inner: B,
}

impl<B: Backend> SafeBackend<B> {
    pub fn new(inner: B) -> SafeBackend<B> {
        SafeBackend { inner }
    }

    pub fn inner(&self) -> &B {
        &self.inner
    }
}

impl<B: Backend> Backend for SafeBackend<B> {
    type Error = B::Error;

    fn draw<'a, I>(&mut self, content: I) -> Result<(), Self::Error>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        // Only cells that changed arrive here, so this costs nothing on a still screen.
        let cells: Vec<(u16, u16, Cow<'a, Cell>)> = content
            .map(|(x, y, cell)| match crate::sanitize::cell(cell.symbol()) {
                Cow::Borrowed(_) => (x, y, Cow::Borrowed(cell)),
                Cow::Owned(symbol) => {
                    let mut clean = cell.clone();
                    clean.set_symbol(&symbol);
                    (x, y, Cow::Owned(clean))
                }
            })
            .collect();
        self.inner
            .draw(cells.iter().map(|(x, y, cell)| (*x, *y, cell.as_ref())))
    }

    fn append_lines(&mut self, n: u16) -> Result<(), Self::Error> {
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> Result<(), Self::Error> {
        self.inner.show_cursor()
    }

    /// The browser owns the whole screen and never needs to know where the cursor was; asking
    /// the terminal would wait for an answer that a slow link or a stopped job may never send
    /// (ratatui asks before every clear).
    fn get_cursor_position(&mut self) -> Result<Position, Self::Error> {
        Ok(Position::ORIGIN)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> Result<(), Self::Error> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> Result<(), Self::Error> {
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> Result<(), Self::Error> {
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> Result<Size, Self::Error> {
        let size = self.inner.size()?;
        let (width, height) = clamp_size(size.width, size.height);
        Ok(Size { width, height })
    }

    fn window_size(&mut self) -> Result<WindowSize, Self::Error> {
        let mut size = self.inner.window_size()?;
        let (width, height) = clamp_size(size.columns_rows.width, size.columns_rows.height);
        size.columns_rows = Size { width, height };
        Ok(size)
    }

    fn flush(&mut self) -> Result<(), Self::Error> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    #[test]
    fn huge_windows_are_clamped_and_controls_never_reach_the_terminal() {
        let backend = SafeBackend::new(TestBackend::new(1200, 500));
        let mut terminal = Terminal::new(backend).unwrap();
        let area = terminal.size().unwrap();
        assert_eq!((area.width, area.height), (MAX_WIDTH, MAX_HEIGHT));
        terminal
            .draw(|f| {
                f.buffer_mut()[(0, 0)].set_symbol("\u{9b}");
                f.buffer_mut()[(1, 0)].set_symbol("\u{202e}");
            })
            .unwrap();
        let buffer = terminal.backend().inner().buffer();
        assert_eq!(buffer[(0, 0)].symbol(), "\u{FFFD}");
        assert_eq!(buffer[(1, 0)].symbol(), "\u{FFFD}");
    }
}
