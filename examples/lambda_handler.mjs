// An AWS Lambda handler for cloro deliveries, behind API Gateway (REST or
// HTTP API) or a function URL (the README's Lambda quick start). Handler
// setting: lambda_handler.handler; environment: CLORO_WEBHOOK_SECRET.

// START lambda-node
import { Webhook } from 'hookproof'
import { withWebhook } from 'hookproof/lambda'

const cloro = Webhook.fromEnv('cloro', 'CLORO_WEBHOOK_SECRET')

export const handler = withWebhook(cloro, async (event, delivery, context) => {
  return { statusCode: 200, body: JSON.stringify({ received: delivery.json().task.id }) }
})
// END lambda-node
