//! The layout of the `Float64Array` that `webhookVerify` and `node/webhook.js`
//! share (`hookproof_js::layout`, one definition for both bindings), as
//! `verifyLayout()` gives it to `node/layout.js` at load time.

use hookproof_js::layout;
use napi_derive::napi;

/// [`verify_layout`]'s answer: every index and mark of the layout.
#[napi(object)]
pub struct Layout {
    pub length: u32,
    pub now: u32,
    pub repeated: u32,
    pub timestamp: u32,
    pub key_index: u32,
    pub id: u32,
    pub event: u32,
    pub dedup_key: u32,
    pub none: f64,
    pub body: f64,
}

/// The layout, for `node/layout.js` to read once.
#[napi]
#[must_use]
pub fn verify_layout() -> Layout {
    let l = layout::verify_layout();
    Layout {
        length: l.length,
        now: l.now,
        repeated: l.repeated,
        timestamp: l.timestamp,
        key_index: l.key_index,
        id: l.id,
        event: l.event,
        dedup_key: l.dedup_key,
        none: l.none,
        body: l.body,
    }
}
