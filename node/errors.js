'use strict'

// The error path only: turns the native addon's coded errors into the
// contract's classes. The codes come from the Rust core (bindings/node/src/errors.rs).

const VERIFY_CODES = new Set([
  'MISSING_HEADER',
  'MALFORMED_HEADER',
  'TIMESTAMP_TOO_OLD',
  'TIMESTAMP_TOO_NEW',
  'SIGNATURE_MISMATCH'
])
const CONFIG_CODES = new Set(['UNKNOWN_SCHEME', 'INVALID_SCHEME', 'INVALID_SECRET', 'INVALID_ARGUMENT'])

/** A delivery that is not genuine. `code` is one of the five contract codes. */
class WebhookVerificationError extends Error {
  constructor (message, code) {
    super(message)
    this.name = 'WebhookVerificationError'
    this.code = code
  }
}

/** Re-raises a native error as the contract's error class. */
function translate (err) {
  if (err && VERIFY_CODES.has(err.code)) return new WebhookVerificationError(err.message, err.code)
  if (err && CONFIG_CODES.has(err.code)) return withCode(new RangeError(err.message), err.code)
  return err
}

function withCode (err, code) {
  err.code = code
  return err
}

module.exports = { WebhookVerificationError, translate, withCode, VERIFY_CODES }
