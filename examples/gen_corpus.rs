//! Writes a generated corpus of realistic briefings to a folder.
//!
//! `cargo run --release --example gen_corpus -- DIR COUNT [SEED]`

#[path = "../benches/support/generate.rs"]
mod generate;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(count)) = (
        args.first(),
        args.get(1).and_then(|c| c.parse::<u64>().ok()),
    ) else {
        eprintln!("usage: gen_corpus DIR COUNT [SEED]");
        std::process::exit(2);
    };
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("gen_corpus: cannot create {dir}: {e}");
        std::process::exit(2);
    }
    for (name, yaml) in generate::corpus(seed, count) {
        if let Err(e) = std::fs::write(std::path::Path::new(dir).join(&name), yaml) {
            eprintln!("gen_corpus: cannot write {name}: {e}");
            std::process::exit(2);
        }
    }
    println!("wrote {count} briefings to {dir} (seed {seed})");
}
