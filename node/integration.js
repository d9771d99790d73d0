'use strict'

// What every framework integration does the same way: the body size limit,
// the failure log line, the JSON answers. The HTTP answer carries the core's
// lower-case code (`{"error": "signature_mismatch"}`), the same string the
// Python integrations answer with, whichever runtime receives the delivery.

const native = require('./native')

/** Bodies larger than this are answered 413 before verification. */
const DEFAULT_MAX_BODY = 1 << 20

const BODY_CONSUMED_HELP =
  'the request body was already read before hookproof could verify it (a body parser such as ' +
  'express.json() ran first); mount the hookproof middleware before any body parser on this route, ' +
  'or use express.raw({ type: "*/*" }) there'

function deliveryId (wh, headers) {
  const name = wh.idHeader
  if (!name || !headers) return undefined
  try {
    let value
    if (typeof headers.get === 'function') value = headers.get(name)
    else {
      const lower = name.toLowerCase()
      const key = Object.keys(headers).find((k) => k.toLowerCase() === lower)
      value = key === undefined ? undefined : headers[key]
    }
    if (Array.isArray(value)) value = value[0]
    return typeof value === 'string' ? value : undefined
  } catch {
    return undefined
  }
}

/** One warning per failed verification, in the core's format (sanitized there). */
function logRejected (logger, code, wh, headers, client) {
  const line = native.rejectionLine(code, wh.scheme, deliveryId(wh, headers), typeof client === 'string' ? client : undefined)
  ;(logger || console).warn(line)
}

function answer (code) {
  return JSON.stringify({ error: code })
}

function tooLarge (length, maxBody) {
  if (length === undefined || length === null || length === '') return false
  const n = Number(length)
  return Number.isFinite(n) && n > maxBody
}

module.exports = { DEFAULT_MAX_BODY, BODY_CONSUMED_HELP, logRejected, answer, tooLarge }
