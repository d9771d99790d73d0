//! Link settings for a Node addon, only when the addon is being built.
fn main() {
    if std::env::var_os("CARGO_FEATURE_NODE").is_some() {
        napi_build::setup();
    }
}
