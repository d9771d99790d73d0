'use strict'

// hookproof/nest beyond the spec (spec.test.js runs the spec on a Nest app
// with rawBody: true and one with the body parser off): the README's NestJS
// example compiled as a Nest project compiles it, and an app created
// without rawBody, which must say how to fix itself.

const test = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const { execFileSync } = require('node:child_process')
const { pathToFileURL } = require('node:url')
const { post, recorder } = require('./helpers')
const signers = require('./signers')

const SECRET = 'whsec_node_nest_example_secret_8d7c6b'

test('examples/nest_app.mts, compiled by tsc, receives a delivery once and refuses a forgery', async () => {
  const root = path.join(__dirname, '..')
  execFileSync(path.join(root, 'node_modules', '.bin', 'tsc'), ['-p', path.join(__dirname, 'types', 'tsconfig.nest.json')], { cwd: root, stdio: 'inherit' })
  process.env.CLORO_WEBHOOK_SECRET = SECRET
  const { createApp } = await import(pathToFileURL(path.join(__dirname, '.nest-example', 'nest_app.mjs')).href)
  const app = await createApp()
  app.useLogger(false)
  await app.listen(0, '127.0.0.1')
  try {
    const url = `http://127.0.0.1:${app.getHttpServer().address().port}/hooks/cloro`
    const body = JSON.stringify({ task: { id: 'task-nest' } })
    const headers = signers.cloro(SECRET, body, { id: 'task-nest-1' })
    const first = await post(url, body, headers)
    assert.deepEqual([first.status, first.body], [200, { received: 'task-nest' }])
    const retry = await post(url, body, { ...headers, 'x-cloro-webhook-id': 'task-nest-2' })
    assert.deepEqual([retry.status, retry.body], [200, { status: 'duplicate' }])
    const forged = await post(url, body, { ...headers, 'x-cloro-signature': 'v1=' + '0'.repeat(64) })
    assert.deepEqual([forged.status, forged.body], [400, { error: 'signature_mismatch' }])
  } finally {
    await app.close()
  }
})

test('an app created without rawBody answers 500 body_consumed and logs how to fix it; a filter catches WebhookRejection', async () => {
  require('reflect-metadata')
  const { Catch, Controller, Module, Post, Req, UseFilters, UseInterceptors } = require('@nestjs/common')
  const { NestFactory } = require('@nestjs/core')
  const { Webhook } = require('..')
  const { WebhookInterceptor, WebhookRejection } = require('../nest')
  const log = recorder()
  const caught = []
  class Filter {
    catch (err, host) {
      caught.push(err.code)
      host.switchToHttp().getResponse().status(err.getStatus()).json({ refused: err.code })
    }
  }
  Catch(WebhookRejection)(Filter)
  class Hooks { receive (req) { return { id: req.webhook.id } } }
  const method = Object.getOwnPropertyDescriptor(Hooks.prototype, 'receive')
  Controller()(Hooks)
  Post('hook')(Hooks.prototype, 'receive', method)
  UseInterceptors(new WebhookInterceptor(new Webhook('cloro', SECRET), { logger: log }))(Hooks.prototype, 'receive', method)
  UseFilters(new Filter())(Hooks.prototype, 'receive', method)
  Req()(Hooks.prototype, 'receive', 0)
  class AppModule {}
  Module({ controllers: [Hooks] })(AppModule)
  const app = await NestFactory.create(AppModule, { logger: false }) // no rawBody: the JSON parser keeps no bytes
  await app.listen(0, '127.0.0.1')
  try {
    const url = `http://127.0.0.1:${app.getHttpServer().address().port}/hook`
    const body = JSON.stringify({ task: { id: 'task-nest-raw' } })
    const answer = await post(url, body, signers.cloro(SECRET, body, { id: 'task-nest-raw-1' }))
    assert.deepEqual([answer.status, answer.body], [500, { refused: 'body_consumed' }])
    assert.deepEqual(caught, ['body_consumed'])
    assert.match(log.lines.map(([, line]) => line).join('\n'), /rawBody: true/)
  } finally {
    await app.close()
  }
})
