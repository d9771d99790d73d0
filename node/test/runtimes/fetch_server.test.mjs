// The README's Deno and Bun receiver (examples/fetch_server.mjs) in each
// runtime, as a user starts it: Deno with only --allow-net and --allow-env
// (the WebAssembly build loads with no read permission), Bun as is (the
// native addon); hookproof send's deliveries over loopback HTTP.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import test from 'node:test'
import { fileURLToPath } from 'node:url'
import { EXPECTED, SECRETS, send } from './deliveries.mjs'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const BIN = `${ROOT}tests/install/node_modules/.bin/`

const freePort = () => new Promise((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address()
    server.close(() => resolve(port))
  })
})

async function serve (t, args) {
  const port = await freePort()
  const child = spawn(args[0], args.slice(1), {
    cwd: `${ROOT}examples`,
    env: { ...process.env, ...SECRETS, PORT: String(port), NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' },
    stdio: ['ignore', 'ignore', 'pipe']
  })
  let stderr = ''
  child.stderr.on('data', (d) => { stderr += d })
  t.after(() => child.kill())
  const url = `http://127.0.0.1:${port}`
  for (let tries = 0; ; tries++) {
    try {
      await fetch(url)
      return url
    } catch (err) {
      if (child.exitCode !== null || tries > 200) throw new Error(`${args[0]} did not serve: ${stderr}`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
}

for (const [name, args] of [
  ['Deno', [`${BIN}deno`, 'run', '--allow-net', '--allow-env', 'fetch_server.mjs']],
  ['Bun', [`${BIN}bun`, 'fetch_server.mjs']]
]) {
  test(`${name}: the README's Fetch receiver answers hookproof send's deliveries`, async (t) => {
    const url = await serve(t, args)
    for (const [label, scheme, sendArgs, want] of EXPECTED) {
      const got = await send(scheme, `${url}/hooks/${scheme}`, ...sendArgs)
      assert.deepEqual(got.map((r) => [r.status, r.answer]), want, label)
    }
  })
}
