import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'

import { BerthError, type PullProgress } from '../../../src-preload/contract'
import { useClient } from '../api'
import type { StreamHandle } from '../api/client'

export type PullState =
  | { kind: 'idle' }
  | { kind: 'pulling'; reference: string }
  | { kind: 'done'; reference: string }
  | { kind: 'failed'; reference: string; message: string }

/**
 * One image pull at a time, with the engine's progress per layer. The pull
 * goes on when its page is left; leaving the app closes its stream, which
 * cancels it on the engine.
 */
export const useImagePullStore = defineStore('image-pull', () => {
  const client = useClient()
  const state = ref<PullState>({ kind: 'idle' })
  const layers = shallowRef(new Map<string, PullProgress>())
  const lastStatus = ref('')
  let stream: StreamHandle | undefined

  /** Bytes done and expected over the layers that report sizes. */
  const bytes = computed(() => {
    let current = 0
    let total = 0
    for (const layer of layers.value.values()) {
      if (!layer.total) continue
      total += layer.total
      current += Math.min(layer.current ?? 0, layer.total)
    }
    return { current, total }
  })

  async function pull(reference: string): Promise<void> {
    stream?.close()
    layers.value = new Map()
    lastStatus.value = ''
    state.value = { kind: 'pulling', reference }
    try {
      stream = await client.open(
        'images.pull',
        { reference },
        {
          event: (event) => {
            if (event.type === 'done') {
              state.value = { kind: 'done', reference }
              return
            }
            lastStatus.value = event.layer ? `${event.layer}: ${event.status}` : event.status
            if (event.layer) {
              const next = new Map(layers.value)
              next.set(event.layer, event)
              layers.value = next
            }
          },
          end: (error) => {
            stream = undefined
            if (error) state.value = { kind: 'failed', reference, message: error.message }
          },
        },
      )
    } catch (error) {
      const message = error instanceof BerthError ? error.message : String(error)
      state.value = { kind: 'failed', reference, message }
    }
  }

  function stop(): void {
    stream?.close()
    stream = undefined
  }

  return { state, layers, lastStatus, bytes, pull, stop }
})
