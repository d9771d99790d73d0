import type { IncomingMessage, ServerResponse } from 'node:http'
import type { DedupStore, Verified, Webhook, WebhookFor } from './index'

export interface Logger {
  warn (message: string): void
  error? (message: string): void
}

export interface MiddlewareOptions {
  /** Largest body accepted, in bytes (default 1 MiB); larger ones answer 413. */
  maxBody?: number
  /** Where failed verifications are logged (default console). */
  logger?: Logger
  /** Handle each delivery once (MemoryDedup or RedisDedup). */
  dedup?: DedupStore
  /**
   * With `dedup`, a delivery without a dedup key is refused (400
   * `missing_header`, logged) unless this is false: then it is handled
   * without deduplication, and logged.
   */
  requireDedupKey?: boolean
  /**
   * For senders that sign the URL (Twilio, Square, HubSpot): the origin the
   * sender calls (`https://hooks.example.com`; the request's path and query
   * are kept), or a function of the request returning the whole URL. Default:
   * the URL this server saw.
   */
  publicUrl?: string | ((request: any) => string)
  /** Read `Forwarded` / `X-Forwarded-Proto`, `-Host`, `-Port` for that URL (never the default). */
  trustForwarded?: boolean
  /** Called for every request the integration refuses; never given the secret, signature or body. */
  onReject?: (rejection: Rejection) => void
}

/** What onReject is told of a refused request. */
export interface Rejection {
  code: string
  scheme: string
  deliveryId: string | null
  client: string | null
}

// Express's own Request gains `webhook`, so `req.webhook` type-checks in a
// handler mounted after verifyWebhook. It is declared present (not `?`), as
// on every route that mounts the middleware; elsewhere it is undefined.
declare global {
  namespace Express {
    interface Request {
      /** The verified delivery (set by hookproof's verifyWebhook). */
      webhook: Verified
    }
  }
}

export interface VerifiedRequest extends IncomingMessage {
  webhook: Verified
  body: unknown
}

/** Express / Connect / node:http middleware that verifies the raw body and sets req.webhook and req.body. */
export function verifyWebhook<R extends IncomingMessage = IncomingMessage> (
  wh: Webhook | WebhookFor<R>,
  options?: MiddlewareOptions
): (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void
