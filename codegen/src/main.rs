//! `saasus-codegen`: writes the files derived from the core's model and operation definitions
//! (TypeScript declarations, Python stubs, Kotlin and Swift aliases, …), or checks that the
//! committed ones are fresh.
//!
//!     cargo run -p saasus-codegen -- write   # regenerate
//!     cargo run -p saasus-codegen -- check   # exit 1 when a committed file is stale

mod aliases;
mod python;
mod types;
mod typescript;

use std::path::PathBuf;

/// Every generated file: its path from the repository root, and its content.
fn generated() -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = typescript::files().into_iter().map(|(p, c)| (p.to_string(), c)).collect();
    files.extend(python::files());
    files.extend(aliases::files());
    files
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let mode = std::env::args().nth(1).unwrap_or_default();
    let mut stale = Vec::new();
    for (path, content) in generated() {
        let full = root.join(&path);
        match mode.as_str() {
            "write" => {
                if let Some(dir) = full.parent() {
                    std::fs::create_dir_all(dir).expect("create the output folder");
                }
                std::fs::write(&full, content).unwrap_or_else(|e| panic!("write {path}: {e}"));
                println!("wrote {path}");
            }
            "check" => {
                if std::fs::read_to_string(&full).ok().as_deref() != Some(content.as_str()) {
                    stale.push(path);
                }
            }
            _ => {
                eprintln!("usage: saasus-codegen write|check");
                std::process::exit(2);
            }
        }
    }
    if !stale.is_empty() {
        eprintln!("stale generated files (run `cargo run -p saasus-codegen -- write`): {}", stale.join(", "));
        std::process::exit(1);
    }
    if mode == "check" {
        println!("generated files are fresh");
    }
}
