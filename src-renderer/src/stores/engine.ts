import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'

import { BerthError, type EngineState } from '../../../src-preload/contract'
import type { StreamHandle } from '../api/client'
import { useClient } from '../api'

/** The engine connection as the main process reports it. */
export const useEngineStore = defineStore('engine', () => {
  const state = shallowRef<EngineState | undefined>()
  /** The page lost its own connection to Berth (the web bridge closed). */
  const bridgeLost = ref(false)
  const client = useClient()
  let stream: StreamHandle | undefined

  const connected = computed(() => state.value?.kind === 'connected')

  async function follow(): Promise<void> {
    stream?.close()
    stream = await client.open(
      'engine.state',
      {},
      {
        event: (next) => (state.value = next),
        end: (error) => {
          if (error) bridgeLost.value = true
        },
      },
    )
  }

  function stop(): void {
    stream?.close()
    stream = undefined
  }

  /** Connects to the engine at an address, or null to find it; says why it could not. */
  async function connectTo(host: string | null): Promise<string | undefined> {
    try {
      await client.invoke('engine.connectTo', { host })
      return undefined
    } catch (error) {
      return error instanceof BerthError ? error.message : String(error)
    }
  }

  async function retryNow(): Promise<void> {
    await client.invoke('engine.retry', {})
  }

  return { state, connected, bridgeLost, follow, stop, retryNow, connectTo }
})
