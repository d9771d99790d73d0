// The Node part of `make demo`: the Express receiver (examples/express_app.js)
// in its own process on loopback gets signed cloro deliveries over real HTTP.
//
//   node examples/demo_http.js
'use strict'

const { spawn } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const { Webhook } = require('hookproof')

const SECRET = 'whsec_demo_cloro_current_7f3a9c'
const OLD_SECRET = 'whsec_demo_cloro_retired_01b2c3'

function start () {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, 'express_app.js')], {
      env: { ...process.env, CLORO_WEBHOOK_SECRET: SECRET, PORT: '0' },
      stdio: ['ignore', 'pipe', 'inherit']
    })
    child.stdout.on('data', (chunk) => {
      const match = String(chunk).match(/(http:\/\/\S+)/)
      if (match) resolve({ child, url: match[1] })
    })
    child.on('exit', (code) => reject(new Error(`receiver exited with ${code}`)))
  })
}

async function main () {
  const { child, url } = await start()
  try {
    const sender = new Webhook('cloro', SECRET) // what cloro does on its side
    const retired = new Webhook('cloro', OLD_SECRET)
    const body = fs.readFileSync(path.join(__dirname, 'bodies', 'cloro.json'))
    const now = Math.floor(Date.now() / 1000)
    const task = 'b27a21e1-7c39-4aa2-a347-23e828c426f9'
    const cases = [
      ['genuine', 200, body, sender.sign(body, { id: `${task}-1` })],
      ['body tampered', 400, Buffer.from(String(body).replace('sunny', 'rainy')), sender.sign(body)],
      ['stale (15 min old)', 400, body, sender.sign(body, { timestamp: now - 900 })],
      ['rotated-out secret', 400, body, retired.sign(body)],
      ['no signature header', 400, body, { 'X-Cloro-Timestamp': String(now) }]
    ]
    console.log(`\nExpress receiver at ${url}`)
    console.log(`${'DELIVERY'.padEnd(24)} ${'STATUS'.padEnd(7)} ANSWER`)
    let failed = false
    for (const [label, want, payload, headers] of cases) {
      const response = await fetch(url, { method: 'POST', body: payload, headers: { ...headers, 'content-type': 'application/json' } })
      console.log(`${label.padEnd(24)} ${String(response.status).padEnd(7)} ${await response.text()}`)
      failed ||= response.status !== want
    }
    if (failed) throw new Error('a receiver answered unexpectedly')
    console.log('demo: the Express receiver answered every delivery as expected')
  } finally {
    child.kill()
  }
}

main().catch((err) => {
  console.error(`demo: ${err.message}`)
  process.exit(1)
})
