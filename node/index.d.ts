// Types for hookproof (hand-written; the runtime is index.js over the Rust core).

/// <reference types="node" />

/** The raw request body: exactly the bytes that arrived. */
export type Body = Buffer | Uint8Array | ArrayBuffer | DataView | string

/** Node's `req.headers` (any case; string or string[] values), any plain object, or WHATWG Headers. */
export type HeadersInput = Record<string, string | string[] | undefined> | Headers

/** A secret, or several (rotation, newest first). */
export type Secret = string | Buffer | Uint8Array
/**
 * A secret with the last unix second (or Date) it verifies: after it, a
 * delivery signed with it is SIGNATURE_MISMATCH naming it as expired.
 */
export interface DatedSecret { secret: Secret; notAfter?: number | Date | null }
export type Secrets = Secret | DatedSecret | Array<Secret | DatedSecret>

/** Unix seconds (a Date is converted). */
export type UnixTime = number | Date

/**
 * The core's VERIFY_CODES in upper case (a test checks the two lists agree).
 * KEY_UNAVAILABLE: the sender's published key (an SNS certificate, Google's
 * JWKS) could not be fetched: no verdict, and the integrations answer 503.
 */
export type VerificationCode =
  | 'MISSING_HEADER'
  | 'MALFORMED_HEADER'
  | 'TIMESTAMP_TOO_OLD'
  | 'TIMESTAMP_TOO_NEW'
  | 'SIGNATURE_MISMATCH'
  | 'KEY_UNAVAILABLE'

/** Codes of the RangeError thrown for a refused scheme, secret or argument (the core's CONFIG_CODES). */
export type ConfigurationCode = 'UNKNOWN_SCHEME' | 'INVALID_SCHEME' | 'INVALID_SECRET' | 'INVALID_ARGUMENT'

/** A delivery that is not genuine. */
export class WebhookVerificationError extends Error {
  readonly name: 'WebhookVerificationError'
  readonly code: VerificationCode
}

export interface WebhookOptions {
  /** Seconds of clock difference accepted both ways (default: the scheme's, 300 for the presets); null turns the check off. */
  tolerance?: number | null
  /** google-pubsub, azure-event-grid: the audience its tokens carry (Pub/Sub: the push endpoint's URL or the subscription's audience; Event Grid: your app's application id or ID URI). Required there. */
  audience?: string | string[]
  /** google-pubsub: the service account the token must name (email_verified). */
  email?: string
  /** aws-sns: the topic ARNs accepted. Required there. */
  topic?: string | string[]
  /** azure-event-grid: the Microsoft Entra directory (tenant) id its tokens come from, a GUID. Required there. */
  directory?: string
  /** paypal: the id of your webhook (the dashboard shows it), which PayPal signs with each delivery. Required there. */
  webhookId?: string
  /** Fetches a key document for the schemes whose sender publishes its keys (default: fetchKeyDocument, on the runtime's fetch). */
  resolver?: KeyResolver
  /** The tenant this Webhook verifies for, in a multi-tenant app (1 to 128 letters, digits, '.', '_', '-'): a dedup store keeps each tenant's keys apart. */
  tenant?: string
}

/** A fetched key document: its bytes (or text) and the response's Cache-Control. */
export interface KeyDocument {
  body: Uint8Array | string
  cacheControl?: string | null
}

/** Fetches the key document at `url` (HTTPS; the URL was checked by the core first). */
export type KeyResolver = (url: string) => Promise<KeyDocument>

/** The default resolver: the runtime's fetch, no redirects, a timeout (ms, default 5000), at most 64 KiB. */
export function fetchKeyDocument (url: string, options?: { timeout?: number }): Promise<KeyDocument>

/** A resolver for the `plaid` scheme: Plaid's webhook verification keys, fetched by id with your API keys (POST /webhook_verification_key/get). */
export function plaidKeys (options: { clientId: string, secret: string, environment?: 'production' | 'sandbox', timeout?: number }): KeyResolver

export interface VerifyOptions {
  /** Verify as if the time were this (unix seconds). */
  now?: UnixTime
  /** The full URL the sender called: required by the schemes that sign it (twilio, square, hubspot). */
  url?: string
  /** The request method: required by hubspot. */
  method?: string
}

export interface SignOptions {
  /** Unix seconds; default now. */
  timestamp?: UnixTime
  /** Delivery id; default a random UUID. */
  id?: string
  url?: string
  method?: string
}

/** The JSON form of a scheme (see the Rust crate's README). */
export interface SchemeDefinition {
  name: string
  description?: string
  /** The sender's documentation the scheme follows (a URL). */
  source?: string
  /** The signature's header; absent when it is in the body (`signature_field`). */
  signature_header?: string | string[]
  /** A JSON body field holding the signature (Mailgun's `signature.signature`). */
  signature_field?: string
  signature_format:
    | { list: { prefix?: string; separators?: string } }
    | { params: { separator: string; signature_key: string; timestamp_key?: string } }
  /** Further headers carrying one signature per secret (Box's secondary). */
  extra_signature_headers?: Array<string | string[]>
  /** Headers whose value the sender fixes (Box's signature version). */
  expected_headers?: Array<{ header: string | string[]; value: string }>
  timestamp_header?: string | string[]
  id_header?: string | string[]
  event_header?: string | string[]
  /** A JSON body field naming the event (Stripe's `type`). */
  event_field?: string
  /** A JSON body field holding the timestamp (Linear's `webhookTimestamp`). */
  timestamp_field?: string
  message: string
  algorithm: 'hmac-sha256' | 'hmac-sha1' | 'ed25519' | 'ecdsa-p256-sha256' | 'rsa-sha256' | 'sha256-secret-prefix' | 'token'
  key: 'utf8' | 'whsec-base64' | 'ed25519-hex' | 'ed25519-base64' | 'whpk-base64' | 'ecdsa-p256' | 'rsa'
  encoding: 'hex' | 'base64' | 'raw'
  timestamp_unit?: 's' | 'ms' | 'rfc3339'
  tolerance?: number | null
  dedup?: 'none' | 'id' | 'id-without-attempt'
    | { header: string | string[] } | { 'body-field': string } | { 'body-field-matching-id': string }
}

/** How a sender signs: a preset's definition, or your own. */
export class Scheme {
  constructor (definition: SchemeDefinition | string)
  static fromJSON (text: string): Scheme
  static preset (name: string): Scheme
  readonly name: string
  toJSON (): SchemeDefinition
}

/** A delivery that verified. */
export class Verified {
  /** The tenant of the Webhook that verified it (its tenant option), or null. */
  readonly tenant: string | null
  private constructor ()
  /**
   * The raw body (a string body is UTF-8 encoded). On the WebAssembly build
   * in a runtime without Buffer (Workers, Vercel Edge, browsers) it is
   * a plain Uint8Array with the same bytes: read it with TextDecoder, or use
   * json().
   */
  readonly body: Buffer
  /** The body parsed as JSON. */
  // `any` by default, as JSON.parse and Response.json() return: plain
  // JavaScript reads fields straight away; TypeScript names the shape.
  json<T = any> (): T
  readonly scheme: string
  readonly id: string | null
  /** Unix seconds. */
  readonly timestamp: number | null
  readonly event: string | null
  /**
   * The same on every retry of one delivery: use it to process each delivery
   * once. Taken from signed bytes wherever the sender signs one.
   * @throws WebhookVerificationError (`MALFORMED_HEADER`) when the id header
   * disagrees with the key the signed body carries (cloro's `task.id`): the
   * header was changed after signing.
   */
  readonly dedupKey: string | null
  /** Which secret matched, from 0. */
  readonly keyIndex: number
  /** The fields above (not the body), for logs and `JSON.stringify`; a dedup key that cannot be read is null. */
  toJSON (): { scheme: string, id: string | null, timestamp: number | null, event: string | null, dedupKey: string | null, keyIndex: number }
}

/**
 * What an integration takes in place of a fixed Webhook in a multi-tenant
 * app: a function of the framework's request (Express `req`, Fastify
 * `request`, Koa `ctx`, Hono `c`, a Fetch `Request`, a Lambda event) that
 * returns the tenant's Webhook, or null for a tenant it does not know
 * (404 unknown_tenant); a throw is 503 tenant_lookup_failed. Keep the
 * Webhooks it returns: each is prepared once, when built.
 */
export type WebhookFor<R = any> = (request: R) => Webhook | null | undefined | Promise<Webhook | null | undefined>

/** Verifies deliveries of one scheme; keys are prepared once, in the constructor. */
export class Webhook {
  /** @throws TypeError for arguments of the wrong type, RangeError (with `code`) for refused values */
  /** `secret` is null or undefined for a sender that publishes its keys (aws-sns, google-pubsub, azure-event-grid, plaid, paypal). */
  constructor (scheme: string | Scheme, secret: Secrets | null | undefined, options?: WebhookOptions)
  /** Secrets from environment variables (newest first); an unset or empty variable throws RangeError. */
  static fromEnv (scheme: string | Scheme, ...names: [string, ...string[]] | [string, ...string[], WebhookOptions]): Webhook
  readonly scheme: string
  readonly tolerance: number | null
  readonly idHeader: string | null
  /** Whether the scheme signs the request URL (Twilio, Square, HubSpot): the integrations pass it. */
  readonly signsUrl: boolean
  /** Whether the scheme signs the request method (HubSpot). */
  readonly signsMethod: boolean
  /** The header the dedup key comes from, if it comes from a header (the integrations refuse a delivery without it when a dedup store is set); null otherwise. */
  readonly dedupHeader: string | null
  readonly headerNames: readonly string[]
  /** The tenant option, or null. */
  readonly tenant: string | null
  /** Whether the scheme's keys are fetched from its sender (aws-sns, google-pubsub, azure-event-grid, plaid, paypal): verify those with verifyAsync. */
  readonly fetchesKeys: boolean
  /** The JSON to answer a verified delivery with (status 200) when it is its sender's subscription handshake (Azure Event Grid's validation event), or null. The integrations answer it. */
  handshake (delivery: Verified): string | null
  /** @throws WebhookVerificationError (KEY_UNAVAILABLE for a published key not fetched yet: use verifyAsync) */
  verify (body: Body, headers: HeadersInput, options?: VerifyOptions): Verified
  /** verify, fetching first a key the sender publishes that is not cached. @throws WebhookVerificationError */
  verifyAsync (body: Body, headers: HeadersInput, options?: VerifyOptions): Promise<Verified>
  /** Fetches what verifying this delivery needs and is not cached; resolves to the KEY_UNAVAILABLE error of a failed fetch (verify then uses a stale key if cached), or null. */
  fetchKeys (body: Body, headers: HeadersInput, options?: { now?: UnixTime }): Promise<WebhookVerificationError | null>
  /** The URL of the key document this delivery needs and is not cached, or null. @throws WebhookVerificationError for a URL the scheme refuses */
  keyUrl (body: Body, headers: HeadersInput, options?: { now?: UnixTime }): string | null
  /** Keeps a key document fetched from `url`. @throws WebhookVerificationError KEY_UNAVAILABLE when it holds no usable key */
  addKeys (url: string, document: Uint8Array | string, options?: { cacheControl?: string | null, now?: UnixTime }): void
  /** The headers a sender attaches to `body`. */
  sign (body: Body, options?: SignOptions): Record<string, string>
}

export interface OneShotVerifyOptions extends WebhookOptions, VerifyOptions {
  scheme: string | Scheme
  secret: Secrets
}

export interface OneShotSignOptions extends SignOptions {
  scheme: string | Scheme
  secret: Secrets
}

/** One-shot verification; keep a Webhook for anything hot. */
export function verify (body: Body, headers: HeadersInput, options: OneShotVerifyOptions): Verified
export function sign (body: Body, options: OneShotSignOptions): Record<string, string>
export interface Finding {
  /** body_reserialized, body_trailing_newline, body_line_endings, body_encoding, secret_form, scheme, clock, timestamp_unit */
  mistake: string
  /** What would have matched, and what to change. */
  fix: string
}

/** Why a delivery fails; a diagnostic, never for the request path. */
/**
 * Why a delivery fails. `error` is the verification code, or `INVALID_SECRET`
 * when the scheme refuses the secret (nothing could verify); `findings` may
 * then say which form of the secret the sender uses.
 */
export function explain (body: Body, headers: HeadersInput, options: OneShotVerifyOptions): { error: VerificationCode | 'INVALID_SECRET' | null, findings: Finding[] }
/**
 * The presets whose signature header `headers` carries (in the preset's own
 * syntax), most specific first. Names candidates and verifies nothing: try
 * them with the secrets you hold for them.
 */
export function identify (headers: HeadersInput): string[]
/** This package's version; the same as the Python package's and the CLI's. */
export const version: string
/** Preset scheme names. */
export function schemes (): string[]
/** One-line description of every preset, by name. */
export function schemeDescriptions (): Record<string, string>

export type ClaimState = 'claimed' | 'in_flight' | 'done'

/** What the integrations need from a dedup store. */
export interface DedupStore {
  claim (key: string): Promise<[ClaimState, string]>
  complete (key: string, token: string): Promise<void>
  release (key: string, token: string): Promise<void>
}

export interface DedupOptions {
  /** How long a claim lasts before a crashed worker's delivery can be retried (ms, default 60 000). */
  lease?: number
  /** How long a handled delivery is remembered (ms, default 3 days). */
  ttl?: number
}

/** In-process store for one Node process: the core's, on a monotonic clock (the same as Python's). */
export class MemoryDedup implements DedupStore {
  constructor (options?: DedupOptions & { maxEntries?: number })
  claim (key: string): Promise<[ClaimState, string]>
  complete (key: string, token: string): Promise<void>
  release (key: string, token: string): Promise<void>
  readonly size: number
}

/** A store in Redis, shared by every process and instance: pass a connected `redis` or `ioredis` client. */
export class RedisDedup implements DedupStore {
  constructor (client: unknown, options?: DedupOptions & { prefix?: string })
  claim (key: string): Promise<[ClaimState, string]>
  complete (key: string, token: string): Promise<void>
  release (key: string, token: string): Promise<void>
}

/**
 * A store in a PostgreSQL table, shared by every process and instance: pass
 * a `pg` Pool or Client, or a postgres.js `sql`. Create the table once with
 * `createTable()` or `createTableSql` in a migration.
 */
export class PostgresDedup implements DedupStore {
  constructor (db: unknown, options?: DedupOptions & { table?: string })
  /** This store's table (CREATE TABLE IF NOT EXISTS), for a migration. */
  readonly createTableSql: string
  createTable (): Promise<void>
  claim (key: string): Promise<[ClaimState, string]>
  complete (key: string, token: string): Promise<void>
  release (key: string, token: string): Promise<void>
  /** Deletes at most `limit` expired records (default 10 000); resolves to how many. */
  prune (limit?: number): Promise<number>
  /**
   * Exactly-once effects: marks the delivery done inside the open transaction
   * of `client` (a `pg` client after BEGIN, or postgres.js's `sql.begin()`
   * sql), so it commits with the handler's writes. Call it first in the
   * transaction. Rejects with ClaimLostError when another handler of the
   * delivery committed first: roll back.
   */
  completeIn (client: unknown, delivery: Verified): Promise<void>
}

/** completeIn found no claim to complete: roll the transaction back. */
export class ClaimLostError extends Error {
  readonly name: 'ClaimLostError'
}
