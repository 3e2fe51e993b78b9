import { inject, type App, type InjectionKey } from 'vue'

import type { BerthClient } from './client'

export const clientKey: InjectionKey<BerthClient> = Symbol('berth-client')

export function provideClient(app: App, client: BerthClient): void {
  app.provide(clientKey, client)
}

/** The bridge client of the running app; stores use it, views do not. */
export function useClient(): BerthClient {
  const client = inject(clientKey)
  if (!client) throw new Error('The Berth client was not provided to the app.')
  return client
}
