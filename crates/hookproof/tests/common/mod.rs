//! Where the repository's shared files are, for the tests that read them.

use std::path::PathBuf;

/// `path` under the repository root (the shared vectors, the docs), or
/// `None` in the crate as published: a crate cannot carry files from outside
/// its own directory, so there these tests skip and say why. Inside the
/// repository a missing file is a failure, never a skip.
pub fn repo_file(path: &str) -> Option<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    if !root.join("crates/hookproof/Cargo.toml").is_file() {
        eprintln!("skipped: {path} lives in the hookproof repository, not in the published crate");
        return None;
    }
    let file = root.join(path);
    assert!(
        file.exists(),
        "{} is missing from the repository",
        file.display()
    );
    Some(file)
}
