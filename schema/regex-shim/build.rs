//! Compiles every `pattern` in the ride-record schema to a minimized dense DFA with regex-automata,
//! the engine under `regex` itself, and embeds them: every build then matches those patterns with
//! the same tables and links no regex compiler. Other patterns (none today) go to the fallback
//! engine in src/lib.rs.

use std::{env, fs, path::PathBuf};

use regex_automata::dfa::dense;
use serde_json::Value;

fn main() {
    let schema_path =
        PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap()).join("../ride-record.schema.json");
    println!("cargo::rerun-if-changed={}", schema_path.display());
    let schema: Value = serde_json::from_str(&fs::read_to_string(&schema_path).unwrap())
        .expect("the schema is JSON");
    let mut patterns = Vec::new();
    collect_patterns(&schema, &mut patterns);
    patterns.sort();
    patterns.dedup();

    let out_dir = PathBuf::from(env::var("OUT_DIR").unwrap());
    let mut table = String::from("&[\n");
    for (index, pattern) in patterns.iter().enumerate() {
        let dfa = dense::Builder::new()
            .configure(dense::Config::new().minimize(true))
            .build(pattern)
            .unwrap_or_else(|error| {
                panic!("pattern {pattern:?} does not compile to a DFA: {error}")
            });
        let (bytes, padding) = dfa.to_bytes_little_endian();
        let file = format!("dfa-{index}.bin");
        fs::write(out_dir.join(&file), &bytes[padding..]).unwrap();
        table += &format!(
            "    ({pattern:?}, &Aligned {{ _align: [], bytes: *include_bytes!(concat!(env!(\"OUT_DIR\"), \"/{file}\")) }}.bytes),\n"
        );
    }
    table += "]\n";
    fs::write(out_dir.join("precompiled.rs"), table).unwrap();
}

fn collect_patterns(node: &Value, patterns: &mut Vec<String>) {
    match node {
        Value::Object(fields) => {
            for (name, value) in fields {
                match (name.as_str(), value) {
                    ("pattern", Value::String(pattern)) => patterns.push(pattern.clone()),
                    _ => collect_patterns(value, patterns),
                }
            }
        }
        Value::Array(items) => items
            .iter()
            .for_each(|item| collect_patterns(item, patterns)),
        _ => {}
    }
}
