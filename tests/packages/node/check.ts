// Type-checked (not run) with moduleResolution node16 and bundler (and as check.mts, an ES
// module, under node16): the declarations every entry point's `types` condition names.
import { Client, NotFoundError, type ClientOptions } from 'saasus'
import { saasusAuth } from 'saasus/express'
import { startEmulator, type Emulator } from 'saasus/testing'

export async function usage(): Promise<number> {
  const emu: Emulator = await startEmulator({ tokenTtl: 600 })
  const options: ClientOptions = emu.options({ maxRetries: 0 })
  const client = new Client(options)
  const auth = saasusAuth(client, { loginUrl: 'https://auth.example.com/' })
  const handlers = [auth, auth.routes({ redirectTo: '/' }), auth.require('admin')]
  try {
    const { tenants } = await client.auth.tenant.getTenants()
    return tenants.length + handlers.length
  } catch (e) {
    if (e instanceof NotFoundError) return e.status
    throw e
  } finally {
    await emu.stop()
  }
}
