//! One user's view of a shared, read-only corpus.

use std::sync::Arc;

use crate::model::{Briefing, Corpus, Entry};
use crate::ui::Theme;

use super::action::Pane;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help,
    Diagnostics,
}

/// All view state of one session. The corpus is shared and never changed here.
#[derive(Debug, Clone)]
pub struct State {
    pub corpus: Arc<Corpus>,
    pub theme: Theme,
    /// Indices into `corpus.briefings`, in display order.
    pub visible: Vec<usize>,
    /// Position in `visible` of the selected briefing.
    pub selected: usize,
    pub focus: Pane,
    /// The pane shown where only one fits: the last one focused.
    pub tab: Pane,
    /// The focused item of each pane of the selected briefing, by `Pane::index() - 1`.
    pub cursors: [usize; 4],
    /// The focused item is shown whole in a large window.
    pub zoomed: bool,
    pub overlay: Option<Overlay>,
    /// First line shown of the help or diagnostics overlay, or of the zoomed item.
    pub scroll: u16,
    /// The terminal's size, as last reported.
    pub width: u16,
    pub height: u16,
    pub quit: bool,
}

impl State {
    pub fn new(corpus: Arc<Corpus>, theme: Theme) -> State {
        let visible = (0..corpus.briefings.len()).collect();
        State {
            corpus,
            theme,
            visible,
            selected: 0,
            focus: Pane::List,
            tab: Pane::Timeline,
            cursors: [0; 4],
            zoomed: false,
            overlay: None,
            scroll: 0,
            width: 80,
            height: 24,
            quit: false,
        }
    }

    pub fn selected_entry(&self) -> Option<&Entry> {
        self.visible
            .get(self.selected)
            .and_then(|&i| self.corpus.briefings.get(i))
    }

    pub fn selected_briefing(&self) -> Option<&Briefing> {
        self.selected_entry().map(|e| &e.briefing)
    }

    /// How many items the pane has for the selected briefing.
    pub fn pane_len(&self, pane: Pane) -> usize {
        match pane {
            Pane::List => self.visible.len(),
            _ => self.selected_briefing().map_or(0, |b| match pane {
                Pane::Timeline => b.timeline.len(),
                Pane::Participants => b.participants.len(),
                Pane::Agenda => b.agenda.len(),
                Pane::Outcomes => b.outcomes.len(),
                Pane::List => 0,
            }),
        }
    }

    /// The focused item of `pane`.
    pub fn cursor(&self, pane: Pane) -> usize {
        match pane {
            Pane::List => self.selected,
            _ => self.cursors[pane.index() - 1],
        }
    }

    pub fn set_cursor(&mut self, pane: Pane, value: usize) {
        let max = self.pane_len(pane).saturating_sub(1);
        let value = value.min(max);
        match pane {
            Pane::List => {
                if value != self.selected {
                    self.selected = value;
                    self.cursors = [0; 4];
                }
            }
            _ => self.cursors[pane.index() - 1] = value,
        }
    }

    /// The participant focused in the Participants pane, when that pane has focus: its
    /// timeline events are marked.
    pub fn linked_participant(&self) -> Option<&str> {
        if self.focus != Pane::Participants {
            return None;
        }
        let b = self.selected_briefing()?;
        b.participants
            .get(self.cursor(Pane::Participants))
            .map(|p| p.name.as_str())
    }
}
