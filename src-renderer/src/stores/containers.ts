import { defineStore } from 'pinia'
import { computed, ref, shallowRef, triggerRef } from 'vue'

import {
  BerthError,
  type ContainerAction,
  type ContainerActionOptions,
  type ContainerListEvent,
  type ContainerSummary,
} from '../../../src-preload/contract'
import { useClient } from '../api'
import type { StreamHandle } from '../api/client'

export interface ActionFailure {
  key: number
  action: ContainerAction
  name: string
  message: string
}

/**
 * The engine's containers, fed by the main process's change stream: one
 * snapshot, then a change per row. Nothing here polls or re-reads the list.
 */
export const useContainersStore = defineStore('containers', () => {
  const client = useClient()
  // A shallow map with explicit triggers: 5,000 rows without 5,000 proxies.
  const byId = shallowRef(new Map<string, ContainerSummary>())
  const loaded = ref(false)
  const busy = shallowRef(new Map<string, ContainerAction>())
  const failures = ref<ActionFailure[]>([])
  const refreshing = ref(false)
  /** Why the last refresh failed, if it did. */
  const refreshError = ref<string | undefined>()
  let stream: StreamHandle | undefined
  let failureKey = 0

  const all = computed(() => [...byId.value.values()])
  const runningCount = computed(() => all.value.filter((c) => c.state === 'running').length)

  function apply(event: ContainerListEvent): void {
    switch (event.type) {
      case 'snapshot':
        byId.value = new Map(event.containers.map((c) => [c.id, c]))
        loaded.value = true
        return
      case 'upsert':
        byId.value.set(event.container.id, event.container)
        break
      case 'remove':
        if (!byId.value.delete(event.id)) return
        break
    }
    triggerRef(byId)
  }

  async function follow(): Promise<void> {
    stream?.close()
    stream = await client.open('containers.watch', {}, { event: apply })
  }

  /** Reads the list from the engine again; resolves once the new list is applied. */
  async function refresh(): Promise<void> {
    refreshing.value = true
    refreshError.value = undefined
    try {
      await client.invoke('containers.refresh', {})
    } catch (error) {
      refreshError.value = error instanceof BerthError ? error.message : String(error)
    } finally {
      refreshing.value = false
    }
  }

  function stop(): void {
    stream?.close()
    stream = undefined
  }

  /** Runs an action on containers; failures are kept with the engine's own words. */
  async function act(
    ids: string[],
    action: ContainerAction,
    options?: ContainerActionOptions,
  ): Promise<void> {
    const names = new Map(ids.map((id) => [id, byId.value.get(id)?.name ?? id.slice(0, 12)]))
    setBusy(ids, action)
    try {
      const outcomes = await client.invoke('containers.act', {
        ids,
        action,
        ...(options ? { options } : {}),
      })
      for (const outcome of outcomes) {
        if (outcome.error) fail(action, names.get(outcome.id) ?? outcome.id, outcome.error.message)
      }
    } catch (error) {
      const message = error instanceof BerthError ? error.message : String(error)
      for (const name of names.values()) fail(action, name, message)
    } finally {
      setBusy(ids, undefined)
    }
  }

  function dismiss(key: number): void {
    failures.value = failures.value.filter((f) => f.key !== key)
  }

  function fail(action: ContainerAction, name: string, message: string): void {
    failures.value = [...failures.value, { key: ++failureKey, action, name, message }]
  }

  function setBusy(ids: string[], action: ContainerAction | undefined): void {
    for (const id of ids) {
      if (action) busy.value.set(id, action)
      else busy.value.delete(id)
    }
    triggerRef(busy)
  }

  return {
    byId,
    all,
    loaded,
    busy,
    failures,
    refreshing,
    refreshError,
    runningCount,
    apply,
    follow,
    refresh,
    stop,
    act,
    dismiss,
  }
})
