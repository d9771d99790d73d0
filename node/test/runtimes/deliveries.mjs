// The deliveries `hookproof send` makes (the CLI, signing as the sender
// would): genuine, tampered, stale and repeated, POSTed over loopback HTTP
// to an edge receiver (workerd.test.mjs, fetch_server.test.mjs, next.test.js). The CLI is
// HOOKPROOF_CLI (make test: the debug build), else the release build.
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const CLI = process.env.HOOKPROOF_CLI || `${ROOT}target/release/hookproof`

export const SECRETS = {
  CLORO_WEBHOOK_SECRET: 'whsec_edge_cloro_9f8e7d6c5b4a',
  FILELOOM_WEBHOOK_SECRET: 'fl_edge_signing_secret_3c2b1a'
}

/** Runs `hookproof send`; resolves to [{ status, answer }] (one per request sent). */
export function send (scheme, url, ...args) {
  const secret = scheme === 'cloro' ? 'CLORO_WEBHOOK_SECRET' : 'FILELOOM_WEBHOOK_SECRET'
  const body = `${ROOT}examples/bodies/${scheme}.json`
  return new Promise((resolve, reject) => {
    execFile(CLI, ['send', '--scheme', scheme, '--secret-env', secret, '--url', url, ...args, body], { env: { ...process.env, ...SECRETS } }, (err, stdout, stderr) => {
      // Exit 1: an answer was not 2xx, which the refusals are meant to get.
      if (err && err.code !== 1) return reject(new Error(`hookproof send: ${err.message} ${stderr}`))
      try {
        resolve(stdout.trim().split('\n').map((line) => {
          const [, status, answer] = line.match(/^\d+: (\d{3}) (.*)$/) ?? []
          if (!status) throw new Error(`hookproof send printed ${JSON.stringify(line)}`)
          return { status: Number(status), answer: JSON.parse(answer) }
        }))
      } catch (e) {
        reject(e)
      }
    })
  })
}

/**
 * What each receiver must answer, as [label, scheme, send options, answers]:
 * the same table for every edge receiver.
 */
export const EXPECTED = [
  ['genuine cloro', 'cloro', [], [[200, { received: 'b27a21e1-7c39-4aa2-a347-23e828c426f9', scheme: 'cloro' }]]],
  ['tampered cloro', 'cloro', ['--tamper'], [[400, { error: 'signature_mismatch' }]]],
  ['stale cloro', 'cloro', ['--stale'], [[400, { error: 'timestamp_too_old' }]]],
  ['genuine Fileloom, then its retry', 'fileloom', ['--id', 'dlv_edge_1', '--event', 'pdf.generated', '--repeat', '2'],
    [[200, { received: 'evt_abc123xyz', scheme: 'fileloom' }], [200, { status: 'duplicate' }]]],
  ['tampered Fileloom', 'fileloom', ['--tamper'], [[400, { error: 'signature_mismatch' }]]],
  ['stale Fileloom', 'fileloom', ['--stale'], [[400, { error: 'timestamp_too_old' }]]]
]
