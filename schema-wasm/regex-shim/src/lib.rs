//! `regex` as the browser build sees it: the API its dependents call, over JavaScript's RegExp in
//! WebAssembly and over regex-lite on the host. Verdict parity with the service (which uses the
//! real `regex`) is checked on every shared vector by scripts/wasm-parity.sh.

use std::fmt;

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

// On the host the schema macro checks the patterns at build time, and the tests run.
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
    compiled: engine::Compiled,
}

impl Regex {
    pub fn new(pattern: &str) -> Result<Self, Error> {
        RegexBuilder::new(pattern).build()
    }

    pub fn is_match(&self, text: &str) -> bool {
        engine::is_match(&self.compiled, text)
    }

    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    pub fn captures(&self, text: &str) -> Option<Captures> {
        engine::captures(&self.compiled, text).map(Captures)
    }
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
        let compiled = engine::compile(&self.pattern).map_err(Error)?;
        Ok(Regex {
            pattern: self.pattern.clone(),
            compiled,
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
