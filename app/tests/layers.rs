//! The services' layering, checked on their source (`src/backend`): the business areas
//! stand in the order `AREAS` gives, each using only the areas before it (the platform
//! none); no modules import each other in a circle; no file is too long to hold in one's
//! head. A `use` that breaks it fails here with the modules named.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The areas from the floor up (see `backend/mod.rs`).
const AREAS: &[&str] = &[
    "platform",
    "measures",
    "messaging",
    "staff",
    "policies",
    "customers",
    "loyalty",
    "feedback",
    "content",
    "claims",
    "work_orders",
    "rules",
    "channels",
    "reports",
    "home",
    "jobs",
];

/// The longest a services file may grow.
const MAX_LINES: usize = 800;

type Module = Vec<String>;

fn backend() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src/backend")
}

/// Every module of the services and its file.
fn modules() -> BTreeMap<Module, PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&backend(), &mut files);
    files
        .into_iter()
        .map(|file| {
            let rel = file.strip_prefix(backend()).unwrap().with_extension("");
            let mut module: Module = rel.iter().map(|p| p.to_string_lossy().into_owned()).collect();
            if module.last().is_some_and(|m| m == "mod") {
                module.pop();
            }
            (module, file)
        })
        .collect()
}

/// The source without comments and without its test module.
fn code_of(file: &Path) -> String {
    let text = std::fs::read_to_string(file).unwrap();
    let text = text.split("#[cfg(test)]\nmod tests").next().unwrap_or_default();
    text.lines()
        .map(|line| line.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'
}

/// The paths written after `prefix` (`a::b::c`, and each item of `{a, b::c}` groups).
fn paths_after(code: &str, prefix: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find(prefix) {
        let before_ok = rest[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !is_name_char(c) && c != ':');
        rest = &rest[at + prefix.len()..];
        if !before_ok {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let path: Vec<String> = item.trim().split("::").map(|s| s.trim().to_string()).collect();
                if path
                    .first()
                    .is_some_and(|p| !p.is_empty() && p.chars().all(is_name_char))
                {
                    found.push(path);
                }
            }
        } else {
            let end = rest.find(|c: char| !is_name_char(c) && c != ':').unwrap_or(rest.len());
            let path: Vec<String> = rest[..end]
                .split("::")
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            if !path.is_empty() {
                found.push(path);
            }
        }
    }
    found
}

/// Which module `path` (from the services' root) names: its longest prefix that is one.
fn resolve(path: &[String], all: &BTreeMap<Module, PathBuf>) -> Option<Module> {
    (1..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|candidate| all.contains_key(candidate))
}

/// Each module and the modules it uses (a child using its own parents is not counted: an
/// area's parts share the area's door).
fn edges(all: &BTreeMap<Module, PathBuf>) -> BTreeMap<Module, BTreeSet<Module>> {
    let mut edges = BTreeMap::new();
    for (module, file) in all {
        let code = code_of(file);
        // `super` is the parent of a file's module (of a folder's, for its `mod.rs`).
        let parent: Module = module[..module.len().saturating_sub(1)].to_vec();
        let mut targets = BTreeSet::new();
        let absolute = paths_after(&code, "crate::backend::");
        let relative = paths_after(&code, "super::").into_iter().map(|mut p| {
            let mut base = parent.clone();
            while p.first().is_some_and(|s| s == "super") {
                p.remove(0);
                base.pop();
            }
            base.extend(p);
            base
        });
        for path in absolute.into_iter().chain(relative) {
            if let Some(target) = resolve(&path, all) {
                let ancestor = target.len() < module.len() && module.starts_with(&target);
                if target != *module && !ancestor && !target.is_empty() {
                    targets.insert(target);
                }
            }
        }
        edges.insert(module.clone(), targets);
    }
    edges
}

fn name(module: &Module) -> String {
    module.join("::")
}

#[test]
fn areas_use_only_the_areas_beneath_them() {
    let all = modules();
    let mut wrong = Vec::new();
    for (module, targets) in edges(&all) {
        let Some(area) = module.first() else { continue };
        let rank = |a: &str| AREAS.iter().position(|x| *x == a);
        let Some(own) = rank(area) else {
            wrong.push(format!("{} is in no area of AREAS", name(&module)));
            continue;
        };
        for target in targets {
            match rank(&target[0]) {
                Some(other) if other <= own => {}
                _ => wrong.push(format!("{} uses {}", name(&module), name(&target))),
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "areas used from below (the order is AREAS):\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_modules_import_each_other_in_a_circle() {
    let all = modules();
    let edges = edges(&all);
    // Tarjan's strongly connected components.
    struct Walk<'a> {
        edges: &'a BTreeMap<Module, BTreeSet<Module>>,
        index: BTreeMap<Module, usize>,
        low: BTreeMap<Module, usize>,
        stack: Vec<Module>,
        on_stack: BTreeSet<Module>,
        next: usize,
        circles: Vec<Vec<Module>>,
    }
    impl Walk<'_> {
        fn visit(&mut self, v: &Module) {
            self.index.insert(v.clone(), self.next);
            self.low.insert(v.clone(), self.next);
            self.next += 1;
            self.stack.push(v.clone());
            self.on_stack.insert(v.clone());
            for w in self.edges.get(v).cloned().unwrap_or_default() {
                if !self.index.contains_key(&w) {
                    self.visit(&w);
                    let low = self.low[v].min(self.low[&w]);
                    self.low.insert(v.clone(), low);
                } else if self.on_stack.contains(&w) {
                    let low = self.low[v].min(self.index[&w]);
                    self.low.insert(v.clone(), low);
                }
            }
            if self.low[v] == self.index[v] {
                let mut circle = Vec::new();
                loop {
                    let w = self.stack.pop().unwrap();
                    self.on_stack.remove(&w);
                    let done = w == *v;
                    circle.push(w);
                    if done {
                        break;
                    }
                }
                if circle.len() > 1 {
                    self.circles.push(circle);
                }
            }
        }
    }
    let mut walk = Walk {
        edges: &edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        circles: Vec::new(),
    };
    for module in edges.keys() {
        if !walk.index.contains_key(module) {
            walk.visit(module);
        }
    }
    let circles: Vec<String> = walk
        .circles
        .iter()
        .map(|c| c.iter().map(name).collect::<Vec<_>>().join(" -> "))
        .collect();
    assert!(
        circles.is_empty(),
        "modules that import each other in a circle:\n{}",
        circles.join("\n")
    );
}

#[test]
fn no_services_file_is_too_long_to_hold_in_ones_head() {
    let long: Vec<String> = modules()
        .into_iter()
        .filter_map(|(module, file)| {
            let lines = std::fs::read_to_string(&file).unwrap().lines().count();
            (lines > MAX_LINES).then(|| format!("{} ({lines} lines)", name(&module)))
        })
        .collect();
    assert!(long.is_empty(), "over {MAX_LINES} lines: {}", long.join(", "));
}

#[test]
fn the_check_reads_uses_as_written() {
    let code = "use crate::backend::{customers, platform::audit::{self, AuditEntry}, now_ms};\n\
                use super::desk::detail;\nlet x = crate::backend::loyalty::points::earn(1);";
    let absolute = paths_after(code, "crate::backend::");
    assert!(absolute.contains(&vec!["customers".to_string()]), "{absolute:?}");
    assert!(
        absolute
            .iter()
            .any(|p| p.starts_with(&["platform".to_string(), "audit".into()])),
        "{absolute:?}"
    );
    assert!(
        absolute
            .iter()
            .any(|p| p.starts_with(&["loyalty".to_string(), "points".into()])),
        "{absolute:?}"
    );
    assert_eq!(
        paths_after(code, "super::"),
        vec![vec!["desk".to_string(), "detail".into()]]
    );
}
