//! The cost of one key on the input thread (the state's update and the frame it draws) for the
//! worst shapes a briefing under the size limit can take. Target: every key within 16 ms.
//!
//! `cargo bench --bench hostile_keys` prints, for each shape, the keys' p50 and the slowest
//! key with its action.

#[path = "support/hostile.rs"]
mod hostile;

use std::time::Duration;

fn main() {
    let mut worst = Duration::ZERO;
    for (name, yaml) in hostile::shapes() {
        let bytes = yaml.len();
        let (first, mut times) = hostile::play(yaml, 200, 50, 3);
        times.sort_by_key(|(t, _)| *t);
        let p50 = times[times.len() / 2].0;
        let (max, slowest) = times.last().cloned().unwrap_or_default();
        worst = worst.max(max);
        println!(
            "{name:32} {bytes:>7} bytes  first frame {first:>8.2?}  keys: p50 {p50:>8.2?}  max {max:>8.2?} ({slowest})"
        );
    }
    println!("slowest key of all: {worst:.2?}");
}
