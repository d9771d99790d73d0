// ESM entry: the CommonJS module's exports, by name.
import hookproof from './index.js'

export const { version, Webhook, Verified, Scheme, WebhookVerificationError, MemoryDedup, RedisDedup, PostgresDedup, ClaimLostError, verify, sign, explain, identify, schemes, schemeDescriptions, fetchKeyDocument, plaidKeys } = hookproof
export default hookproof
