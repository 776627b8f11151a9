//! An audit record's detail as people read it: each field with its value, or its value
//! before and after a change. Services write details as `key=value` pairs (`order_no=WO…
//! group=complaints`) or, for a change to a rule or setting, as JSON with `before` and
//! `after`; the audit log shows them as "field: before → after", labelled in the reader's
//! language by the page.

use serde_json::Value;

/// One line of a detail: a field and what it held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailLine {
    /// The key as written (`order_no`, `first_response_hours`); the page labels it.
    pub field: String,
    /// Before the change; `None` for a plain value.
    pub before: Option<String>,
    pub after: String,
}

/// The lines of `detail`: a change's fields that changed (added and removed ones too), then
/// any other fields; `key=value` pairs in order; otherwise one line of the text as it is
/// (`field` empty).
pub fn detail_lines(detail: &str) -> Vec<DetailLine> {
    let detail = detail.trim();
    if detail.is_empty() {
        return Vec::new();
    }
    if let Ok(Value::Object(map)) = serde_json::from_str::<Value>(detail) {
        let mut lines = Vec::new();
        if map.contains_key("before") || map.contains_key("after") {
            lines.extend(changes(map.get("before"), map.get("after")));
        }
        for (key, value) in &map {
            if key != "before" && key != "after" {
                lines.push(plain(key, value_text(value)));
            }
        }
        return lines;
    }
    let pairs: Vec<(&str, &str)> = detail
        .split_whitespace()
        .map(|word| word.split_once('='))
        .collect::<Option<Vec<_>>>()
        .unwrap_or_default();
    if !pairs.is_empty() && pairs.iter().all(|(key, _)| is_key(key)) {
        return pairs
            .into_iter()
            .map(|(key, value)| plain(key, value.to_string()))
            .collect();
    }
    vec![plain("", detail.to_string())]
}

fn plain(field: &str, value: String) -> DetailLine {
    DetailLine {
        field: field.to_string(),
        before: None,
        after: value,
    }
}

fn is_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// The fields of two objects that differ; two values that are not both objects as one line.
fn changes(before: Option<&Value>, after: Option<&Value>) -> Vec<DetailLine> {
    let none = Value::Null;
    let (before, after) = (before.unwrap_or(&none), after.unwrap_or(&none));
    match (before, after) {
        (Value::Object(old), Value::Object(new)) => {
            let mut keys: Vec<&String> = old.keys().chain(new.keys()).collect();
            keys.dedup();
            let mut seen = std::collections::HashSet::new();
            keys.into_iter()
                .filter(|key| seen.insert(*key))
                .filter_map(|key| {
                    let (was, is) = (old.get(key).unwrap_or(&none), new.get(key).unwrap_or(&none));
                    (was != is).then(|| DetailLine {
                        field: key.clone(),
                        before: Some(value_text(was)),
                        after: value_text(is),
                    })
                })
                .collect()
        }
        (Value::Null, Value::Object(new)) => new.iter().map(|(k, v)| plain(k, value_text(v))).collect(),
        (Value::Object(old), Value::Null) => old
            .iter()
            .map(|(k, v)| DetailLine {
                field: k.clone(),
                before: Some(value_text(v)),
                after: String::new(),
            })
            .collect(),
        _ => vec![DetailLine {
            field: String::new(),
            before: Some(value_text(before)),
            after: value_text(after),
        }],
    }
}

/// A value as text: strings without quotes, nothing as empty, lists and objects compact.
fn value_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_reads_as_the_fields_that_changed() {
        let lines = detail_lines(
            r#"{"product":"auto","before":{"kind":"complaint","first_response_hours":4,"resolution_hours":72},
               "after":{"kind":"complaint","first_response_hours":2,"resolution_hours":72}}"#,
        );
        assert_eq!(
            lines,
            vec![
                DetailLine {
                    field: "first_response_hours".into(),
                    before: Some("4".into()),
                    after: "2".into()
                },
                plain("product", "auto".into()),
            ]
        );
    }

    #[test]
    fn pairs_read_as_fields_and_anything_else_as_it_is() {
        assert_eq!(
            detail_lines("order_no=WO2026000001 group=complaints staff=0"),
            vec![
                plain("order_no", "WO2026000001".into()),
                plain("group", "complaints".into()),
                plain("staff", "0".into()),
            ]
        );
        assert_eq!(
            detail_lines("客户来电 说明情况"),
            vec![plain("", "客户来电 说明情况".into())]
        );
        assert!(detail_lines("  ").is_empty());
        // Added and removed: only one side.
        assert_eq!(
            detail_lines(r#"{"before":null,"after":{"date":"2026-10-01"}}"#),
            vec![plain("date", "2026-10-01".into())]
        );
    }
}
