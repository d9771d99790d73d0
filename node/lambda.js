'use strict'

// AWS Lambda handlers behind API Gateway REST APIs (payload format 1.0),
// HTTP APIs (2.0) and function URLs (2.0):
//
//   exports.handler = withWebhook(wh, async (event, delivery, context) => ({ statusCode: 200, body: 'ok' }))
//
// The handler gets the event, the verified delivery and Lambda's context
// (as hookproof/web passes (request, delivery)). Refusals are proxy
// responses with the core's answers. How an event is read (the body,
// base64 or not, within maxBody; the https URL a URL-signing sender called;
// the client) is Python's hookproof.aws_lambda rule too, and both run
// tests/vectors/integration/lambda_events.json. A result settles a claim by
// its statusCode; a 2.0 result without one is the gateway's 200 (complete),
// a 1.0 result without one its 502 (released), as a thrown error is.

const { Gate, header } = require('./gate')

const isV2 = (event) => event.version === '2.0'
/** Strict base64: the standard alphabet, padded (Python's twin: aws_lambda._BASE64). */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/
const STATUS = /^[1-5][0-9][0-9]$/

/**
 * A decoded query value form-encoded as Python's urllib.parse.quote_plus
 * does (letters, digits and _.-~ kept, space as +), so both runtimes
 * rebuild a REST API's query alike.
 */
function formEncode (value) {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()).replace(/%20/g, '+')
}

/** The request as the gateway described it. */
function seenOf (event) {
  const context = event.requestContext || {}
  const headers = event.headers || {}
  const host = header(headers, 'host') || context.domainName || ''
  const started = performance.now()
  if (isV2(event)) {
    const http = context.http || {}
    const query = event.rawQueryString || ''
    const target = (event.rawPath || http.path || '/') + (query ? `?${query}` : '')
    return { headers, client: http.sourceIp, method: http.method || 'POST', scheme: 'https', host, target, started }
  }
  let params = event.multiValueQueryStringParameters
  if (!params || Object.keys(params).length === 0) params = Object.fromEntries(Object.entries(event.queryStringParameters || {}).map(([k, v]) => [k, [v]]))
  const query = Object.entries(params).flatMap(([k, values]) => values.map((v) => `${formEncode(k)}=${formEncode(v)}`)).join('&')
  const target = (context.path || event.path || '/') + (query ? `?${query}` : '')
  const client = (context.identity || {}).sourceIp
  return { headers, client, method: event.httpMethod || 'POST', scheme: 'https', host, target, started }
}

/** The raw body, or null above `limit` bytes (a base64 one not decoded then). */
function bodyOf (event, limit) {
  const body = event.body || ''
  if (!event.isBase64Encoded) {
    const raw = Buffer.from(body, 'utf8')
    return raw.length > limit ? null : raw
  }
  if (Math.floor(body.length / 4) * 3 - 2 > limit) return null // larger whatever its padding
  // Not what a gateway sends: read as empty, it does not verify (Node's own
  // decoder would skip what it cannot read).
  if (!BASE64.test(body)) return Buffer.alloc(0)
  const raw = Buffer.from(body, 'base64')
  return raw.length > limit ? null : raw
}

/** The status the gateway answers for a handler's result (a number, or three digits as a string, which it accepts too). */
function statusOf (event, result) {
  const status = result && typeof result === 'object' ? result.statusCode : undefined
  if (typeof status === 'string' && STATUS.test(status)) return Number(status)
  if (Number.isInteger(status)) return status
  return isV2(event) ? 200 : null
}

/** A proxy response (both payload formats) for the core's answer. */
function respond ([status, body]) {
  return { statusCode: status, headers: { 'content-type': 'application/json' }, body: Buffer.from(body).toString('utf8'), isBase64Encoded: false }
}

/**
 * Wraps a Lambda handler (event, delivery, context): it runs only for
 * genuine deliveries, and with `options.dedup` once per delivery. Options
 * as for hookproof/express; a publicUrl function is given the event (a
 * string replaces only the origin). onReject should be synchronous here:
 * Lambda freezes the process once the handler's promise settles, so an
 * async hook may not finish.
 */
function withWebhook (wh, handler, options = {}) {
  const root = new Gate(wh, options)
  return async function hookproofLambda (event, context) {
    const seen = seenOf(event)
    const { gate, answer: unknown } = await root.forRequest(seen, event)
    if (unknown) return respond(unknown)
    const body = bodyOf(event, gate.maxBody)
    if (body === null) return respond(gate.refuse('body_too_large', seen))
    const { delivery, answer } = await gate.verify(body, seen, event)
    if (answer) return respond(answer)
    const begun = await gate.begin(delivery, seen)
    if (begun.answer) return respond(begun.answer)
    let result
    try {
      result = await handler(event, delivery, context)
    } catch (err) {
      await gate.finish(begun.claim, null, seen)
      throw err
    }
    await gate.finish(begun.claim, statusOf(event, result), seen)
    return result
  }
}

module.exports = { withWebhook, seenOf, bodyOf }
