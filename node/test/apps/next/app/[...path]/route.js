// Every path the integration spec sends to, answered by hookproof/web's
// withWebhook in a Next.js App Router route handler. The request header
// x-spec-case names the spec case whose Webhook and options to use.

import { caseApp, state } from '../../spec_app.js'

export const dynamic = 'force-dynamic'

export async function POST (request) {
  const { handler } = await caseApp(Number(request.headers.get('x-spec-case')))
  if (state().consume) await request.text() // a parser that read the body first
  return handler(request)
}
