'use strict'

// Independent signers on node:crypto: the tests' source of truth. They share
// no code with hookproof.

const crypto = require('node:crypto')

const now = () => Math.floor(Date.now() / 1000)

/** cloro's webhook id is `<task.id>-<attempt>` (its docs' payload). */
function taskId (body) {
  try {
    const id = JSON.parse(Buffer.from(body).toString('utf8')).task.id
    return id === undefined ? null : String(id)
  } catch {
    return null
  }
}

function cloro (secret, body, { ts = now(), id = `${taskId(body) ?? crypto.randomUUID()}-1` } = {}) {
  const sig = crypto.createHmac('sha256', secret).update(`${ts}.`).update(body).digest('hex')
  return { 'x-cloro-timestamp': String(ts), 'x-cloro-signature': `v1=${sig}`, 'x-cloro-webhook-id': id }
}

function fileloom (secret, body, { ts = now(), delivery = 'dlv_1', event = 'pdf.generated' } = {}) {
  const sig = crypto.createHmac('sha256', secret).update(body).digest('hex')
  return {
    'x-fileloom-signature': `sha256=${sig}`,
    'x-fileloom-timestamp': String(ts),
    'x-fileloom-event': event,
    'x-fileloom-delivery-id': delivery
  }
}

function standard (secret, body, { ts = now(), id = 'msg_1' } = {}) {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64')
  const sig = crypto.createHmac('sha256', key).update(`${id}.${ts}.`).update(body).digest('base64')
  return { 'webhook-id': id, 'webhook-timestamp': String(ts), 'webhook-signature': `v1,${sig}` }
}

module.exports = { cloro, fileloom, standard }
