//! `hookproof._native`: the pyo3 binding. It translates Python values to the
//! core's types and the core's errors to `hookproof.errors`; every rule lives
//! in the `hookproof` crate.
//!
//! Built only with the `python` feature (maturin turns it on), so `cargo test
//! --workspace` needs no Python.
#![cfg(feature = "python")]

mod containers;
mod errors;
mod fetched;
mod headers;
mod http;
mod inputs;
mod memory_dedup;
mod oneshot;
mod scheme;
mod secret;
mod verified;
mod webhook;

use pyo3::prelude::*;

/// Preset scheme names, in the order `hookproof schemes` lists them.
#[pyfunction]
fn schemes() -> Vec<&'static str> {
    hookproof::presets::names().collect()
}

/// One-line descriptions of the presets, by name.
#[pyfunction]
fn scheme_descriptions() -> PyResult<Vec<(&'static str, String)>> {
    hookproof::presets::names()
        .map(|name| {
            let scheme = hookproof::presets::get(name).map_err(errors::config_error)?;
            Ok((name, scheme.description().to_owned()))
        })
        .collect()
}

/// The log line of a rejected delivery (the integrations' one format).
#[pyfunction]
#[pyo3(signature = (code, scheme, delivery = None, client = None))]
fn rejection_line(
    code: &str,
    scheme: &str,
    delivery: Option<&str>,
    client: Option<&str>,
) -> String {
    hookproof::rejection_line(code, scheme, delivery, client)
}

/// The integrations' rule for a delivery without a dedup key while a store
/// is set: `(refuse, warning line)` (see `hookproof::dedup::without_key`).
#[pyfunction]
#[pyo3(signature = (scheme, dedup_header, require, delivery = None, client = None))]
fn dedup_without_key(
    scheme: &str,
    dedup_header: Option<&str>,
    require: bool,
    delivery: Option<&str>,
    client: Option<&str>,
) -> (bool, String) {
    let answer = hookproof::dedup::without_key(scheme, dedup_header, require, delivery, client);
    (answer.refuse, answer.line)
}

/// `PostgresDedup`'s statements for `table`, by name (see
/// `hookproof::dedup::postgres_sql`); ValueError for a name that would need quoting.
#[pyfunction]
fn dedup_postgres_sql(table: &str) -> PyResult<std::collections::HashMap<&'static str, String>> {
    let sql = hookproof::dedup::postgres_sql(table).ok_or_else(|| {
        pyo3::exceptions::PyValueError::new_err(
            "table must be a plain lower-case SQL identifier (letters, digits, _; at most 63)",
        )
    })?;
    Ok(hookproof::dedup::POSTGRES_STATEMENTS
        .into_iter()
        .zip(sql)
        .collect())
}

/// Runs the `hookproof` command line (`argv[0]` is the program name) and
/// returns its exit code; `python -m hookproof` and the console script call
/// it. The command reads stdin and writes stdout itself, without the GIL.
#[pyfunction]
fn cli(py: Python<'_>, argv: Vec<std::ffi::OsString>) -> u8 {
    py.detach(|| hookproof_cli::run(argv))
}

#[pymodule(gil_used = false)]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    // The workspace's one version, which the wheel's metadata also carries
    // (maturin reads it from Cargo.toml): `hookproof.__version__`.
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<webhook::PyWebhook>()?;
    m.add_class::<verified::PyVerified>()?;
    m.add_class::<scheme::PyScheme>()?;
    m.add_class::<secret::PySecret>()?;
    m.add_class::<memory_dedup::PyMemoryDedup>()?;
    http::register(m)?;
    m.add_function(wrap_pyfunction!(oneshot::verify, m)?)?;
    m.add_function(wrap_pyfunction!(oneshot::sign, m)?)?;
    m.add_function(wrap_pyfunction!(oneshot::explain, m)?)?;
    m.add_function(wrap_pyfunction!(oneshot::identify, m)?)?;
    m.add_function(wrap_pyfunction!(schemes, m)?)?;
    m.add_function(wrap_pyfunction!(fetched::plaid_key_endpoint, m)?)?;
    m.add_function(wrap_pyfunction!(fetched::plaid_key_request, m)?)?;
    m.add_function(wrap_pyfunction!(cli, m)?)?;
    m.add_function(wrap_pyfunction!(rejection_line, m)?)?;
    m.add_function(wrap_pyfunction!(dedup_without_key, m)?)?;
    m.add_function(wrap_pyfunction!(dedup_postgres_sql, m)?)?;
    m.add_function(wrap_pyfunction!(scheme_descriptions, m)?)?;
    m.add_function(wrap_pyfunction!(webhook::fetch_failed_error, m)?)?;
    m.add("MAX_KEY_DOCUMENT", hookproof::MAX_KEY_DOCUMENT)?;
    m.add("GIL_RELEASE_THRESHOLD", webhook::GIL_RELEASE_THRESHOLD)?;
    m.add("DEDUP_LUA_CLAIM", hookproof::dedup::LUA_CLAIM)?;
    m.add("DEDUP_LUA_COMPLETE", hookproof::dedup::LUA_COMPLETE)?;
    m.add("DEDUP_LUA_RELEASE", hookproof::dedup::LUA_RELEASE)?;
    Ok(())
}
