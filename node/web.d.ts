import type { DedupStore, Verified, Webhook, WebhookFor, UnixTime } from './index'
import type { Logger, Rejection } from './express'

export interface WebOptions {
  publicUrl?: string | ((request: Request) => string)
  trustForwarded?: boolean
  onReject?: (rejection: Rejection) => void
  maxBody?: number
  now?: UnixTime
  logger?: Logger
  dedup?: DedupStore
  /**
   * With `dedup`, a delivery without a dedup key is refused (400
   * `missing_header`, logged) unless this is false: then it is handled
   * without deduplication, and logged.
   */
  requireDedupKey?: boolean
}

/** Thrown by verifyRequest for a body above maxBody. */
export class PayloadTooLargeError extends Error {
  readonly code: 'BODY_TOO_LARGE'
}

/** Reads and verifies a Fetch-API Request. Rejects with WebhookVerificationError or PayloadTooLargeError. */
export function verifyRequest (wh: Webhook, request: Request, options?: WebOptions): Promise<Verified>

/** Wraps a (request, delivery, ...rest) handler: 400/413 JSON answers for rejected deliveries. */
export function withWebhook<Rest extends unknown[]> (
  wh: Webhook | WebhookFor<Request>,
  handler: (request: Request, delivery: Verified, ...rest: Rest) => Response | Promise<Response>,
  options?: WebOptions
): (request: Request, ...rest: Rest) => Promise<Response>
