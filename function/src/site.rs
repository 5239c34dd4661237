//! The demo front end `make run` serves next to the API: `/` and its files from the demo directory,
//! `/pkg/...` from the wasm npm package, and `/validator-build.json`, the state of the package's
//! build that `make run` starts when it is missing. Local server only; the Lambda serves the API alone.

use std::path::{Path, PathBuf};

use http::{HeaderName, HeaderValue, Method, header};

#[derive(Debug, Clone)]
pub struct Site {
    pub demo_dir: PathBuf,
    pub pkg_dir: PathBuf,
    /// `{"state": "building" | "failed", "reason"?}`, written by `scripts/run.sh`.
    pub build_state: PathBuf,
}

/// A file of the site, ready to send.
pub struct StaticFile {
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

impl Site {
    /// The file `path` names, or `None` (then the router answers, e.g. 404).
    pub async fn file(&self, method: &Method, path: &str) -> Option<StaticFile> {
        if method != Method::GET && method != Method::HEAD {
            return None;
        }
        let location = self.locate(path)?;
        let bytes = tokio::fs::read(&location).await.ok()?;
        Some(StaticFile {
            content_type: content_type(&location),
            bytes,
        })
    }

    fn locate(&self, path: &str) -> Option<PathBuf> {
        if path == "/validator-build.json" {
            return Some(self.build_state.clone());
        }
        let (root, rest) = match path {
            "/" => (&self.demo_dir, "index.html"),
            _ => match path.strip_prefix("/pkg/") {
                Some(rest) => (&self.pkg_dir, rest),
                None => (&self.demo_dir, path.strip_prefix('/')?),
            },
        };
        let safe = rest.split('/').all(|segment| {
            !segment.is_empty()
                && segment != "."
                && segment != ".."
                && !segment.contains(['\\', '\0'])
        });
        safe.then(|| root.join(rest))
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|ext| ext.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json") => "application/json",
        Some("wasm") => "application/wasm",
        Some("ts") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

impl StaticFile {
    pub fn headers(&self) -> Vec<(HeaderName, HeaderValue)> {
        vec![
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(self.content_type),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_site() {
        let site = Site {
            demo_dir: "/demo".into(),
            pkg_dir: "/pkg".into(),
            build_state: "/target/state.json".into(),
        };
        assert_eq!(
            site.locate("/validator-build.json"),
            Some("/target/state.json".into())
        );
        assert_eq!(site.locate("/"), Some("/demo/index.html".into()));
        assert_eq!(
            site.locate("/pkg/web/x.wasm"),
            Some("/pkg/web/x.wasm".into())
        );
        assert_eq!(site.locate("/app.js"), Some("/demo/app.js".into()));
        for hostile in [
            "/../etc/passwd",
            "/pkg/../../etc/passwd",
            "/a//b",
            "/pkg/",
            "/a\\b",
            "/./x",
        ] {
            assert_eq!(site.locate(hostile), None, "{hostile}");
        }
    }
}
