'use strict'

// What every Node framework integration does, written once (Python's
// twin: hookproof/_integration.py): the steps around a handler (read the
// body within the limit, verify, claim, run, settle), each decided by the
// core's rules (hookproof::http: the answers, the settle rule, the store
// key, the request URL). express.js, fastify.js, koa.js, web.js and hono.js
// only say how their framework shows a request and takes a response.
//
// Every refusal is answered with the core's bytes ({"error": code}, or
// {"status": "duplicate"}), logged, and reported to onReject when given.

const native = require('./native')
const { WebhookVerificationError } = require('./errors')
const { concat } = require('./bytes')
const { BUILD, BUILT_ON } = require('./webhook')

const RULES = native.httpRules()

// OpenTelemetry, when the app has @opentelemetry/api (an optional peer
// dependency): a counter `hookproof.deliveries` and a histogram
// `hookproof.duration` (seconds from arrival to the integration's decision),
// labelled scheme, result and code, as Python's hookproof/_metrics.py.
let instruments // undefined: not looked up yet; null: no OpenTelemetry
function otel () {
  if (instruments === undefined) {
    try {
      const meter = require('@opentelemetry/api').metrics.getMeter('hookproof', native.version())
      instruments = {
        deliveries: meter.createCounter('hookproof.deliveries', { unit: '{delivery}', description: 'Webhook deliveries an integration decided on' }),
        duration: meter.createHistogram('hookproof.duration', { unit: 's', description: "From a delivery's arrival to the integration's decision" })
      }
    } catch {
      instruments = null
    }
  }
  return instruments
}

/** Counts one decision and its duration (nothing without OpenTelemetry). */
function record (scheme, code, seen) {
  const m = otel()
  if (!m) return
  const [result, label] = native.metricLabels(code ?? null)
  const labels = { scheme, result, code: label }
  m.deliveries.add(1, labels)
  m.duration.record(Math.max(performance.now() - (seen.started ?? performance.now()), 0) / 1000, labels)
}
/** Bodies larger than this are answered 413 before verification. */
const DEFAULT_MAX_BODY = RULES.defaultMaxBody
const FORWARDING = ['forwarded', 'x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-port']

const BODY_CONSUMED_HELP =
  'the request body was already read before hookproof could verify it (a body parser such as ' +
  'express.json() ran first); mount the hookproof middleware before any body parser on this route, ' +
  'or use express.raw({ type: "*/*" }) there'

/** [status, JSON body] for a code, from the core. */
function answer (code) {
  return native.httpAnswer(code)
}

/** One header of a Node header object or a Fetch Headers, any case; the first of a list. */
function header (headers, name) {
  if (!headers) return undefined
  try {
    let value
    if (typeof headers.get === 'function') value = headers.get(name)
    else {
      const lower = name.toLowerCase()
      value = headers[lower]
      if (value === undefined) {
        const key = Object.keys(headers).find((k) => k.toLowerCase() === lower)
        value = key === undefined ? undefined : headers[key]
      }
    }
    if (Array.isArray(value)) value = value[0]
    return typeof value === 'string' ? value : undefined
  } catch {
    return undefined // an odd container must not break the request
  }
}

/**
 * The status an error stands for, when a framework turns it into an answer
 * (Koa's ctx.throw, Hono's HTTPException, http-errors): the claim settles
 * by it, as by any answer; null for any other error (released).
 */
function statusOf (err) {
  const status = err && (err.status ?? err.statusCode)
  return Number.isInteger(status) && status >= 100 && status <= 599 ? status : null
}

/** A declared Content-Length as a number, or undefined. */
function lengthOf (value) {
  if (value === undefined || value === null || value === '') return undefined
  const n = Number(value)
  return Number.isFinite(n) ? n : undefined
}

/**
 * At most `limit` bytes from an async iterable of chunks; null when it holds
 * more (it stops at the first chunk past the limit).
 */
async function readBounded (chunks, limit) {
  const parts = []
  let size = 0
  for await (const chunk of chunks) {
    size += chunk.byteLength
    if (size > limit) return null
    parts.push(chunk)
  }
  return concat(parts, size)
}

/** What a Node server saw of an IncomingMessage (Express, Nest on Express, plain node:http). */
function seenOfRequest (req) {
  const socket = req.socket || {}
  return {
    headers: req.headers,
    client: socket.remoteAddress,
    method: req.method,
    scheme: socket.encrypted ? 'https' : 'http',
    host: req.headers.host,
    target: req.originalUrl || req.url,
    started: performance.now()
  }
}

/**
 * A Node request stream's body, at most `limit` bytes kept; null above (the
 * rest is drained, not kept: the socket stays usable for the answer).
 */
function readStream (req, limit) {
  return new Promise((resolve, reject) => {
    const chunks = []
    let size = 0
    req.on('data', (chunk) => {
      if (size > limit) return
      size += chunk.length
      if (size > limit) {
        chunks.length = 0
        return resolve(null)
      }
      chunks.push(chunk)
    })
    req.on('end', () => { if (size <= limit) resolve(concat(chunks, size)) })
    req.on('error', reject)
  })
}

/**
 * Settles a claim by the status a Node response is sent with, before the
 * answer leaves, so a repeat that arrives after the sender saw 2xx is always
 * a duplicate. A client that hangs up while the handler runs changes nothing
 * (as in Python): the handler's answer settles it, and a handler that never
 * answers lets the lease expire.
 */
function settleBeforeEnd (gate, claim, res, seen) {
  const end = res.end
  res.end = function (...args) {
    res.end = end
    gate.finish(claim, res.statusCode, seen).finally(() => end.apply(res, args))
    return res
  }
}

class Gate {
  /**
   * @param wh the Webhook, or for a multi-tenant app a function of the
   *   framework's request (Express `req`, Fastify `request`, Koa `ctx`,
   *   Hono `c`, a Fetch `Request`, a Lambda event) that returns, or
   *   resolves to, the tenant's Webhook, or null when there is no such
   *   tenant (404 unknown_tenant); keep the Webhooks it returns (each is
   *   prepared once, when built)
   * @param options maxBody, dedup, requireDedupKey, publicUrl (the origin the
   *   sender calls, or a function of the request returning the whole URL),
   *   trustForwarded, onReject, logger
   */
  constructor (wh, options = {}) {
    this.options = options
    this.webhookFor = null
    if (typeof wh === 'function') {
      this.webhookFor = wh
      wh = null
    }
    const theirs = wh ? wh[BUILD] : undefined
    if (theirs !== undefined && theirs !== BUILT_ON) {
      // Two builds in one app (Deno resolves `hookproof` to the WebAssembly
      // build and `hookproof/express` to the addon's layer): their errors
      // are different classes, so a refusal would look like a crash.
      throw new TypeError(`this Webhook comes from hookproof's ${theirs} build and this integration from its ${BUILT_ON} build: ` +
        "import both from entries of the same build (on Deno and edge runtimes: 'hookproof' with 'hookproof/web' or 'hookproof/hono')")
    }
    this.wh = wh
    this.maxBody = options.maxBody ?? DEFAULT_MAX_BODY
    this.dedup = options.dedup
    this.requireDedupKey = options.requireDedupKey !== false
    this.publicUrl = options.publicUrl
    this.trustForwarded = options.trustForwarded === true
    this.onReject = options.onReject
    this.logger = options.logger
  }

  #log (seen) {
    return seen.logger || this.logger || console
  }

  /**
   * { gate } for this request: this one, or for a multi-tenant one a gate
   * bound to the request's Webhook; or { answer }: 404 unknown_tenant for
   * null, 503 tenant_lookup_failed when the function threw (the sender
   * retries), 500 misconfigured for anything but a Webhook.
   */
  async forRequest (seen, request) {
    if (!this.webhookFor) return { gate: this }
    let found
    try {
      found = await this.webhookFor(request)
    } catch (err) {
      const log = this.#log(seen)
      ;(log.error || log.warn).call(log, `webhook not verified: the function that picks the Webhook threw ${err && err.name}`)
      return { answer: this.refuse('tenant_lookup_failed', seen, undefined, true) }
    }
    if (found === null || found === undefined) return { answer: this.refuse('unknown_tenant', seen) }
    const log = this.#log(seen)
    if (typeof found !== 'object' || typeof found.verify !== 'function' || found[BUILD] !== BUILT_ON) {
      ;(log.error || log.warn).call(log, `webhook not verified: the function that picks the Webhook returned no Webhook of this build (${BUILT_ON})`)
      return { answer: this.refuse('misconfigured', seen, undefined, true) }
    }
    if (this.dedup && !found.tenant) {
      // One store for every tenant: without the tenant in its keys, a
      // tenant who holds its own secret could have another's delivery
      // answered "duplicate".
      ;(log.error || log.warn).call(log, "webhook not verified: with a dedup store, each tenant's Webhook needs its tenant id (new Webhook(scheme, secret, { tenant }))")
      return { answer: this.refuse('misconfigured', seen, undefined, true) }
    }
    return { gate: new Gate(found, this.options) }
  }

  /** The answer for a refusal, logged (unless `logged`) and reported to onReject. */
  refuse (code, seen, deliveryId, logged = false) {
    // Before a tenant's Webhook is known, no scheme or id header is.
    const scheme = this.wh ? this.wh.scheme : '-'
    if (deliveryId === undefined && this.wh && this.wh.idHeader) deliveryId = header(seen.headers, this.wh.idHeader)
    const client = typeof seen.client === 'string' ? seen.client : undefined
    const log = this.#log(seen)
    if (!logged) {
      if (code === 'body_consumed') (log.error || log.warn).call(log, `webhook not verified: ${BODY_CONSUMED_HELP}`)
      else log.warn(native.rejectionLine(code, scheme, deliveryId ?? undefined, client))
    }
    record(scheme, code, seen)
    if (typeof this.onReject === 'function') {
      const failed = (err) => (log.error || log.warn).call(log, `onReject threw ${err && err.name}; the answer stands`)
      try {
        const result = this.onReject({ code, scheme, deliveryId: deliveryId ?? null, client: client ?? null })
        if (result && typeof result.catch === 'function') result.catch(failed) // an async hook
      } catch (err) {
        failed(err)
      }
    }
    return answer(code)
  }

  /** 413 when a declared Content-Length is over the limit. */
  tooLarge (length, seen) {
    const n = lengthOf(length)
    return n !== undefined && n > this.maxBody ? this.refuse('body_too_large', seen) : undefined
  }

  /** The URL the sender called, for the schemes that sign it. */
  url (seen, request) {
    if (!this.wh.signsUrl) return undefined
    const pub = this.publicUrl
    if (typeof pub === 'function') return pub(request)
    let { scheme, host } = seen
    let forwarded
    if (typeof pub === 'string') {
      const at = pub.indexOf('://')
      if (at < 0) return undefined // not an origin: no URL, as in Python
      scheme = pub.slice(0, at)
      host = pub.slice(at + 3).replace(/\/+$/, '')
    } else if (this.trustForwarded) {
      forwarded = FORWARDING.map((name) => header(seen.headers, name) ?? null)
    }
    return native.requestUrl(scheme, host || '', seen.target, forwarded) ?? undefined
  }

  /**
   * { delivery } or { answer } refusing it; a promise of one for a sender
   * that publishes its keys, fetched first without blocking.
   */
  verify (body, seen, request) {
    if (this.wh.fetchesKeys) return this.#verifyFetching(body, seen, request)
    try {
      return { delivery: this.wh.verify(body, seen.headers, { url: this.url(seen, request), method: seen.method }) }
    } catch (err) {
      return this.#refused(err, seen)
    }
  }

  async #verifyFetching (body, seen, request) {
    try {
      return { delivery: await this.wh.verifyAsync(body, seen.headers, { url: this.url(seen, request), method: seen.method }) }
    } catch (err) {
      return this.#refused(err, seen)
    }
  }

  #refused (err, seen) {
    if (!(err instanceof WebhookVerificationError)) throw err
    const code = err.code.toLowerCase()
    if (code === 'key_unavailable') {
      // Not a verdict on the delivery (503, the sender retries): the
      // operator needs the reason, which names the URL and the cause.
      const log = this.#log(seen)
      ;(log.error || log.warn).call(log, `webhook not verified: ${err.message}`)
      return { answer: this.refuse(code, seen, undefined, true) }
    }
    return { answer: this.refuse(code, seen) }
  }

  /**
   * Claims the delivery: { answer } to send instead of running the handler,
   * or { claim } (or {} without a store, or when it runs without dedup).
   */
  async begin (delivery, seen) {
    // A sender's subscription handshake (Azure Event Grid's validation
    // event) is answered here: the app never sees it, and it is not a
    // delivery to deduplicate.
    const reply = this.wh.handshake(delivery)
    if (reply !== null) return { ...this.#verified(seen), answer: [200, reply] }
    if (!this.dedup) return this.#verified(seen)
    let dedupKey
    try {
      dedupKey = delivery.dedupKey
    } catch (err) {
      // The id header disagrees with the key the signed body carries (cloro's
      // task.id): changed on the way, most likely by a replay.
      if (!(err instanceof WebhookVerificationError)) throw err
      return { answer: this.refuse(err.code.toLowerCase(), seen, delivery.id) }
    }
    const client = typeof seen.client === 'string' ? seen.client : undefined
    if (!dedupKey) {
      const { refuse, line } = native.dedupWithoutKey(delivery.scheme, this.wh.dedupHeader ?? undefined,
        this.requireDedupKey, delivery.id ?? undefined, client)
      this.#log(seen).warn(line)
      return refuse ? { answer: this.refuse('missing_header', seen, delivery.id) } : this.#verified(seen)
    }
    const key = native.storeKey(delivery.scheme, dedupKey, delivery.tenant ?? undefined)
    let state, token
    try {
      ;[state, token] = await this.dedup.claim(key)
    } catch (err) {
      const log = this.#log(seen)
      ;(log.error || log.warn).call(log, `webhook not processed: dedup store unavailable (${err && err.name})`)
      return { answer: this.refuse('dedup_unavailable', seen, undefined, true) }
    }
    const said = native.claimAnswer(String(state))
    if (said && said[0] === 503) {
      const log = this.#log(seen)
      ;(log.error || log.warn).call(log, `webhook not processed: the dedup store answered ${JSON.stringify(String(state))}`)
      return { answer: this.refuse('dedup_unavailable', seen, undefined, true) }
    }
    if (said) {
      record(this.wh.scheme, native.claimCode(String(state)), seen)
      return { answer: said }
    }
    return { ...this.#verified(seen), claim: [key, token] }
  }

  #verified (seen) {
    record(this.wh.scheme, null, seen)
    return {}
  }

  /** Settles the claim by the handler's status (null: it threw). */
  async finish (claim, status, seen = {}) {
    if (!claim || !this.dedup) return
    const completes = native.completes(status ?? null)
    try {
      await (completes ? this.dedup.complete(...claim) : this.dedup.release(...claim))
    } catch (err) {
      // The claim expires after its lease; until then a retry answers 409.
      const log = this.#log(seen)
      ;(log.error || log.warn).call(log, `dedup store failed to ${completes ? 'complete' : 'release'} a claim (${err && err.name})`)
    }
  }
}

module.exports = { Gate, answer, header, lengthOf, readBounded, readStream, seenOfRequest, settleBeforeEnd, statusOf, DEFAULT_MAX_BODY, BODY_CONSUMED_HELP, RULES }
