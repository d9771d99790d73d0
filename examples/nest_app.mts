// A NestJS receiver for cloro deliveries (Express platform), the README's
// NestJS quick start. node/test/nest.test.js compiles it with tsc
// (experimentalDecorators, as Nest projects do) and runs it.
//
//   CLORO_WEBHOOK_SECRET=whsec_... node nest_app.mjs   (once compiled)

// START nest
import 'reflect-metadata'
import { Controller, HttpCode, Module, Post, Req, UseInterceptors } from '@nestjs/common'
import { NestFactory } from '@nestjs/core'
import { MemoryDedup, Webhook, type Verified } from 'hookproof'
import { WebhookInterceptor } from 'hookproof/nest'

const cloro = Webhook.fromEnv('cloro', 'CLORO_WEBHOOK_SECRET')

@Controller('hooks')
class HooksController {
  @Post('cloro')
  @HttpCode(200)
  @UseInterceptors(new WebhookInterceptor(cloro, { dedup: new MemoryDedup() }))
  receive (@Req() req: { webhook: Verified }) {
    const delivery = req.webhook // the verified delivery
    return { received: delivery.json<{ task: { id: string } }>().task.id }
  }
}

@Module({ controllers: [HooksController] })
export class AppModule {}

export async function createApp () {
  // rawBody: Nest keeps the exact bytes the signature covers.
  return NestFactory.create(AppModule, { rawBody: true })
}
// END nest

if (import.meta.url === `file://${process.argv[1]}`) {
  const app = await createApp()
  await app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1')
}
