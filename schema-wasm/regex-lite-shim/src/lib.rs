//! `regex` as the browser build sees it: regex-lite behind the API its dependents call.
//! Verdict parity with the service (which uses the real `regex`) is checked by scripts/wasm-parity.sh.

pub use regex_lite::{Error, Regex};

/// `regex::RegexBuilder`, minus the lazy DFA that regex-lite does not have.
#[derive(Debug)]
pub struct RegexBuilder(regex_lite::RegexBuilder);

impl RegexBuilder {
    pub fn new(pattern: &str) -> Self {
        Self(regex_lite::RegexBuilder::new(pattern))
    }

    pub fn size_limit(&mut self, bytes: usize) -> &mut Self {
        self.0.size_limit(bytes);
        self
    }

    /// Accepted for API compatibility: regex-lite builds no DFA, so there is nothing to limit.
    pub fn dfa_size_limit(&mut self, _bytes: usize) -> &mut Self {
        self
    }

    pub fn build(&self) -> Result<Regex, Error> {
        self.0.build()
    }
}
