//! How the allocator trades speed for resident memory, chosen per command.
//!
//! `brief` allocates through mimalloc (see `main.rs`). Its defaults suit a command that loads,
//! answers and exits: freed memory is kept for a second before it is given back, arenas are
//! committed whole, and large blocks ask for transparent huge pages. The browser, kept open
//! all day, and the server are better served by giving memory back at once and committing
//! only what is used. Sampled from /proc while the browser loaded 10,000 briefings from the
//! cache: the peak went from 194 to 140 MB and what it keeps once loaded from 186 to 112 MB
//! (88 MB of it live); at 100,000, 1,159 to 1,097 MB and 1,159 to 834 MB. The same settings
//! made a warm `brief list` of 10,000 take 0.18-0.21 s instead of 0.15 s (median of 20), so
//! the one-shot commands keep the defaults.

use std::os::raw::c_long;

/// mimalloc's `mi_option_arena_eager_commit` (version 3's `mi_option_t`; see the test below).
const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
/// mimalloc's `mi_option_purge_delay`, in milliseconds.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Settles for less resident memory over speed: for the browser and the server, before the
/// corpus is loaded. Harmless when mimalloc is not the global allocator (as in the tests). An
/// option set in the environment (`MIMALLOC_PURGE_DELAY`, `MIMALLOC_ARENA_EAGER_COMMIT`) is
/// left as the user set it.
pub fn favour_small_footprint() {
    for (option, variable) in [
        (PURGE_DELAY, "MIMALLOC_PURGE_DELAY"),
        (ARENA_EAGER_COMMIT, "MIMALLOC_ARENA_EAGER_COMMIT"),
    ] {
        if std::env::var_os(variable).is_none() {
            // SAFETY: `mi_option_set` only stores a value in mimalloc's table of options,
            // which mimalloc reads atomically; both options exist in the version built (see
            // the test).
            unsafe { libmimalloc_sys::mi_option_set(option, 0 as c_long) };
        }
    }
    // The arena mimalloc reserved before `main` asks for transparent huge pages, which make a
    // whole 2 MB resident for a few bytes used: the process declines them (what mimalloc's
    // own `allow_thp` option does, which is read only as the process starts). Programs it
    // starts (an editor) inherit the policy, which changes nothing they can see.
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and changes only a memory policy.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The option numbers are the ones this mimalloc gives those names: a new mimalloc that
    /// renumbers its options fails here rather than setting something else. (Run without
    /// `MIMALLOC_*` variables in the environment, which change the defaults read.)
    #[test]
    fn the_options_set_are_the_ones_meant() {
        // mimalloc's own defaults for the two (a second; 2, "on systems that overcommit").
        unsafe {
            assert_eq!(libmimalloc_sys::mi_option_get(PURGE_DELAY), 1000);
            assert_eq!(libmimalloc_sys::mi_option_get(ARENA_EAGER_COMMIT), 2);
        }
    }
}
