//! The crate's module layers, written down as data and checked by a test.
//!
//! Each top-level module sits on one layer and imports only from its own layer or the
//! layers below it, never above, and the imports between top-level modules never form a
//! cycle (so two modules on one layer never import each other, directly or round about).
//!
//! | Layer | Modules | Job |
//! |---:|---|---|
//! | 0 | `hash`, `term`, `input`, `outfile`, `folds`, `markup`, `ellipsis`, `registry_layout`, `layers` | small utilities: hashing, terminal text, bounded reads, atomic writes, seeded folds, HTML and Markdown escaping, cutting text with an ellipsis, the registry's `NAME/vN` layout; this table |
//! | 1 | `article`, `corpus`, `features` | text: article extraction, labelled CSV corpora, featurising |
//! | 2 | `model` | the classifier: fitting, calibration, the model file |
//! | 3 | `eval` | metrics, cross-validation, tuning, comparisons |
//! | 4 | `registry` | numbered model versions on disk |
//! | 5 | `tone`, `corrections`, `pipeline`, `report`, `active`, `dataset`, `training_rows` | library workflows built on the above (`pipeline::analyse`: one article to its report) |
//! | 6 | `render` | output formats; computes nothing |
//! | 7 | `cli`, `main` | argument parsing (clap lives only here), walking inputs, printing |
//!
//! A lower module that needs something from a higher one gets it passed in (a value or a
//! function) instead of importing it.
//!
//! The test scans every `.rs` file under `src/` for paths that name a top-level module:
//! `crate::NAME…` (in `use` lines, grouped `use crate::{a, b::c}` lists and inline paths),
//! `super::…` chains that climb out of their top-level module, and `stance::NAME` in
//! `main.rs`. Comments and string literals are skipped.

/// Every top-level module (as `lib.rs` declares it, plus the binary's `main`) and its layer.
/// A module may import from modules on its own layer or a lower one.
pub const LAYERS: &[(&str, usize)] = &[
    ("hash", 0),
    ("term", 0),
    ("input", 0),
    ("outfile", 0),
    ("folds", 0),
    ("layers", 0),
    ("registry_layout", 0),
    ("markup", 0),
    ("ellipsis", 0),
    ("article", 1),
    ("corpus", 1),
    ("features", 1),
    ("model", 2),
    ("eval", 3),
    ("registry", 4),
    ("tone", 5),
    ("report", 5),
    ("active", 5),
    ("corrections", 5),
    ("dataset", 5),
    ("training_rows", 5),
    ("pipeline", 5),
    ("render", 6),
    ("cli", 7),
    ("main", 7),
];

#[cfg(test)]
mod tests {
    use super::LAYERS;
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::{Path, PathBuf};

    /// Imports allowed to break the layers while a move is under way: (file under src/,
    /// imported module, why). Empty: every module keeps to its layer. An entry that no
    /// longer matches an import fails the test, so none outlives its fix.
    const PENDING: &[(&str, &str, &str)] = &[];

    /// One path from a file to a top-level module.
    #[derive(Debug, Clone, PartialEq, Eq)]
    struct Import {
        /// 1-based line in the file.
        line: usize,
        /// The top-level name the path starts with (a module, or a `#[macro_export]` macro).
        name: String,
    }

    /// `text` with comments and the insides of string and character literals blanked to
    /// spaces, newlines kept, so lines still count and no `crate::` inside text is seen.
    fn code_only(text: &str) -> String {
        let c: Vec<char> = text.chars().collect();
        let mut out = String::with_capacity(text.len());
        let blank = |out: &mut String, ch: char| out.push(if ch == '\n' { '\n' } else { ' ' });
        let mut i = 0;
        while i < c.len() {
            if peek(&c, i) == '/' && peek(&c, i + 1) == '/' {
                while i < c.len() && c[i] != '\n' {
                    i += 1;
                }
            } else if peek(&c, i) == '/' && peek(&c, i + 1) == '*' {
                let mut depth = 0usize;
                while i < c.len() {
                    if c[i] == '/' && peek(&c, i + 1) == '*' {
                        depth += 1;
                        i += 2;
                        out.push_str("  ");
                    } else if c[i] == '*' && peek(&c, i + 1) == '/' {
                        depth -= 1;
                        i += 2;
                        out.push_str("  ");
                        if depth == 0 {
                            break;
                        }
                    } else {
                        blank(&mut out, c[i]);
                        i += 1;
                    }
                }
            } else if peek(&c, i) == '"' || (peek(&c, i) == 'b' && peek(&c, i + 1) == '"') {
                if peek(&c, i) == 'b' {
                    out.push(' ');
                    i += 1;
                }
                out.push('"');
                i += 1;
                while i < c.len() && c[i] != '"' {
                    if c[i] == '\\' {
                        blank(&mut out, c[i]);
                        i += 1;
                    }
                    if i < c.len() {
                        blank(&mut out, c[i]);
                        i += 1;
                    }
                }
                out.push('"');
                i += 1;
            } else if (peek(&c, i) == 'r' && (peek(&c, i + 1) == '"' || peek(&c, i + 1) == '#'))
                || (peek(&c, i) == 'b'
                    && peek(&c, i + 1) == 'r'
                    && (peek(&c, i + 2) == '"' || peek(&c, i + 2) == '#'))
            {
                // A raw string r#"…"# (or an identifier that starts with r or br).
                let start = i + if peek(&c, i) == 'b' { 2 } else { 1 };
                let hashes = c[start..].iter().take_while(|&&h| h == '#').count();
                let ident_before = i > 0 && (c[i - 1].is_alphanumeric() || c[i - 1] == '_');
                if ident_before || c.get(start + hashes) != Some(&'"') {
                    out.push(c[i]);
                    i += 1;
                    continue;
                }
                let close: Vec<char> = std::iter::once('"')
                    .chain(std::iter::repeat_n('#', hashes))
                    .collect();
                while i < start + hashes + 1 {
                    out.push(' ');
                    i += 1;
                }
                while i < c.len() && !c[i..].starts_with(&close) {
                    blank(&mut out, c[i]);
                    i += 1;
                }
                for _ in 0..close.len().min(c.len() - i) {
                    out.push(' ');
                    i += 1;
                }
            } else if peek(&c, i) == '\'' {
                // A character literal ('x', '\n', '\u{..}') or a lifetime ('a).
                let len = if peek(&c, i + 1) == '\\' {
                    c[i + 1..].iter().position(|&ch| ch == '\'').map(|p| p + 2)
                } else if peek(&c, i + 2) == '\'' {
                    Some(3)
                } else {
                    None
                };
                match len {
                    Some(n) => {
                        for _ in 0..n.min(c.len() - i) {
                            out.push(' ');
                            i += 1;
                        }
                    }
                    None => {
                        out.push('\'');
                        i += 1;
                    }
                }
            } else {
                out.push(c[i]);
                i += 1;
            }
        }
        out
    }

    /// The character at `i`, or NUL past the end.
    fn peek(c: &[char], i: usize) -> char {
        c.get(i).copied().unwrap_or('\0')
    }

    fn is_ident(ch: char) -> bool {
        ch.is_alphanumeric() || ch == '_'
    }

    /// The identifier starting at byte `at` of `s` (after spaces), or "" if none.
    fn ident_at(s: &str, at: usize) -> &str {
        let rest = s[at..].trim_start();
        let end = rest.find(|ch: char| !is_ident(ch)).unwrap_or(rest.len());
        &rest[..end]
    }

    /// The first names of a grouped list starting just after its `{` at byte `at`:
    /// `a, b::c, d::{e, f}` gives a, b, d.
    fn group_heads(s: &str, at: usize) -> Vec<String> {
        let mut heads = Vec::new();
        let mut depth = 0usize;
        let mut item_start = true;
        let mut i = at;
        while i < s.len() {
            let ch = s[i..].chars().next().unwrap_or(' ');
            match ch {
                '{' => depth += 1,
                '}' if depth == 0 => break,
                '}' => depth -= 1,
                ',' if depth == 0 => item_start = true,
                c if item_start && (is_ident(c) || c == '*') => {
                    let name = if c == '*' { "*" } else { ident_at(s, i) };
                    heads.push(name.to_string());
                    item_start = false;
                    i += name.len();
                    continue;
                }
                _ => {}
            }
            i += ch.len_utf8();
        }
        heads
    }

    /// The names at the start of the path that begins at byte `at` (just after `crate::` or
    /// the escaping `super::`s): one name, or a grouped list's heads, or `*` for a glob.
    fn heads_at(s: &str, at: usize) -> Vec<String> {
        let rest = s[at..].trim_start();
        let at = s.len() - rest.len();
        if rest.starts_with('{') {
            group_heads(s, at + 1)
        } else if rest.starts_with('*') {
            vec!["*".to_string()]
        } else {
            vec![ident_at(s, at).to_string()]
        }
    }

    /// The paths in one file's source that leave its top-level module. `depth` is how deep
    /// the file's module is (1 for `src/x.rs` and `src/x/mod.rs`, 2 for `src/x/y.rs`);
    /// `root` is the crate-root prefix besides `crate` (`stance` in `main.rs`).
    fn imports(source: &str, depth: usize, root: Option<&str>) -> Vec<Import> {
        let code = code_only(source);
        let line_of = |pos: usize| code[..pos].matches('\n').count() + 1;
        let mut found = Vec::new();
        let mut push = |pos: usize, names: Vec<String>| {
            for name in names {
                found.push(Import {
                    line: line_of(pos),
                    name,
                });
            }
        };
        // Inline `mod name { … }` blocks, by the brace depth they close at.
        let mut braces = 0usize;
        let mut open_mods: Vec<usize> = Vec::new();
        let bytes = code.as_bytes();
        let mut i = 0;
        while i < code.len() {
            if !code.is_char_boundary(i) {
                i += 1;
                continue;
            }
            let b = bytes[i];
            let starts_word = i == 0 || !(is_ident(bytes[i - 1] as char) || bytes[i - 1] == b'$');
            let dollar = i > 0 && bytes[i - 1] == b'$';
            if b == b'{' {
                braces += 1;
            } else if b == b'}' {
                braces = braces.saturating_sub(1);
                if open_mods.last() == Some(&braces) {
                    open_mods.pop();
                }
            } else if starts_word && code[i..].starts_with("mod ") {
                let name = ident_at(&code, i + 4);
                let after = code[i + 4..].trim_start()[name.len()..].trim_start();
                if !name.is_empty() && after.starts_with('{') {
                    open_mods.push(braces);
                }
            } else if (starts_word || dollar) && code[i..].starts_with("crate::") {
                push(i, heads_at(&code, i + "crate::".len()));
                i += "crate::".len();
                continue;
            } else if let Some(prefix) = root.filter(|r| {
                starts_word && code[i..].starts_with(r) && code[i + r.len()..].starts_with("::")
            }) {
                push(i, heads_at(&code, i + prefix.len() + 2));
                i += prefix.len() + 2;
                continue;
            } else if starts_word && code[i..].starts_with("super::") {
                let preceded_by_path = code[..i].trim_end().ends_with("::");
                let mut n = 0;
                let mut j = i;
                while code[j..].starts_with("super::") {
                    n += 1;
                    j += "super::".len();
                    j += code[j..].len() - code[j..].trim_start().len();
                }
                // `super` n times from a module `depth + inline` deep reaches the crate root
                // when n equals that depth; the next name is then a top-level module.
                if !preceded_by_path && n >= depth + open_mods.len() {
                    push(i, heads_at(&code, j));
                }
                i = j;
                continue;
            }
            i += 1;
        }
        found
    }

    /// `src/a/b.rs` → ("a", 2); `src/a/mod.rs` and `src/a.rs` → ("a", 1).
    fn module_of(rel: &Path) -> (String, usize) {
        let parts: Vec<String> = rel
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        let top = parts[0].trim_end_matches(".rs").to_string();
        let last_is_mod = parts.last().is_some_and(|p| p == "mod.rs");
        let depth = parts.len() - usize::from(last_is_mod && parts.len() > 1);
        (top, depth.max(1))
    }

    fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.expect("directory entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                rust_files(&path, out);
            } else if path.extension().is_some_and(|x| x == "rs") {
                out.push(path);
            }
        }
    }

    /// `#[macro_export]` macros live at the crate root; map each to its file's module.
    fn exported_macros(source: &str, module: &str, out: &mut BTreeMap<String, String>) {
        let code = code_only(source);
        for (at, _) in code.match_indices("#[macro_export]") {
            if let Some(pos) = code[at..].find("macro_rules!") {
                let name = ident_at(&code, at + pos + "macro_rules!".len());
                out.insert(name.to_string(), module.to_string());
            }
        }
    }

    /// Cycles among `edges` (module → modules it imports), each listed once, from the
    /// smallest name.
    fn cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
        fn walk(
            edges: &BTreeMap<String, BTreeSet<String>>,
            start: &str,
            path: &mut Vec<String>,
            out: &mut Vec<Vec<String>>,
        ) {
            let here = path.last().cloned().unwrap_or_default();
            for next in edges.get(&here).into_iter().flatten() {
                if next == start {
                    out.push(path.clone());
                } else if next.as_str() > start && !path.contains(next) {
                    path.push(next.clone());
                    walk(edges, start, path, out);
                    path.pop();
                }
            }
        }
        let mut out = Vec::new();
        for start in edges.keys() {
            walk(edges, start, &mut vec![start.clone()], &mut out);
        }
        out
    }

    #[test]
    fn modules_import_only_their_own_layer_or_below_and_form_no_cycle() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let layer: BTreeMap<&str, usize> = LAYERS.iter().copied().collect();
        let mut problems = Vec::new();

        // The table names exactly the modules lib.rs declares, plus the binary.
        let lib = std::fs::read_to_string(src.join("lib.rs")).expect("src/lib.rs");
        let mut declared: BTreeSet<String> = code_only(&lib)
            .lines()
            .filter_map(|l| {
                let l = l.trim();
                let l = l.strip_prefix("pub ").unwrap_or(l);
                l.strip_prefix("mod ")?
                    .strip_suffix(';')
                    .map(str::to_string)
            })
            .collect();
        declared.insert("main".to_string());
        let listed: BTreeSet<String> = layer.keys().map(|k| k.to_string()).collect();
        if declared != listed {
            problems.push(format!(
                "LAYERS lists {listed:?} but lib.rs declares {declared:?} (plus main): give every module a layer"
            ));
        }

        let mut files = Vec::new();
        rust_files(&src, &mut files);
        let sources: Vec<(String, String, usize, String)> = files
            .iter()
            .filter(|f| f.file_name().is_some_and(|n| n != "lib.rs"))
            .map(|f| {
                let rel = f.strip_prefix(&src).expect("under src");
                let (module, depth) = module_of(rel);
                let text = std::fs::read_to_string(f).expect("readable source");
                (rel.display().to_string(), module, depth, text)
            })
            .collect();
        let mut macros = BTreeMap::new();
        for (_, module, _, text) in &sources {
            exported_macros(text, module, &mut macros);
        }

        let mut used_pending = BTreeSet::new();
        // module → imported module → the first place it happens.
        let mut edges: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        for (rel, module, depth, text) in &sources {
            let root = (module == "main").then_some("stance");
            for import in imports(text, *depth, root) {
                let place = format!("src/{rel}:{}", import.line);
                let target = match macros.get(&import.name) {
                    Some(m) => m.clone(),
                    None => import.name.clone(),
                };
                if target == *module {
                    continue;
                }
                let (Some(&from), Some(&to)) = (layer.get(module.as_str()), layer.get(&*target))
                else {
                    problems.push(format!(
                        "{place}: {module} names {:?}, which is not a module with a layer in LAYERS",
                        import.name
                    ));
                    continue;
                };
                if let Some(p) = PENDING
                    .iter()
                    .position(|&(f, m, _)| f == rel.as_str() && m == target)
                {
                    used_pending.insert(p);
                    continue;
                }
                if to > from {
                    problems.push(format!(
                        "{place}: {module} (layer {from}) imports {target} (layer {to}), a higher layer"
                    ));
                }
                edges
                    .entry(module.clone())
                    .or_default()
                    .entry(target)
                    .or_insert(place);
            }
        }
        let graph: BTreeMap<String, BTreeSet<String>> = edges
            .iter()
            .map(|(m, to)| (m.clone(), to.keys().cloned().collect()))
            .collect();
        for cycle in cycles(&graph) {
            let steps: Vec<String> = cycle
                .iter()
                .zip(cycle.iter().cycle().skip(1))
                .map(|(a, b)| format!("{a} → {b} at {}", edges[a][b]))
                .collect();
            problems.push(format!("import cycle: {}", steps.join(", ")));
        }
        for (i, (file, module, who)) in PENDING.iter().enumerate() {
            if !used_pending.contains(&i) {
                problems.push(format!(
                    "PENDING entry src/{file} → {module} ({who}) matches no import any more; remove it"
                ));
            }
        }
        assert!(
            problems.is_empty(),
            "module layers broken (see src/layers.rs):\n{}",
            problems.join("\n")
        );
    }

    fn names(found: &[Import]) -> Vec<(usize, &str)> {
        found.iter().map(|i| (i.line, i.name.as_str())).collect()
    }

    #[test]
    fn finds_use_lines_groups_inline_paths_and_macros() {
        let src = "use crate::eval::cv;\n\
                   use crate::{model, registry::md_escape, features::{a, b}};\n\
                   fn f() { let x = crate::eval::cv::stratified_folds(y); }\n\
                   macro_rules! m { () => { $crate::term::clean() } }\n";
        assert_eq!(
            names(&imports(src, 2, None)),
            [
                (1, "eval"),
                (2, "model"),
                (2, "registry"),
                (2, "features"),
                (3, "eval"),
                (4, "term")
            ]
        );
        assert_eq!(
            names(&imports(
                "fn main() { stance::cli::run(); }",
                1,
                Some("stance")
            )),
            [(1, "cli")]
        );
    }

    #[test]
    fn skips_comments_strings_and_chars() {
        let src = "// use crate::eval;\n/* crate::model /* nested */ crate::x */\n\
                   let s = \"crate::registry\"; let r = r#\"crate::render \"x\" \"#;\n\
                   let c = '\"'; let d = '{'; fn g<'a>(x: &'a str) { crate::tone::f() }\n";
        assert_eq!(names(&imports(src, 1, None)), [(4, "tone")]);
    }

    #[test]
    fn super_counts_only_when_it_leaves_the_top_module() {
        // In src/eval/compare.rs (depth 2): super:: is eval, super::super:: the crate root.
        let src = "use super::metrics;\nuse super::super::registry::x;\n\
                   mod tests {\n    use super::*;\n    use super::super::super::{render, eval};\n}\n\
                   use super::super::model;\n";
        assert_eq!(
            names(&imports(src, 2, None)),
            [(2, "registry"), (5, "render"), (5, "eval"), (7, "model")]
        );
        // src/corpus.rs (depth 1): a test module's `super::*` is corpus itself.
        assert!(imports("mod tests {\n    use super::*;\n}\n", 1, None).is_empty());
        assert_eq!(
            names(&imports("use super::features;\n", 1, None)),
            [(1, "features")]
        );
    }

    #[test]
    fn module_depths() {
        assert_eq!(module_of(Path::new("corpus.rs")), ("corpus".into(), 1));
        assert_eq!(module_of(Path::new("eval/mod.rs")), ("eval".into(), 1));
        assert_eq!(module_of(Path::new("eval/compare.rs")), ("eval".into(), 2));
        assert_eq!(module_of(Path::new("a/b/mod.rs")), ("a".into(), 2));
    }

    #[test]
    fn finds_cycles() {
        let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut edge = |a: &str, b: &str| {
            g.entry(a.into()).or_default().insert(b.into());
        };
        edge("eval", "registry");
        edge("registry", "eval");
        edge("model", "features");
        edge("a", "b");
        edge("b", "c");
        edge("c", "a");
        assert_eq!(
            cycles(&g),
            [
                vec!["a".to_string(), "b".into(), "c".into()],
                vec!["eval".to_string(), "registry".into()]
            ]
        );
    }
}
