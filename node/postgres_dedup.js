'use strict'

// PostgresDedup: the dedup store in the app's own PostgreSQL, for apps that
// run no Redis, on the app's own client: `pg` (node-postgres: a Pool, a
// Client or a pooled client) or `postgres` (postgres.js). The same claim /
// complete / release protocol as the other stores (see dedup.js), over one
// table; the statements are the Rust core's (hookproof::dedup::postgres_sql),
// the same the Python package runs.
//
// - The table is made by an explicit createTable(), or by createTableSql in
//   your own migration; the store never changes a schema by itself. Without
//   it every call fails, so the integrations answer 503 and the sender retries.
// - A claim is one statement, one round trip, atomic in PostgreSQL; time is
//   the database's now(), one clock for every server.
// - Expired rows stay until prune(limit) deletes them: schedule it.
//
// Exactly-once effects (transactional mode): the handler calls
// completeIn(client, delivery) inside its own BEGIN … COMMIT, on the client
// its writes use. The record turns done in the same commit as the writes; a
// process killed after the commit leaves the delivery done, a rollback
// leaves it claimed (the integration releases it and the retry runs).

const native = require('./native')
const { token, DEFAULT_LEASE_MS, DEFAULT_TTL_MS } = require('./dedup')

const NOT_IN_TRANSACTION = 'completeIn needs the client of an open transaction (after BEGIN, or sql.begin() ' +
  'in postgres.js): outside one the record would commit alone, before the handler\'s writes'

/**
 * completeIn found no claim to complete: another handler of the same
 * delivery committed first, or the delivery was not claimed in this store's
 * table (the integration has no `dedup` with it). Thrown inside the
 * transaction so that it rolls back: its writes would repeat the first
 * handler's. The integration answers as for any error (the claim is
 * released, the sender retries and is answered duplicate).
 */
class ClaimLostError extends Error {
  constructor () {
    super('no claim to complete: another handler of this delivery committed first, ' +
      'or it was not claimed in this table (is this store the integration\'s dedup?)')
    this.name = 'ClaimLostError'
  }
}

// The tokens of the claims completeIn completed, until the integration
// settles them: its complete of that claim then sends nothing. Kept per
// process, not per store, so a handler that completes through a store of
// its own is seen too; a token belongs to one claim. At most this many (one
// per delivery in flight in this process).
const completedIn = new Set()
const MAX_COMPLETED_IN = 10_000

/**
 * One statement on node-postgres or postgres.js: { rows (arrays), count }.
 * With values it is a prepared statement (`name`, per connection with
 * node-postgres): parsed and planned once, not on every delivery. Without,
 * the simple protocol (several statements may run).
 */
async function run (db, text, values, name) {
  if (typeof db.unsafe === 'function') { // postgres.js
    const rows = values.length ? await db.unsafe(text, values, { prepare: true }).values() : await db.unsafe(text)
    return { rows, count: rows.count }
  }
  const result = values.length ? await db.query({ name, text, values, rowMode: 'array' }) : await db.query(text)
  return { rows: result.rows, count: result.rowCount }
}

class PostgresDedup {
  #db
  #sql
  #names

  constructor (db, { table = 'hookproof_dedup', lease = DEFAULT_LEASE_MS, ttl = DEFAULT_TTL_MS } = {}) {
    if (!db || (typeof db.query !== 'function' && typeof db.unsafe !== 'function')) {
      throw new TypeError('PostgresDedup needs a pg (node-postgres) pool or client, or a postgres.js sql')
    }
    if (!(lease > 0 && ttl > 0)) throw new RangeError('lease and ttl must be positive')
    const sql = native.dedupPostgresSql(String(table))
    if (!sql) throw new RangeError('table must be a plain lower-case SQL identifier (letters, digits, _; at most 63)')
    this.#db = db
    this.#sql = sql
    // node-postgres names a prepared statement per connection; one name, one
    // text (a longer name would be cut to 63 bytes: left unnamed).
    this.#names = Object.fromEntries(Object.keys(sql).map((k) => [k, `hookproof_${k}_${table}`.length <= 63 ? `hookproof_${k}_${table}` : undefined]))
    Object.assign(this, { table, lease, ttl })
  }

  /** This store's table, for a migration. */
  get createTableSql () { return this.#sql.create_table }

  /** Creates the table if missing (and changes nothing that exists). */
  async createTable () { await run(this.#db, this.#sql.create_table, []) }

  async claim (key) {
    const t = token()
    const { rows: [[won, held]] } = await run(this.#db, this.#sql.claim, [key, t, this.lease / 1000], this.#names.claim)
    if (won === t) return ['claimed', t]
    // Held by another claim, or done. A row a concurrent claim committed
    // after this statement's snapshot reads as absent: it is in flight.
    return [held === 'done' ? 'done' : 'in_flight', '']
  }

  /**
   * Marks the claim done. After completeIn it does nothing: the record's
   * state is then the handler's transaction's (done if it committed; still
   * claimed, so retried after the lease, if the handler swallowed a rollback).
   */
  async complete (key, t) {
    if (completedIn.delete(t)) return
    await run(this.#db, this.#sql.complete, [key, t, this.ttl / 1000], this.#names.complete)
  }

  async release (key, t) {
    completedIn.delete(t)
    await run(this.#db, this.#sql.release, [key, t], this.#names.release)
  }

  /** Deletes at most `limit` expired records; resolves to how many. */
  async prune (limit = 10_000) {
    const { rows: [[count]] } = await run(this.#db, this.#sql.prune, [Math.trunc(limit)], this.#names.prune)
    return Number(count)
  }

  /**
   * Marks `delivery` (the Verified the integration gave the handler) done
   * inside the open transaction of `client`, the one the handler's writes
   * use: it commits with them or rolls back with them. Call it first in the
   * transaction: the row lock it takes makes a concurrent handler of the
   * same delivery wait, then find it done. Rejects with ClaimLostError when
   * there is no claim to complete (roll back), and refuses a pool or a
   * client in no transaction. The table must be in that database.
   */
  async completeIn (client, delivery) {
    if (!client || (typeof client.query !== 'function' && typeof client.unsafe !== 'function')) {
      throw new TypeError('completeIn takes the pg client or postgres.js sql your transaction runs on')
    }
    if (typeof client.totalCount === 'number') {
      throw new TypeError('completeIn takes the client your transaction runs on (pool.connect()), not a pool')
    }
    // postgres.js gives only a transaction's sql a savepoint(); node-postgres
    // (8.21 and later) tells whether its last answer left a transaction open
    // ('T'). Where neither can be asked, refuse rather than let the record
    // commit alone.
    if (typeof client.unsafe === 'function') {
      if (typeof client.savepoint !== 'function') throw new Error(NOT_IN_TRANSACTION)
    } else if (typeof client.getTransactionStatus !== 'function' || client.getTransactionStatus() == null) {
      throw new TypeError('completeIn needs node-postgres 8.21 or later (Client.getTransactionStatus), ' +
        'so that it can tell the client is inside BEGIN')
    } else if (client.getTransactionStatus() !== 'T') {
      throw new Error(NOT_IN_TRANSACTION)
    }
    const key = delivery?.dedupKey
    if (key == null) throw new TypeError('completeIn needs the verified delivery, with a dedup key')
    const storeKey = native.storeKey(delivery.scheme, key, delivery.tenant ?? undefined)
    const { rows } = await run(client, this.#sql.complete_in, [storeKey, this.ttl / 1000], this.#names.complete_in)
    const token = rows[0]?.[0]
    if (token == null) throw new ClaimLostError()
    if (completedIn.size >= MAX_COMPLETED_IN) completedIn.delete(completedIn.values().next().value)
    completedIn.add(token)
  }
}

module.exports = { PostgresDedup, ClaimLostError }
