// Microseconds per call, in-process (Node, Deno, Bun): each function's loop
// calibrated to ~0.2 s, the functions interleaved round by round, the median
// of the rounds kept (the same method as node_bench.js).
const now = () => performance.now()
const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]

function calibrate (fn, ms) {
  for (let n = 1; ; n *= 2) {
    const t0 = now()
    for (let i = 0; i < n; i++) fn()
    const dt = now() - t0
    if (dt > ms / 4) return Math.ceil((n * ms) / dt)
  }
}

export function measure (fns, { rounds = 7, ms = 200 } = {}) {
  const names = Object.keys(fns)
  const loops = names.map((n) => calibrate(fns[n], ms))
  const runs = names.map(() => [])
  for (let r = 0; r < rounds; r++) {
    names.forEach((name, i) => {
      const t0 = now()
      for (let k = 0; k < loops[i]; k++) fns[name]()
      runs[i].push(((now() - t0) * 1000) / loops[i])
    })
  }
  return Object.fromEntries(names.map((n, i) => [n, median(runs[i])]))
}
