import { HttpException } from '@nestjs/common'
import type { Webhook, WebhookFor } from './index'
import type { MiddlewareOptions } from './express'

/** As for hookproof/express (a publicUrl function is given Express's request). */
export type NestWebhookOptions = MiddlewareOptions

/** The structural part of Nest's ExecutionContext and CallHandler this interceptor uses. */
interface HttpContext {
  switchToHttp (): { getRequest<T = any> (): T, getResponse<T = any> (): T }
}
interface Next<T> {
  handle (): T
}

/**
 * A NestJS interceptor (Express platform): verifies the delivery before the
 * handler, sets `req.webhook` (the Verified delivery), and refuses with a
 * WebhookRejection (an HttpException carrying the core's answer). Create the
 * app with `NestFactory.create(AppModule, { rawBody: true })`.
 */
export class WebhookInterceptor {
  constructor (wh: Webhook | WebhookFor, options?: NestWebhookOptions)
  intercept<T> (context: HttpContext, next: Next<T>): Promise<T>
}

/** The HttpException WebhookInterceptor throws: `code` is the lower-case code, "duplicate", or "handshake" (200: Event Grid's validation, answered). */
export class WebhookRejection extends HttpException {
  constructor (answer: [number, Uint8Array])
  readonly code: string
}
