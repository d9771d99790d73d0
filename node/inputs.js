'use strict'

// The arguments every entry point takes, checked here so that a mistake
// gives a clear TypeError before anything reaches the addon.

const { withCode } = require('./errors')
const { Scheme } = require('./scheme')

function bodyOf (body) {
  if (typeof body === 'string' || body instanceof Uint8Array) return body
  if (body instanceof ArrayBuffer) return new Uint8Array(body)
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength)
  throw withCode(new TypeError(`body must be a Buffer, Uint8Array or string (the raw request body), not ${describe(body)}`), 'ERR_INVALID_ARG_TYPE')
}

/** `{ secret, notAfter }`: a secret with the last second it verifies. */
function isDated (s) {
  return s !== null && typeof s === 'object' && !(s instanceof Uint8Array) && 'secret' in s
}

function secretsOf (secret) {
  const list = (Array.isArray(secret) ? secret : [secret]).map((s) => isDated(s) ? s.secret : s)
  for (const s of list) {
    if (typeof s !== 'string' && !(s instanceof Uint8Array)) {
      const hint = s === undefined ? ' (is the environment variable set?)' : ''
      throw withCode(new TypeError(`a secret must be a string or Buffer, not ${describe(s)}${hint}`), 'ERR_INVALID_ARG_TYPE')
    }
  }
  return list
}

/**
 * Each secret's `notAfter` in unix seconds (NaN where it has none), or an
 * empty array when no secret has one (the addon then checks nothing).
 */
function expiryOf (secret) {
  const list = Array.isArray(secret) ? secret : [secret]
  if (!list.some((s) => isDated(s) && s.notAfter != null)) return []
  return list.map((s) => {
    if (!isDated(s) || s.notAfter == null) return NaN
    const t = timeOf(s.notAfter, 'notAfter')
    // NaN stands for "no end" on the way in: an invalid Date must not.
    if (!Number.isFinite(t)) throw withCode(new RangeError('notAfter is not a valid time'), 'ERR_INVALID_ARG_VALUE')
    return t
  })
}

function timeOf (value, what) {
  if (value === undefined || value === null) return undefined
  if (value instanceof Date) return value.getTime() / 1000
  if (typeof value !== 'number') {
    throw withCode(new TypeError(`${what} is unix seconds (a number), not ${describe(value)}`), 'ERR_INVALID_ARG_TYPE')
  }
  return value
}

/**
 * An optional text argument (url, method, id): a string or nothing. Checked
 * here for both native builds: the WebAssembly glue does not check a
 * string's type itself, and a URL object must be given as its `.href`.
 */
function textOf (value, what) {
  if (value === undefined || value === null || typeof value === 'string') return value ?? undefined
  throw withCode(new TypeError(`${what} is a string, not ${describe(value)}`), 'ERR_INVALID_ARG_TYPE')
}

/** A preset name or a Scheme, as the addon takes it: [text, isJson]. */
function schemeArg (scheme) {
  if (typeof scheme === 'string') return [scheme, false]
  if (scheme instanceof Scheme) return [scheme.json, true]
  throw withCode(new TypeError(`scheme must be a preset name or a Scheme, not ${describe(scheme)}`), 'ERR_INVALID_ARG_TYPE')
}

function describe (value) {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? (value.constructor && value.constructor.name) || 'object' : typeof value
}

module.exports = { bodyOf, secretsOf, expiryOf, timeOf, textOf, schemeArg, describe }
