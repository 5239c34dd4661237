//! Loader for the shared test vectors in `schema/tests/vectors/` (format: see the README there).

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

/// The vectors directory, wherever the caller's crate is built from.
pub fn directory() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors")
}

#[derive(Debug, Clone, Deserialize)]
pub struct Vector {
    #[serde(skip)]
    pub name: String,
    pub description: String,
    #[serde(default)]
    document: Option<Value>,
    #[serde(default)]
    raw: Option<String>,
    pub valid: bool,
    pub violations: Vec<ExpectedViolation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
pub struct ExpectedViolation {
    pub pointer: String,
    pub code: String,
}

impl Vector {
    /// The bytes a client sends: `raw` as is, or `document` serialized.
    pub fn body(&self) -> Vec<u8> {
        match (&self.raw, &self.document) {
            (Some(raw), _) => raw.clone().into_bytes(),
            (None, document) => serde_json::to_vec(&document.clone().unwrap_or(Value::Null))
                .expect("a JSON value serializes"),
        }
    }

    /// The document when the vector has one (not for `raw` vectors).
    pub fn document(&self) -> Option<&Value> {
        self.raw
            .is_none()
            .then_some(self.document.as_ref().unwrap_or(&Value::Null))
    }
}

/// Every vector, sorted by file name.
pub fn load_all() -> Vec<Vector> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(directory())
        .expect("the vectors directory exists")
        .map(|entry| entry.expect("a readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    paths.sort();
    paths.iter().map(|path| load(path)).collect()
}

fn load(path: &Path) -> Vector {
    let text = std::fs::read_to_string(path).expect("a readable vector");
    let mut vector: Vector = serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("{}: not a vector: {error}", path.display()));
    vector.name = path
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    vector
}
