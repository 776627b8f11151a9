//! Compiles the translation files (`locales/*.json`, flat key -> text) into sorted static
//! tables, so neither the browser nor the server parses JSON at run time for UI text.
//! The staff's texts (console pages) go into tables of their own, which only the server and
//! the staff bundle read: a customer's phone does not download them.

use std::collections::BTreeMap;
use std::fmt::Write;

const LOCALES: [(&str, &str); 2] = [("ZH_CN", "locales/zh-CN.json"), ("EN", "locales/en.json")];

/// Keys only the console shows, by prefix; and texts only the server writes (SMS and
/// e-mail bodies), which no customer's page shows.
const STAFF_ONLY: &[&str] = &[
    "one_time_code.",
    "contact_change.",
    "work_orders.desk.",
    "claims.desk.",
    "claim_view.",
    "queue_view.",
    "reviews.",
    "intake.",
    "console.",
    "contact_kind.",
    "staff_alert.",
    "staff_status.",
    "sla_unit.",
    "resolution_code.",
    "complaint_category.",
    "work_order_event.",
    "priority.",
    "change_status.",
    "nav.desk",
    "nav.claims_desk",
    "nav.reviews",
    "nav.customer_search",
    "nav.follow_ups",
    "follow_ups.",
    "follow_up_status.",
    "follow_up_outcome.",
    "admin.",
    "capability.",
    "nav.admin_",
];

fn main() {
    let mut tables: Vec<(&str, BTreeMap<String, String>)> = Vec::new();
    for (name, path) in LOCALES {
        println!("cargo:rerun-if-changed={path}");
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
        let table: BTreeMap<String, String> =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path} is not a flat JSON object: {e}"));
        tables.push((name, table));
    }
    // The first language's keys decide; a key missing from another language is a test
    // failure (locale.rs), not a build failure, so the test can say which key it is.
    let keys: Vec<&String> = tables[0].1.keys().collect();
    let staff = |k: &&String| STAFF_ONLY.iter().any(|p| k.starts_with(p));
    let (staff_keys, keys): (Vec<&String>, Vec<&String>) = keys.into_iter().partition(staff);
    let mut out = String::new();
    for (prefix, keys) in [("", &keys), ("STAFF_", &staff_keys)] {
        writeln!(out, "/// Every key, sorted; the texts below follow this order.").unwrap();
        writeln!(out, "pub static {prefix}KEYS: &[&str] = &{keys:?};").unwrap();
        for (name, table) in &tables {
            let texts: Vec<&str> = keys
                .iter()
                .map(|k| table.get(*k).map_or(k.as_str(), String::as_str))
                .collect();
            writeln!(out, "pub static {prefix}{name}: &[&str] = &{texts:?};").unwrap();
        }
    }
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("locales.rs");
    std::fs::write(dest, out).unwrap();
}
