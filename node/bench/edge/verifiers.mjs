// The same Standard Webhooks delivery verified by hookproof (whichever build
// the runtime resolved), standardwebhooks and svix: the functions every
// runtime times (edge_bench.mjs). The delivery is signed by
// standardwebhooks itself, so each library checks a signature it did not
// make.
import { Webhook as Standard } from 'standardwebhooks'
import { Webhook as Svix } from 'svix'

const SECRET = 'whsec_' + btoa('edge-benchmark-secret-32-bytes!!')
export const SIZES = { '1 KiB': 1024, '1 MiB': 1024 * 1024 }

/** A JSON body of `size` bytes. */
function body (size) {
  const head = '{"type":"invoice.paid","data":"'
  return head + 'x'.repeat(size - head.length - 2) + '"}'
}

/** { name: () => verified id } for the delivery of `size` bytes, now. */
export function verifiers (hookproof, size) {
  const payload = body(size)
  const id = 'msg_bench'
  const now = new Date()
  const headers = {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    'webhook-signature': new Standard(SECRET).sign(id, now, payload)
  }
  const ours = new hookproof.Webhook('standard', SECRET)
  const standard = new Standard(SECRET)
  const svix = new Svix(SECRET)
  const fns = {
    hookproof: () => ours.verify(payload, headers).id,
    standardwebhooks: () => standard.verify(payload, headers) && id,
    svix: () => svix.verify(payload, headers) && id
  }
  for (const [name, fn] of Object.entries(fns)) {
    if (fn() !== id) throw new Error(`${name} did not verify the benchmark delivery`)
  }
  return fns
}
