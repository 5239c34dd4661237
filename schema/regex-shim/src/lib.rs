//! `regex` as every build of the schema sees it: the part of its API that jsonschema and validator
//! call. The schema's own patterns are matched by DFAs that build.rs compiled with regex-automata,
//! the engine under `regex`; any other pattern by JavaScript's RegExp in WebAssembly and by
//! regex-lite elsewhere. scripts/wasm-parity.sh compares the Lambda's and the browser's verdicts on
//! every shared vector.

use std::{fmt, sync::OnceLock};

use regex_automata::{
    Anchored,
    dfa::{Automaton, dense},
    util::start,
};

/// A DFA serialized by build.rs, aligned as `dense::DFA::from_bytes` requires.
#[repr(C)]
struct Aligned<B: ?Sized> {
    _align: [u32; 0],
    bytes: B,
}

/// `(pattern, serialized DFA)` for every pattern in the schema.
static PRECOMPILED: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/precompiled.rs"));

type Dfa = dense::DFA<&'static [u32]>;

fn precompiled(pattern: &str) -> Option<Dfa> {
    let (_, bytes) = PRECOMPILED.iter().find(|(known, _)| *known == pattern)?;
    let (dfa, _) = dense::DFA::from_bytes(bytes).expect("build.rs serialized a valid DFA");
    Some(dfa)
}

#[cfg(target_arch = "wasm32")]
mod engine {
    use std::cell::RefCell;

    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_name = RegExp)]
        type JsRegExp;
        #[wasm_bindgen(constructor, js_class = "RegExp", catch)]
        fn new(pattern: &str) -> Result<JsRegExp, JsValue>;
        #[wasm_bindgen(method)]
        fn test(this: &JsRegExp, text: &str) -> bool;
        #[wasm_bindgen(method)]
        fn exec(this: &JsRegExp, text: &str) -> Option<Vec<JsValue>>;
    }

    thread_local! {
        // JavaScript objects cannot live in a `static` (they are not Sync), and the schema keeps its
        // patterns in statics: those hold an index into this list, so a match needs no lookup.
        static COMPILED: RefCell<Vec<JsRegExp>> = const { RefCell::new(Vec::new()) };
    }

    /// A pattern compiled once, as a JavaScript RegExp.
    #[derive(Clone, Debug)]
    pub(crate) struct Compiled(usize);

    pub(crate) fn compile(pattern: &str) -> Result<Compiled, String> {
        let regexp = JsRegExp::new(pattern).map_err(|error| {
            error
                .as_string()
                .unwrap_or_else(|| "invalid pattern".into())
        })?;
        COMPILED.with(|compiled| {
            let mut compiled = compiled.borrow_mut();
            compiled.push(regexp);
            Ok(Compiled(compiled.len() - 1))
        })
    }

    pub(crate) fn is_match(regex: &Compiled, text: &str) -> bool {
        COMPILED.with(|compiled| compiled.borrow()[regex.0].test(text))
    }

    pub(crate) fn captures(regex: &Compiled, text: &str) -> Option<Vec<Option<String>>> {
        let groups = COMPILED.with(|compiled| compiled.borrow()[regex.0].exec(text))?;
        Some(groups.iter().map(JsValue::as_string).collect())
    }
}

// Everywhere else: the service, the schema macro (it checks the patterns at build time), the tests.
#[cfg(not(target_arch = "wasm32"))]
mod engine {
    pub(crate) type Compiled = regex_lite::Regex;

    pub(crate) fn compile(pattern: &str) -> Result<Compiled, String> {
        regex_lite::Regex::new(pattern).map_err(|error| error.to_string())
    }

    pub(crate) fn is_match(regex: &Compiled, text: &str) -> bool {
        regex.is_match(text)
    }

    pub(crate) fn captures(regex: &Compiled, text: &str) -> Option<Vec<Option<String>>> {
        let found = regex.captures(text)?;
        Some(
            found
                .iter()
                .map(|group| group.map(|g| g.as_str().to_owned()))
                .collect(),
        )
    }
}

/// A pattern the engine accepted.
#[derive(Clone, Debug)]
pub struct Regex {
    pattern: String,
    dfa: Option<Dfa>,
    /// Compiled at once for a pattern without a DFA, else on first need (only `captures` has one).
    engine: OnceLock<Option<engine::Compiled>>,
}

impl Regex {
    pub fn new(pattern: &str) -> Result<Self, Error> {
        RegexBuilder::new(pattern).build()
    }

    pub fn is_match(&self, text: &str) -> bool {
        match self.dfa.as_ref().and_then(|dfa| dfa_is_match(dfa, text)) {
            Some(found) => found,
            // No DFA, or it gave up: only a DFA with quit bytes does, and build.rs sets none.
            None => self
                .engine()
                .is_some_and(|engine| engine::is_match(engine, text)),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    pub fn captures(&self, text: &str) -> Option<Captures> {
        engine::captures(self.engine()?, text).map(Captures)
    }

    fn engine(&self) -> Option<&engine::Compiled> {
        self.engine
            .get_or_init(|| engine::compile(&self.pattern).ok())
            .as_ref()
    }
}

/// Whether `dfa` matches anywhere in `text`, stopping at the first match; `None` if it gave up.
/// A plain loop over the transitions instead of regex-automata's general search: about as fast for
/// the short strings a record holds (measured within 2 % either way), and 4.4 KB less gzipped wasm.
fn dfa_is_match(dfa: &Dfa, text: &str) -> Option<bool> {
    // No look-behind byte: the search starts at the start of the text, where `^` holds.
    let mut state = dfa
        .start_state(&start::Config::new().anchored(Anchored::No))
        .ok()?;
    for &byte in text.as_bytes() {
        state = dfa.next_state(state, byte);
        if dfa.is_special_state(state) {
            if dfa.is_match_state(state) {
                return Some(true);
            }
            if dfa.is_dead_state(state) {
                return Some(false);
            }
            if dfa.is_quit_state(state) {
                return None;
            }
        }
    }
    Some(dfa.is_match_state(dfa.next_eoi_state(state)))
}

/// The groups of one match: group 0 is the whole match.
#[derive(Debug)]
pub struct Captures(Vec<Option<String>>);

impl Captures {
    pub fn get(&self, group: usize) -> Option<Match<'_>> {
        self.0.get(group)?.as_deref().map(Match)
    }
}

#[derive(Debug)]
pub struct Match<'t>(&'t str);

impl<'t> Match<'t> {
    pub fn as_str(&self) -> &'t str {
        self.0
    }
}

/// `regex::RegexBuilder`; the size limits belong to regex's own engines and have nothing to limit here.
#[derive(Debug)]
pub struct RegexBuilder {
    pattern: String,
}

impl RegexBuilder {
    pub fn new(pattern: &str) -> Self {
        Self {
            pattern: pattern.to_owned(),
        }
    }

    pub fn size_limit(&mut self, _bytes: usize) -> &mut Self {
        self
    }

    pub fn dfa_size_limit(&mut self, _bytes: usize) -> &mut Self {
        self
    }

    pub fn build(&self) -> Result<Regex, Error> {
        let dfa = precompiled(&self.pattern);
        let engine = match dfa {
            Some(_) => OnceLock::new(),
            None => OnceLock::from(Some(engine::compile(&self.pattern).map_err(Error)?)),
        };
        Ok(Regex {
            pattern: self.pattern.clone(),
            dfa,
            engine,
        })
    }
}

#[derive(Clone, Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "invalid pattern: {}", self.0)
    }
}

impl std::error::Error for Error {}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    const SAMPLES: &[&str] = &[
        "",
        "cb4e0e60-9c23-11e8-af29-8a060cb55967",
        "CB4E0E60-9C23-11E8-AF29-8A060CB55967",
        "cb4e0e60-9c23-11e8-af29-8a060cb55967\n",
        "\ncb4e0e60-9c23-11e8-af29-8a060cb55967",
        "2018-08-09 22:30:18.347888",
        "2018-08-09 22:30:18",
        "2018-08-09T22:30:18.347Z",
        "2018-08-09t22:30:18+02:00",
        "2018-13-09 22:30:18",
        "2018-08-09 24:00:00",
        "2018-08-09 22:30:18.3478",
        "٢٠١٨-08-09 22:30:18",
        "２０１８-08-09 22:30:18",
    ];

    #[test]
    fn every_schema_pattern_has_a_dfa_that_agrees_with_regex_lite() {
        assert!(!PRECOMPILED.is_empty());
        for (pattern, _) in PRECOMPILED {
            let regex = Regex::new(pattern).unwrap();
            assert!(regex.dfa.is_some(), "{pattern}");
            let reference = regex_lite::Regex::new(pattern).unwrap();
            for sample in SAMPLES {
                assert_eq!(
                    regex.is_match(sample),
                    reference.is_match(sample),
                    "{pattern} on {sample:?}"
                );
            }
        }
    }

    #[test]
    fn other_patterns_go_to_the_fallback_engine() {
        let regex = Regex::new("^a+$").unwrap();
        assert!(regex.dfa.is_none());
        assert!(regex.is_match("aaa") && !regex.is_match("ab"));
        let unclosed_group = String::from("(");
        assert!(Regex::new(&unclosed_group).is_err());
    }
}
