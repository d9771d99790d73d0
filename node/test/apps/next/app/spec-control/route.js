// The test's side door: what the app's handler does for the next request
// (behaviour, consume), a claim another worker holds (claim: [case, store
// key]), and what happened (ran, rejected, logs).

import { caseApp, state } from '../../spec_app.js'

export const dynamic = 'force-dynamic'

export function GET () {
  return Response.json(state())
}

export async function POST (request) {
  const { claim, ...next } = await request.json()
  if (claim) {
    const { options } = await caseApp(claim[0])
    await options.dedup.claim(claim[1])
  }
  Object.assign(state(), next, { ran: false, rejected: [], logs: [] })
  return Response.json(state())
}
