//! Helper processes the tests start: each announces where it listens on its first line of stdout.

use tokio::io::AsyncBufReadExt;
use tokio::process::{Child, Command};

/// Starts `command` (killed when the child is dropped) and reads the line it announces itself with.
pub async fn spawn_announced(mut command: Command) -> (Child, String) {
    let mut child = command
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|error| panic!("{command:?} starts: {error}"));
    let stdout = child.stdout.take().expect("stdout is piped");
    let line = tokio::io::BufReader::new(stdout)
        .lines()
        .next_line()
        .await
        .expect("stdout readable")
        .unwrap_or_else(|| panic!("{command:?} announces itself"));
    (child, line)
}
