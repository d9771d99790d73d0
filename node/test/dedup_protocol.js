'use strict'

// What every store answers, checked on each one the same way (MemoryDedup,
// RedisDedup, PostgresDedup): claim, in flight, a release by the wrong token
// changes nothing, complete, done; and of 50 concurrent claims one wins.

const assert = require('node:assert/strict')

async function exercise (store) {
  const [state, t] = await store.claim('k')
  assert.equal(state, 'claimed')
  assert.deepEqual(await store.claim('k'), ['in_flight', ''])
  await store.release('k', 'not-the-token')
  assert.equal((await store.claim('k'))[0], 'in_flight')
  await store.complete('k', t)
  assert.equal((await store.claim('k'))[0], 'done')
  const [again, t2] = await store.claim('released')
  assert.equal(again, 'claimed')
  await store.release('released', t2)
  assert.equal((await store.claim('released'))[0], 'claimed')
  const states = await Promise.all(Array.from({ length: 50 }, () => store.claim('race')))
  assert.equal(states.filter(([s]) => s === 'claimed').length, 1)
}

module.exports = { exercise }
