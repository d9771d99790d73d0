import type { Webhook, WebhookFor } from './index'
import type { MiddlewareOptions } from './express'

/**
 * Koa middleware that verifies the raw body and sets `ctx.state.webhook` (the
 * Verified delivery) and `ctx.request.body`. Options as for hookproof/express.
 */
export function verifyWebhook (
  wh: Webhook | WebhookFor,
  options?: MiddlewareOptions
): (ctx: any, next: () => Promise<unknown>) => Promise<void>
