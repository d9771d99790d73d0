import type { DedupStore, Verified, Webhook, WebhookFor } from './index'
import type { Logger, Rejection } from './express'

// Declared present, as on every route verifyWebhook (or the plugin)
// verifies; Fastify starts it as null on the others.
declare module 'fastify' {
  interface FastifyRequest {
    webhook: Verified
  }
}

/**
 * Verifies every route of the context it is registered in. The module is
 * this function, with `verifyWebhook`, `hookproofPlugin` and `default` as
 * properties (fastify.js sets all of them), hence `export =`.
 */
declare function hookproofPlugin (fastify: any, options: hookproofPlugin.PluginOptions, done: (err?: Error) => void): void

declare namespace hookproofPlugin {
  export interface FastifyOptions {
    maxBody?: number
    logger?: Logger
    dedup?: DedupStore
    /**
     * With `dedup`, a delivery without a dedup key is refused (400
     * `missing_header`, logged) unless this is false: then it is handled
     * without deduplication, and logged.
     */
    requireDedupKey?: boolean
    publicUrl?: string | ((request: any) => string)
    trustForwarded?: boolean
    onReject?: (rejection: Rejection) => void
  }

  export interface PluginOptions extends FastifyOptions {
    webhook: Webhook | WebhookFor
  }

  /** Route options (a preParsing hook) that verify the route's deliveries. */
  export function verifyWebhook (wh: Webhook | WebhookFor, options?: FastifyOptions): { preParsing: (...args: any[]) => Promise<unknown>, onSend: (...args: any[]) => Promise<unknown> }

  export { hookproofPlugin, hookproofPlugin as default }
}

export = hookproofPlugin
