'use strict'

// The error path only: turns the native addon's coded errors into the
// contract's classes. The codes and their lists come from the Rust core
// (hookproof::VERIFY_CODES, CONFIG_CODES), in upper case.

const native = require('./native')

const RULES = native.httpRules()
const VERIFY_CODES = new Set(RULES.verifyCodes.map((c) => c.toUpperCase()))
const CONFIG_CODES = new Set(RULES.configCodes.map((c) => c.toUpperCase()))

/** A delivery that is not genuine. `code` is one of VERIFY_CODES. */
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

module.exports = { WebhookVerificationError, translate, withCode, VERIFY_CODES, CONFIG_CODES }
