'use strict'

// NestJS (Express platform), an interceptor:
//
//   const app = await NestFactory.create(AppModule, { rawBody: true })
//
//   @Post('hooks/cloro')
//   @UseInterceptors(new WebhookInterceptor(wh, { dedup }))
//   handle (@Req() req) { req.webhook }   // the Verified delivery
//
// It verifies the exact bytes Nest kept with `rawBody: true` (req.rawBody),
// or, with Nest's body parser off (`bodyParser: false`) or for a content
// type it does not parse, reads the stream itself within maxBody. A parsed
// body with no rawBody cannot be verified: 500 body_consumed, and the log
// says to create the app with { rawBody: true }.
//
// Refusals are thrown as WebhookRejection, an HttpException whose response
// is the core's answer, so Nest's exception layer sends it (a global
// exception filter of the app sees it first). The claim is settled by the
// status Nest answers with (an exception a filter turned into 500 releases
// it), before the answer leaves, as in hookproof/express. Options as for
// hookproof/express.

const { Gate, readStream, seenOfRequest, settleBeforeEnd } = require('./gate')

const NEST_HELP =
  'the request body was parsed before hookproof could verify it and Nest kept no raw copy: ' +
  'create the app with NestFactory.create(AppModule, { rawBody: true }), or turn its body parser off ' +
  '({ bodyParser: false })'

// Only a Nest app imports this file, so Nest is there to be required (Nest
// 12 is ESM, required here through require(esm): Node 20.19 or newer, as
// Nest 12 itself needs).
const { HttpException } = require('@nestjs/common')

/**
 * What WebhookInterceptor throws for a refusal: an HttpException whose
 * response is the core's answer ({"error": code}, or {"status":
 * "duplicate"}), so Nest's exception layer sends it as every other
 * integration does, and an app's filter can @Catch(WebhookRejection).
 */
class WebhookRejection extends HttpException {
  constructor ([status, body]) {
    const answer = JSON.parse(Buffer.from(body).toString('utf8'))
    super(answer, status)
    this.name = 'WebhookRejection'
    /** The lower-case code ("signature_mismatch"), "duplicate", or "handshake" (200: a sender's subscription handshake, answered). */
    this.code = answer.error ?? answer.status ?? 'handshake'
  }
}

class WebhookInterceptor {
  /**
   * @param {import('./index').Webhook} wh
   * @param {object} [options] as for hookproof/express
   */
  constructor (wh, options = {}) {
    this.gate = new Gate(wh, options)
  }

  async intercept (context, next) {
    const http = context.switchToHttp()
    const req = http.getRequest()
    const res = http.getResponse()
    if (typeof res.setHeader !== 'function' || typeof res.end !== 'function' || res.raw) {
      // A FastifyReply: its answer is not sent through res.end, so a claim
      // could not be settled by it.
      throw new TypeError("hookproof/nest supports Nest's Express platform (@nestjs/platform-express)")
    }
    const seen = seenOfRequest(req)
    const refuse = (answer, close = false) => {
      if (close) res.setHeader('connection', 'close')
      throw new WebhookRejection(answer)
    }
    const { gate, answer: unknown } = await this.gate.forRequest(seen, req)
    if (unknown) refuse(unknown)
    let body
    if (Buffer.isBuffer(req.rawBody)) body = req.rawBody
    else if (Buffer.isBuffer(req.body)) body = req.body // express.raw() on this route
    else if (req._body === true || req.readableEnded) {
      const log = gate.logger || console
      ;(log.error || log.warn).call(log, `webhook not verified: ${NEST_HELP}`)
      refuse(gate.refuse('body_consumed', seen, undefined, true))
    } else {
      const declared = gate.tooLarge(req.headers['content-length'], seen)
      if (declared) {
        req.resume()
        refuse(declared, true)
      }
      body = await readStream(req, gate.maxBody)
    }
    if (body === null || body.length > gate.maxBody) refuse(gate.refuse('body_too_large', seen), true)
    const { delivery, answer } = await gate.verify(body, seen, req)
    if (answer) refuse(answer)
    req.webhook = delivery
    const begun = await gate.begin(delivery, seen)
    if (begun.answer) refuse(begun.answer)
    if (begun.claim) settleBeforeEnd(gate, begun.claim, res, seen) // by the status Nest answers with
    return next.handle()
  }
}

module.exports = { WebhookInterceptor, WebhookRejection }
