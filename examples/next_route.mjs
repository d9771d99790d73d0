// A Next.js App Router route handler for Standard Webhooks deliveries (the
// README's Next.js quick start): app/api/hooks/standard/route.mjs. The same
// handler works anywhere a (Request) => Response function does (Hono, Bun).

// START next
import { Webhook } from 'hookproof'
import { withWebhook } from 'hookproof/web'

const standard = Webhook.fromEnv('standard', 'STANDARD_WEBHOOK_SECRET')

export const POST = withWebhook(standard, async (request, delivery) => {
  return Response.json({ id: delivery.id, type: delivery.json().type })
})
// END next
