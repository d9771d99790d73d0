import type { Webhook, WebhookFor } from './index'
import type { WebOptions } from './web'

/**
 * Hono middleware that verifies `c.req.raw` and sets `c.get('webhook')` (the
 * Verified delivery). Options as for hookproof/web.
 */
export function webhook (
  wh: Webhook | WebhookFor,
  options?: WebOptions
): (c: any, next: () => Promise<void>) => Promise<Response | void>
