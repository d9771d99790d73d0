// workerd and edge-runtime, whose clocks do not advance while code runs
// (a Spectre mitigation): this handler only runs `n` verifies of `lib` at
// `size`, and edge_bench.mjs times the requests from outside, n against 0.
import * as hookproof from 'hookproof'
import { SIZES, verifiers } from './verifiers.mjs'

const cache = {}

export default {
  fetch (request) {
    const q = new URL(request.url).searchParams
    const size = q.get('size')
    cache[size] ??= verifiers(hookproof, SIZES[size])
    const fn = cache[size][q.get('lib')]
    let last = ''
    for (let i = 0, n = Number(q.get('n')); i < n; i++) last = fn()
    return new Response(last)
  }
}
