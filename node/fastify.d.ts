import type { DedupStore, Verified, Webhook } from './index'
import type { Logger } from './express'

export interface FastifyOptions {
  maxBody?: number
  logger?: Logger
  dedup?: DedupStore
}

export interface PluginOptions extends FastifyOptions {
  webhook: Webhook
}

declare module 'fastify' {
  interface FastifyRequest {
    webhook: Verified | null
  }
}

/** Route options (a preParsing hook) that verify the route's deliveries. */
export function verifyWebhook (wh: Webhook, options?: FastifyOptions): { preParsing: (...args: any[]) => Promise<unknown>, onSend: (...args: any[]) => Promise<unknown> }

/** Verifies every route of the context it is registered in. */
declare function hookproofPlugin (fastify: any, options: PluginOptions, done: (err?: Error) => void): void
export { hookproofPlugin }
export default hookproofPlugin
