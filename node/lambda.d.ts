import type { Verified, Webhook, WebhookFor } from './index'
import type { MiddlewareOptions } from './express'

/** An API Gateway (REST: payload 1.0; HTTP API: 2.0) or function URL (2.0) event, as far as hookproof reads it. */
export interface LambdaHttpEvent {
  /** "2.0" for HTTP APIs and function URLs; absent for REST APIs (1.0). */
  version?: string
  rawPath?: string
  rawQueryString?: string
  path?: string
  httpMethod?: string
  body?: string | null
  isBase64Encoded?: boolean
  headers?: Record<string, string | undefined> | null
}

/** A proxy result: what the gateway turns into the HTTP answer. */
export interface LambdaResult {
  statusCode?: number
  headers?: Record<string, string>
  body?: string
  isBase64Encoded?: boolean
  [key: string]: unknown
}

/** As for hookproof/express, except that a publicUrl function is given the event. */
export interface LambdaOptions extends Omit<MiddlewareOptions, 'publicUrl'> {
  /** The origin the sender calls, or a function of the event returning the whole URL. */
  publicUrl?: string | ((event: LambdaHttpEvent) => string)
}

/** Wraps an (event, delivery, context) handler; refusals are answered as proxy results. */
export function withWebhook<E extends LambdaHttpEvent, C = unknown, R = LambdaResult> (
  wh: Webhook | WebhookFor<E>,
  handler: (event: E, delivery: Verified, context: C) => R | Promise<R>,
  options?: LambdaOptions
): (event: E, context: C) => Promise<R | LambdaResult>
