'use strict'

// The README's Node quick starts are the START/END regions of the files under
// examples/ (and of the Next.js test app's edge route), which the
// integration tests run: keep them identical.

const test = require('node:test')
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')

const root = path.join(__dirname, '..', '..')
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8')

for (const [name, file, lang = 'js'] of [['express', 'express_app.js'], ['fastify', 'fastify_app.js'], ['next', 'next_route.mjs'], ['koa', 'koa_app.js'], ['hono', 'hono_app.mjs'], ['lambda-node', 'lambda_handler.mjs'], ['nest', 'nest_app.mts', 'ts'],
  ['worker', 'worker_hono.mjs'], ['fetch-server', 'fetch_server.mjs'], ['next-edge', '../node/test/apps/next/app/edge/[scheme]/route.js']]) {
  test(`README quotes examples/${file}`, () => {
    const text = fs.readFileSync(path.join(root, 'examples', file), 'utf8')
    const match = text.match(new RegExp(`// START ${name}\\n([\\s\\S]*?)// END ${name}\\n`))
    assert.ok(match, `${file} has no ${name} region`)
    assert.ok(readme.includes('```' + lang + '\n' + match[1] + '```'), `README's ${name} quick start differs from examples/${file}`)
  })
}
