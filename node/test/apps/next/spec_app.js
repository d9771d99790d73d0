// What both routes share, on globalThis (each route is bundled on its own,
// one server process runs them all): the handler's behaviour and what it
// saw (state), and one withWebhook handler and store per spec case.

import fs from 'node:fs'
import path from 'node:path'
import { Webhook, MemoryDedup, RedisDedup } from 'hookproof'
import { withWebhook } from 'hookproof/web'

const SPEC = JSON.parse(fs.readFileSync(path.join(process.cwd(), '..', '..', '..', '..', 'tests', 'vectors', 'integration', 'integration.json'), 'utf8'))

export function state () {
  globalThis.hookproofSpec ??= { behaviour: 'ok', consume: false, ran: false, rejected: [], logs: [] }
  return globalThis.hookproofSpec
}

/** The case's Webhook, or for a multi-tenant case the function that picks one by a header of the Request. */
function webhookOf (spec) {
  if (!spec.tenants) return new Webhook(spec.scheme, spec.secrets, { tolerance: spec.tolerance })
  const tenants = new Map(Object.entries(spec.tenants).map(([t, w]) => [t, new Webhook(w.scheme, w.secrets, { tolerance: w.tolerance, tenant: t })]))
  return async (request) => {
    const tenant = request.headers.get(spec.tenant_header)
    if (tenant === spec.failing) throw new Error('the tenants database is down')
    return tenants.get(tenant) ?? null
  }
}

/** { handler, options } for spec case `id`, made once. */
export async function caseApp (id) {
  const apps = (globalThis.hookproofSpecCases ??= new Map())
  if (apps.has(id)) return apps.get(id)
  const c = SPEC.tests.find((t) => t.tcId === id)
  const o = c.options
  const log = (line) => state().logs.push(line)
  const options = { logger: { warn: log, error: log }, onReject: (r) => state().rejected.push(r.code) }
  if (o.max_body !== undefined) options.maxBody = o.max_body
  if (o.require_dedup_key !== undefined) options.requireDedupKey = o.require_dedup_key
  if (o.public_url !== undefined) options.publicUrl = o.public_url
  if (o.trust_forwarded !== undefined) options.trustForwarded = o.trust_forwarded
  if (o.dedup === 'memory') options.dedup = new MemoryDedup()
  if (o.dedup === 'redis_unreachable') {
    const { createClient } = await import('redis')
    const client = createClient({ socket: { host: '127.0.0.1', port: Number(process.env.CLOSED_PORT), reconnectStrategy: false } })
    client.on('error', () => {})
    await client.connect().catch(() => {})
    options.dedup = new RedisDedup(client)
  }
  const wh = webhookOf(c.webhook)
  const handler = withWebhook(wh, async () => {
    const s = state()
    s.ran = true
    if (s.behaviour === 'raise') throw new Error('the handler failed')
    const status = s.behaviour.startsWith('status:') ? Number(s.behaviour.slice(7)) : 200
    return Response.json({ handled: true }, { status })
  }, options)
  apps.set(id, { handler, options })
  return apps.get(id)
}
