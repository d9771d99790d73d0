//! `hookproof.MemoryDedup`: the core's in-process store, with times in
//! seconds as Python counts them and the process's monotonic clock.

use std::sync::OnceLock;
use std::time::Instant;

use hookproof::dedup::MemoryDedup;
use pyo3::prelude::*;

use crate::errors::{config_error, configuration};

/// Milliseconds on a monotonic clock (from the first call in the process).
pub fn monotonic_ms() -> f64 {
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_secs_f64() * 1000.0
}

/// An in-process store: for one process (each gunicorn worker keeps its
/// own; use `RedisDedup` to share). Claims expire after `lease` seconds,
/// completed keys are kept for `ttl` seconds, and at most `max_entries`
/// keys are kept, the least recently claimed forgotten first. Thread-safe.
#[pyclass(module = "hookproof", name = "MemoryDedup", frozen)]
pub struct PyMemoryDedup {
    inner: MemoryDedup,
    #[pyo3(get)]
    max_entries: usize,
}

#[pymethods]
impl PyMemoryDedup {
    #[new]
    #[pyo3(signature = (*, lease = 60.0, ttl = 259_200.0, max_entries = 100_000))]
    fn new(lease: f64, ttl: f64, max_entries: i64) -> PyResult<Self> {
        let bound = usize::try_from(max_entries).map_err(|_| {
            configuration(
                "lease, ttl and max_entries must be positive".to_owned(),
                "invalid_argument",
            )
        })?;
        Ok(Self {
            inner: MemoryDedup::new(lease * 1000.0, ttl * 1000.0, bound).map_err(config_error)?,
            max_entries: bound,
        })
    }

    /// `(state, token)`: `("claimed", token)` for the first caller,
    /// `("in_flight", "")` while another holds it, `("done", "")` once
    /// completed.
    fn claim(&self, py: Python<'_>, key: &str) -> PyResult<(&'static str, String)> {
        let (state, token) = py
            .detach(|| self.inner.claim(key, monotonic_ms()))
            .map_err(config_error)?;
        Ok((state.as_str(), token))
    }

    /// Keeps the key as done for `ttl` seconds (only with the claim's token).
    fn complete(&self, key: &str, token: &str) {
        self.inner.complete(key, token, monotonic_ms());
    }

    /// Forgets the claim so the sender's retry is processed (only with the
    /// claim's token).
    fn release(&self, key: &str, token: &str) {
        self.inner.release(key, token);
    }

    /// Seconds a claim holds before it expires.
    #[getter]
    fn lease(&self) -> f64 {
        self.inner.times_ms().0 / 1000.0
    }

    /// Seconds a completed key is kept.
    #[getter]
    fn ttl(&self) -> f64 {
        self.inner.times_ms().1 / 1000.0
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "<hookproof.MemoryDedup entries={} lease={} ttl={}>",
            self.inner.len(),
            self.lease(),
            self.ttl()
        )
    }
}
