'use strict'

// The integration spec inside Next.js: an App Router app
// (test/apps/next: a catch-all route handler made with hookproof/web's
// withWebhook) built with `next build` and served by `next start`, as an app
// is deployed. The header x-spec-case names the case, whose Webhook and
// options the route builds once; test/apps/next/app/spec-control is the
// test's side door to the handler's behaviour and what it saw. Every case
// applies: Next hands the route a streamed Request, so the stalled chunked
// upload is refused at the limit as anywhere else. The same app's edge
// route (test/apps/next/app/edge) gets hookproof send's deliveries.

const test = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { execFileSync, spawn, spawnSync } = require('node:child_process')

const { SPEC, closedPort, send } = require('./spec_client')
const { platformName } = require('../platform')
const native = require('../native')

const APP = path.join(__dirname, 'apps', 'next')
const NEXT = path.join(APP, 'node_modules', 'next', 'dist', 'bin', 'next')

test('Next.js App Router (next build, next start): every spec case', { timeout: 600_000 }, async (t) => {
  // The app's copy of hookproof has no addon (that comes in a platform
  // package from the registry): it loads the one `make node` built.
  const addon = path.join(__dirname, '..', `hookproof.${platformName()}.node`)
  const { EXPECTED, SECRETS, send: sendDeliveries } = await import('./runtimes/deliveries.mjs')
  const env = { ...process.env, ...SECRETS, NEXT_TELEMETRY_DISABLED: '1', HOOKPROOF_NATIVE_PATH: addon, CLOSED_PORT: String(await closedPort()) }
  const mistake = spawnSync(process.execPath, [NEXT, 'build'], { cwd: APP, env: { ...env, HOOKPROOF_SPEC_BUNDLED: '1' }, encoding: 'utf8' })
  assert.notEqual(mistake.status, 0, 'hookproof left to the bundler cannot load its addon')
  assert.match(mistake.stdout + mistake.stderr, /hookproof was bundled.*serverExternalPackages: \['hookproof'\]/)
  execFileSync(process.execPath, [NEXT, 'build'], { cwd: APP, env, stdio: ['ignore', 'ignore', 'inherit'] })
  const port = await closedPort()
  const server = spawn(process.execPath, [NEXT, 'start', '-p', String(port), '-H', '127.0.0.1'], { cwd: APP, env, stdio: ['ignore', 'ignore', 'inherit'] })
  const control = `http://127.0.0.1:${port}/spec-control`
  try {
    for (let tries = 0; ; tries++) {
      try {
        await fetch(control)
        break
      } catch (err) {
        if (tries > 300) throw err
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
    }
    for (const c of SPEC.tests) {
      await t.test(`#${c.tcId} ${c.comment}`, async () => {
        for (const [i, request] of c.requests.entries()) {
          // A claim another worker holds, when the case says so.
          const claim = request.claimed ? [c.tcId, native.storeKey(c.webhook.scheme, request.claimed)] : undefined
          await fetch(control, { method: 'POST', body: JSON.stringify({ behaviour: request.handler, consume: Boolean(request.consume), claim }) })
          const [status, body] = await send(port, request, [['X-Spec-Case', String(c.tcId)]])
          const seen = await (await fetch(control)).json()
          const want = request.expect
          const label = `#${c.tcId} request ${i + 1}`
          assert.equal(status, want.status, `${label}: ${status} ${body.slice(0, 200)}`)
          if (want.body !== null && want.body !== undefined) assert.deepEqual(JSON.parse(body), want.body, label)
          assert.equal(seen.ran, want.ran, `${label}: handler ran`)
          assert.deepEqual(seen.rejected, want.rejected ? [want.rejected] : [], `${label}: onReject`)
          if (want.log) assert.ok(seen.logs.some((line) => line.includes(want.log)), `${label}: no log line has ${want.log}: ${seen.logs}`)
        }
      })
    }
    // The edge route (app/edge/[scheme]: the README's edge example) runs in
    // Next's edge sandbox on the WebAssembly build, which Next bundled by
    // the edge-light condition: hookproof send's deliveries over HTTP.
    await t.test('edge route: genuine, tampered, stale and repeated deliveries from hookproof send', async () => {
      for (const [label, scheme, args, want] of EXPECTED) {
        const got = await sendDeliveries(scheme, `http://127.0.0.1:${port}/edge/${scheme}`, ...args)
        assert.deepEqual(got.map((r) => [r.status, r.answer]), want, label)
      }
    })
  } finally {
    server.kill()
  }
})
