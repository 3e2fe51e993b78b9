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

/** Whether two summaries of a container show the same thing. */
export function sameContainer(a: ContainerSummary, b: ContainerSummary): boolean {
  return (
    a.id === b.id &&
    a.name === b.name &&
    a.image === b.image &&
    a.command === b.command &&
    a.state === b.state &&
    a.status === b.status &&
    a.created === b.created &&
    a.composeProject === b.composeProject &&
    a.composeService === b.composeService &&
    samePorts(a.ports, b.ports) &&
    sameRecord(a.labels, b.labels)
  )
}

function samePorts(a: ContainerSummary['ports'], b: ContainerSummary['ports']): boolean {
  return (
    a.length === b.length &&
    a.every((p, i) => {
      const q = b[i]!
      return (
        p.privatePort === q.privatePort &&
        p.publicPort === q.publicPort &&
        p.ip === q.ip &&
        p.protocol === q.protocol
      )
    })
  )
}

function sameRecord(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a)
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key])
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
      case 'snapshot': {
        // Rows that did not change keep their object, so their views are not redrawn.
        const previous = byId.value
        byId.value = new Map(
          event.containers.map((c) => {
            const known = previous.get(c.id)
            return [c.id, known && sameContainer(known, c) ? known : c]
          }),
        )
        loaded.value = true
        return
      }
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
