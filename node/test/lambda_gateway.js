'use strict'

// A stand-in for API Gateway and Lambda function URLs on loopback (Python's
// twin: python/tests/lambda_gateway.py): real HTTP in, the event AWS
// documents for each payload format, the handler invoked in-process, as
// `sam local start-api` does (SAM needs Docker, which these machines lack).
//   rest: a REST API on a custom domain (1.0), */* a binary media type
//         (every body base64), the sender's header case, decoded query params
//   http: an HTTP API (2.0), lower-cased headers, text bodies as text
//   url:  a function URL (2.0), every body base64
// A handler that throws is answered as each gateway does: 502 (REST,
// function URL) or 500 (HTTP API).

const http = require('node:http')

const FORMATS = ['rest', 'http', 'url']
const FAILED = { rest: 502, http: 500, url: 502 }

function eventOf (fmt, req, body) {
  const [path, query = ''] = req.url.split(/\?(.*)/s)
  const pairs = []
  for (let i = 0; i < req.rawHeaders.length; i += 2) pairs.push([req.rawHeaders[i], req.rawHeaders[i + 1]])
  const host = req.headers.host || ''
  const encoded = fmt !== 'http'
  const text = encoded ? body.toString('base64') : body.toString('utf8')
  const client = req.socket.remoteAddress
  if (fmt === 'rest') {
    const multi = {}
    for (const [k, v] of pairs) (multi[k] ||= []).push(v)
    const params = {}
    for (const [k, v] of new URLSearchParams(query)) (params[k] ||= []).push(v)
    const some = Object.keys(params).length > 0
    return {
      resource: '/{proxy+}',
      path,
      httpMethod: req.method,
      headers: Object.fromEntries(Object.entries(multi).map(([k, v]) => [k, v.at(-1)])),
      multiValueHeaders: multi,
      queryStringParameters: some ? Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v.at(-1)])) : null,
      multiValueQueryStringParameters: some ? params : null,
      requestContext: { path, stage: 'prod', httpMethod: req.method, domainName: host, identity: { sourceIp: client } },
      body: text || null,
      isBase64Encoded: encoded
    }
  }
  const joined = {}
  for (const [k, v] of pairs) {
    const name = k.toLowerCase()
    joined[name] = name in joined ? `${joined[name]},${v}` : v
  }
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: query,
    headers: joined,
    requestContext: { domainName: host, http: { method: req.method, path, protocol: 'HTTP/1.1', sourceIp: client }, stage: '$default' },
    body: text || null,
    isBase64Encoded: encoded
  }
}

function answerOf (fmt, result) {
  if (!result || typeof result !== 'object' || !('statusCode' in result)) {
    if (fmt === 'rest') return [502, { 'content-type': 'application/json' }, Buffer.from('{"message": "Internal server error"}')]
    return [200, { 'content-type': 'application/json' }, Buffer.from(JSON.stringify(result ?? null))] // 2.0 infers
  }
  const body = result.body || ''
  return [result.statusCode, result.headers || {}, Buffer.from(body, result.isBase64Encoded ? 'base64' : 'utf8')]
}

/** Serves handler on 127.0.0.1 as fmt's gateway: resolves to { port, close }. */
function gateway (fmt, handler) {
  const server = http.createServer((req, res) => {
    const chunks = [] // the gateway reads the whole request before invoking
    req.on('data', (c) => chunks.push(c))
    req.on('end', async () => {
      let status, headers, raw
      try {
        ;[status, headers, raw] = answerOf(fmt, await handler(eventOf(fmt, req, Buffer.concat(chunks)), {}))
      } catch {
        ;[status, headers, raw] = [FAILED[fmt], { 'content-type': 'application/json' }, Buffer.from('{"message": "Internal Server Error"}')]
      }
      res.writeHead(status, { ...headers, 'content-length': raw.length, connection: 'close' })
      res.end(raw)
    })
  })
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ port: server.address().port, close: () => new Promise((done) => server.close(done)) }))
  })
}

module.exports = { FAILED, FORMATS, gateway }
