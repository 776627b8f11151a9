//! Compiles the translation files (`locales/*.json`, flat key -> text) into sorted static
//! tables, so neither the browser nor the server parses JSON at run time for UI text.

use std::collections::BTreeMap;
use std::fmt::Write;

const LOCALES: [(&str, &str); 2] = [("ZH_CN", "locales/zh-CN.json"), ("EN", "locales/en.json")];

fn main() {
    let mut out = String::new();
    let mut keys: Option<Vec<String>> = None;
    for (name, path) in LOCALES {
        println!("cargo:rerun-if-changed={path}");
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
        let table: BTreeMap<String, String> =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path} is not a flat JSON object: {e}"));
        let these: Vec<String> = table.keys().cloned().collect();
        match &keys {
            None => {
                writeln!(out, "/// Every key, sorted; the texts below follow this order.").unwrap();
                writeln!(out, "pub static KEYS: &[&str] = &{these:?};").unwrap();
                keys = Some(these);
            }
            // A key missing from one language is a test failure (locale.rs), not a build
            // failure, so the test can say which key it is.
            Some(first) if *first != these => {
                let all: Vec<&String> = first.iter().collect();
                let texts: Vec<&str> = all
                    .iter()
                    .map(|k| table.get(*k).map_or(k.as_str(), String::as_str))
                    .collect();
                writeln!(out, "pub static {name}: &[&str] = &{texts:?};").unwrap();
                continue;
            }
            Some(_) => {}
        }
        let texts: Vec<&String> = table.values().collect();
        writeln!(out, "pub static {name}: &[&str] = &{texts:?};").unwrap();
    }
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("locales.rs");
    std::fs::write(dest, out).unwrap();
}
