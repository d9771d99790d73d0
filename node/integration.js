'use strict'

// What every framework integration does the same way: the body size limit,
// the failure log line, the JSON answers. The HTTP answer carries the core's
// lower-case code (`{"error": "signature_mismatch"}`), the same string the
// Python integrations answer with, whichever runtime receives the delivery.

/** Bodies larger than this are answered 413 before verification. */
const DEFAULT_MAX_BODY = 1 << 20

const BODY_CONSUMED_HELP =
  'the request body was already read before hookproof could verify it (a body parser such as ' +
  'express.json() ran first); mount the hookproof middleware before any body parser on this route, ' +
  'or use express.raw({ type: "*/*" }) there'

// Header values reach the log only as short runs of visible ASCII, so a
// forged delivery cannot write fake log lines.
function clean (value, limit = 100) {
  if (Array.isArray(value)) value = value[0]
  if (typeof value !== 'string') return '-'
  return value.slice(0, limit).replace(/[^\x21-\x7e]/g, '?') || '-'
}

function deliveryId (wh, headers) {
  const name = wh.idHeader
  if (!name || !headers) return '-'
  try {
    if (typeof headers.get === 'function') return clean(headers.get(name))
    const lower = name.toLowerCase()
    const key = Object.keys(headers).find((k) => k.toLowerCase() === lower)
    return clean(key === undefined ? undefined : headers[key])
  } catch {
    return '-'
  }
}

/** One warning per failed verification: never the secret, signature or body. */
function logRejected (logger, code, wh, headers, client) {
  const line = `webhook rejected: code=${code} scheme=${wh.scheme} delivery=${deliveryId(wh, headers)} client=${clean(client, 64)}`
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

module.exports = { DEFAULT_MAX_BODY, BODY_CONSUMED_HELP, logRejected, answer, tooLarge, clean }
