'use strict'

// Reads the few headers a scheme needs from a plain object (Node's
// lower-case `req.headers`, or any case; string or string[] values) or a
// WHATWG Headers, lined up with the native addon's `headerNames`.

const { withCode } = require('./errors')

function isWhatwgHeaders (headers) {
  return typeof headers.get === 'function' && typeof headers.has === 'function' && typeof headers.entries === 'function'
}

/** Names grouped by length, so a scan lower-cases only plausible keys. */
function index (names) {
  const byLength = new Map()
  names.forEach((name, i) => byLength.set(name.length, [...(byLength.get(name.length) || []), i]))
  return { names, byLength }
}

/**
 * @param {{names: string[], byLength: Map<number, number[]>}} idx from index()
 * @param {object} headers
 * @returns {{values: string, repeated: number}} the values NUL-joined in the
 *   order of idx.names (absent: empty), and a bit per repeated name
 */
function collect (idx, headers) {
  if (headers === null || typeof headers !== 'object') {
    throw withCode(new TypeError('headers must be an object (req.headers) or a Headers instance'), 'ERR_INVALID_ARG_TYPE')
  }
  const { names, byLength } = idx
  const values = new Array(names.length)
  let repeated = 0
  if (isWhatwgHeaders(headers)) {
    // Headers already folds case and joins repeats with ", " (WHATWG Fetch).
    for (let i = 0; i < names.length; i++) {
      const v = headers.get(names[i])
      values[i] = v === null ? '' : safe(v)
    }
    return { values: values.join('\0'), repeated }
  }
  // One pass over the keys: every spelling of a name counts, so the same
  // header sent as "X-Sig" and "x-sig" is a repeat, as in the other runtimes.
  const found = new Array(names.length)
  for (const key of Object.keys(headers)) {
    const candidates = byLength.get(key.length)
    if (candidates === undefined) continue
    const lower = key.toLowerCase()
    for (const i of candidates) {
      if (names[i] === lower) found[i] = found[i] === undefined ? headers[key] : [].concat(found[i], headers[key])
    }
  }
  for (let i = 0; i < names.length; i++) {
    const one = single(found[i], names[i])
    if (one === REPEATED) {
      repeated |= 1 << i
      values[i] = ''
    } else {
      values[i] = one === undefined ? '' : safe(one)
    }
  }
  return { values: values.join('\0'), repeated }
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
