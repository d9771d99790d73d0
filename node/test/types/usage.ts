// Compiled by `tsc -p test/types` (make test): the published types must
// accept the documented usage and reject misuse (@ts-expect-error lines).
import { ClaimLostError, MemoryDedup, PostgresDedup, RedisDedup, Scheme, Webhook, WebhookVerificationError, schemes, sign, verify } from 'hookproof'
import type { Verified, VerificationCode } from 'hookproof'
import { verifyWebhook } from 'hookproof/express'
import { verifyWebhook as fastifyVerify, hookproofPlugin } from 'hookproof/fastify'
import { verifyRequest, withWebhook } from 'hookproof/web'
import { withWebhook as lambdaWebhook } from 'hookproof/lambda'
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2, Context } from 'aws-lambda'

const wh = new Webhook('cloro', ['whsec_new', Buffer.from('whsec_old')], { tolerance: 300 })
const off = new Webhook(new Scheme({
  name: 'acme',
  signature_header: 'X-Acme-Signature',
  signature_format: { list: { prefix: 'v1=' } },
  message: '{timestamp}.{body}',
  timestamp_header: 'X-Acme-Timestamp',
  algorithm: 'hmac-sha256',
  key: 'utf8',
  encoding: 'hex'
}), 'secret', { tolerance: null })
const fromEnv: Webhook = Webhook.fromEnv('fileloom', 'A', 'B', { tolerance: 60 })
const dated = new Scheme({
  name: 'dated',
  signature_header: 'X-Primary',
  extra_signature_headers: ['X-Secondary'],
  expected_headers: [{ header: 'X-Version', value: '1' }],
  signature_format: { list: {} },
  message: '{body}{timestamp}',
  timestamp_header: 'X-Date',
  timestamp_unit: 'rfc3339',
  algorithm: 'hmac-sha256',
  key: 'utf8',
  encoding: 'base64'
})

const headers: Record<string, string> = wh.sign('{}', { timestamp: 1748419200, id: 'task-1' })
const delivery: Verified = wh.verify(Buffer.from('{}'), headers, { now: 1748419200 })
const key: string | null = delivery.dedupKey
const index: number = delivery.keyIndex
const parsed = delivery.json<{ task: { id: string } }>()
const taskId: string = parsed.task.id
verify(new Uint8Array(), new Headers(), { scheme: 'standard', secret: 'whsec_x', now: new Date() })
sign('body', { scheme: 'cloro', secret: 'x' })
const names: string[] = schemes()

try {
  off.verify('x', { 'x-acme-signature': ['a', 'b'] })
} catch (err) {
  if (err instanceof WebhookVerificationError) {
    const code: VerificationCode = err.code
  }
}

// @ts-expect-error a number is not a body
wh.verify(42, headers)
// @ts-expect-error tolerance is seconds or null
new Webhook('cloro', 'x', { tolerance: '300' })
// @ts-expect-error codes are upper case
const wrong: VerificationCode = 'signature_mismatch'

const middleware = verifyWebhook(wh, { maxBody: 1024, logger: console, dedup: new MemoryDedup({ lease: 30_000 }) })
// Multi-tenant: a function of the request picks the tenant's Webhook (async allowed).
const tenants = new Map<string, Webhook>([['acme', wh]])
const perTenant = verifyWebhook(async (req) => tenants.get(String(req.headers['x-tenant'])) ?? null)
void perTenant
const shared = new RedisDedup({ call: async () => 'claimed' }, { prefix: 'app:' })
const pgStore = new PostgresDedup({ query: async () => ({ rows: [] }) }, { table: 'webhooks_seen', lease: 30_000 })
const migration: string = pgStore.createTableSql
async function transactional (client: unknown, delivery: Verified): Promise<number> {
  try {
    await pgStore.completeIn(client, delivery)
  } catch (err) {
    if (err instanceof ClaimLostError) return 0
  }
  return pgStore.prune(1000)
}
const route = fastifyVerify(wh)
const plugin = hookproofPlugin
export const POST = withWebhook(wh, async (request: Request, v: Verified) => Response.json({ id: v.id }))
async function manual (request: Request): Promise<string | null> {
  return (await verifyRequest(wh, request, { maxBody: 1 << 20 })).event
}
export const handler = lambdaWebhook(wh, async (event, delivery: Verified, context: unknown) => ({ statusCode: 200, body: delivery.id ?? '' }), { publicUrl: (event) => `https://hooks.example.com${String(event.rawPath)}` })
// The event types of @types/aws-lambda fit (interfaces, no index signature).
export const restHandler = lambdaWebhook(wh, async (event: APIGatewayProxyEvent, delivery: Verified, context: Context) => ({ statusCode: 200, body: event.path }))
export const httpHandler = lambdaWebhook(wh, async (event: APIGatewayProxyEventV2) => ({ statusCode: '200', body: event.rawPath }))
void [fromEnv, key, index, taskId, names, middleware, route, plugin, manual, shared]
