// A fetch handler that runs the shared vectors it is sent (POST, a map of
// tests/vectors file names to their JSON) through cases.cjs on whatever
// `hookproof` resolves to where it is bundled, and answers
// { counts, failures, entry }: workerd.test.mjs and edge_runtime.test.mjs
// bundle it for their platform.
import * as hookproof from 'hookproof'
import { runAll } from './suite.mjs'

export default {
  async fetch (request) {
    return Response.json({ ...runAll(hookproof, await request.json()), hasBuffer: typeof Buffer === 'function' })
  }
}
