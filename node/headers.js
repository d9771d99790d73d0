'use strict'

// Reads the few headers a scheme needs from a plain object (Node's
// lower-case `req.headers`, or any case; string or string[] values) or a
// WHATWG Headers, lined up with the native addon's `headerNames`.

const { withCode } = require('./errors')

function isWhatwgHeaders (headers) {
  return typeof headers.get === 'function' && typeof headers.has === 'function' && typeof headers.entries === 'function'
}

/**
 * What collect() needs about a scheme's names, worked out once per Webhook:
 * the names, and a table that says which key lengths can match at all, so a
 * request's other headers are skipped without being lower-cased.
 */
function index (names) {
  const longest = Math.max(0, ...names.map((n) => n.length))
  const lengths = new Uint8Array(longest + 1)
  for (const name of names) lengths[name.length] = 1
  return { names, lengths, repeated: 0 }
}

/**
 * @param {{names: string[], lengths: Uint8Array, repeated: number}} idx from index()
 * @param {object} headers
 * @returns {string} the values NUL-joined in the order of idx.names (absent:
 *   empty); `idx.repeated` is set to a bit per repeated name (a scratch field:
 *   no object is made per call)
 */
function collect (idx, headers) {
  if (headers === null || typeof headers !== 'object') {
    throw withCode(new TypeError('headers must be an object (req.headers) or a Headers instance'), 'ERR_INVALID_ARG_TYPE')
  }
  const { names, lengths } = idx
  const n = names.length
  let values = ''
  let repeated = 0
  if (isWhatwgHeaders(headers)) {
    // Headers already folds case and joins repeats with ", " (WHATWG Fetch).
    for (let i = 0; i < n; i++) {
      const v = headers.get(names[i])
      values += (i === 0 ? '' : '\0') + (v === null ? '' : safe(v))
    }
    idx.repeated = 0
    return values
  }
  // One pass over the keys: every spelling of a name counts, so the same
  // header sent as "X-Sig" and "x-sig" is a repeat, as in the other runtimes.
  // Keys of another length are skipped unread; a key is lower-cased only
  // when it is not already one of the names (Node's req.headers are lower
  // case), which halves the cost of this loop.
  const found = new Array(n)
  const keys = Object.keys(headers)
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]
    if (lengths[key.length] !== 1) continue
    let i = names.indexOf(key)
    if (i < 0) i = names.indexOf(key.toLowerCase())
    if (i >= 0) found[i] = found[i] === undefined ? headers[key] : [].concat(found[i], headers[key])
  }
  for (let i = 0; i < n; i++) {
    const f = found[i]
    const one = typeof f === 'string' ? f : single(f, names[i])
    let value = ''
    if (one === REPEATED) repeated |= 1 << i
    else if (one !== undefined) value = safe(one)
    values += (i === 0 ? '' : '\0') + value
  }
  idx.repeated = repeated
  return values
}

const REPEATED = Symbol('repeated')

// Values travel NUL-joined; a NUL inside one (never genuine) becomes U+FFFD,
// which the core rejects as a non-ASCII header.
function safe (value) {
  return value.includes('\0') ? value.replaceAll('\0', '\ufffd') : value
}

function single (value, name) {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'string') return value
  if (Array.isArray(value)) {
    const present = value.filter((v) => v !== undefined && v !== null)
    if (present.length === 0) return undefined
    if (present.length > 1) return REPEATED
    return single(present[0], name)
  }
  throw withCode(new TypeError(`header ${name} must be a string or string[], not ${typeof value}`), 'ERR_INVALID_ARG_TYPE')
}

module.exports = { collect, index }
