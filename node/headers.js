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
 * @returns {string[]} the values in the order of idx.names (absent: empty);
 *   `idx.repeated` is set to a bit per repeated name (a scratch field: no
 *   object is made per call)
 */
function collect (idx, headers) {
  if (headers === null || typeof headers !== 'object') {
    throw withCode(new TypeError('headers must be an object (req.headers) or a Headers instance'), 'ERR_INVALID_ARG_TYPE')
  }
  const { names, lengths } = idx
  const n = names.length
  const values = new Array(n)
  let repeated = 0
  if (isWhatwgHeaders(headers)) {
    // Headers already folds case and joins repeats with ", " (WHATWG Fetch).
    for (let i = 0; i < n; i++) values[i] = headers.get(names[i])
  } else {
    // One pass over the keys: every spelling of a name counts, so the same
    // header sent as "X-Sig" and "x-sig" is a repeat, as in the other
    // runtimes. Keys of another length are skipped unread; a key is
    // lower-cased only when it is not already one of the names (Node's
    // req.headers are lower case), which halves the cost of this loop.
    const keys = Object.keys(headers)
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k]
      if (lengths[key.length] !== 1) continue
      let i = names.indexOf(key)
      if (i < 0) i = names.indexOf(key.toLowerCase())
      if (i >= 0) values[i] = values[i] === undefined ? headers[key] : [].concat(values[i], headers[key])
    }
  }
  for (let i = 0; i < n; i++) {
    const v = values[i]
    if (typeof v === 'string') continue
    const one = single(v, names[i])
    if (one === REPEATED) repeated |= 1 << i
    values[i] = typeof one === 'string' ? one : ''
  }
  idx.repeated = repeated
  return values
}

const REPEATED = Symbol('repeated')

/**
 * The values with every NUL made U+FFFD, a non-ASCII character the core
 * rejects: for values that travel NUL-joined, where a NUL of their own
 * (never genuine) would read as a separator.
 */
function withoutNul (values) {
  return values.map((v) => v.replaceAll('\0', '\ufffd'))
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

module.exports = { collect, index, withoutNul }
