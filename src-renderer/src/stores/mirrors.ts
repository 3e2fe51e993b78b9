import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'

import {
  BerthError,
  type ApplyResult,
  type ApplyStep,
  type BerthErrorData,
  type DaemonJsonChange,
  type HistoryEntry,
  type MirrorCheck,
  type MirrorIssue,
  type MirrorSettings,
  type ProbeResult,
  type RegistryLists,
} from '../../../src-preload/contract'
import { useClient } from '../api'
import type { StreamHandle } from '../api/client'

export type ListName = keyof RegistryLists

/** One row of a list being edited; the key keeps a row's identity while it moves. */
export interface DraftEntry {
  key: number
  value: string
}

export type Draft = Record<ListName, DraftEntry[]>

/** How the last apply or restore ended, for the status line. */
export type ApplyOutcome =
  | { kind: 'result'; result: Omit<ApplyResult, 'settings'> }
  | { kind: 'error'; error: BerthErrorData }

const checkDelayMs = 200

/**
 * The engine settings page: the file and the engine as main reports them,
 * the user's draft of the two lists, and the state of applying, testing and
 * restoring. Every change to the draft is checked by main, which owns the
 * rules, so the messages shown are the ones an apply would give.
 */
export const useMirrorsStore = defineStore('mirrors', () => {
  const client = useClient()
  const settings = shallowRef<MirrorSettings | undefined>()
  const loadError = ref<string | undefined>()
  const draft = ref<Draft>({ mirrors: [], insecureRegistries: [] })
  const check = shallowRef<MirrorCheck | undefined>()
  const step = ref<ApplyStep | undefined>()
  const applying = ref(false)
  const outcome = shallowRef<ApplyOutcome | undefined>()
  const probes = shallowRef(new Map<string, ProbeResult>())
  const probing = ref(false)
  const history = shallowRef<HistoryEntry[]>([])
  const raw = ref<string | undefined>()
  const rawCheck = shallowRef<MirrorCheck | undefined>()
  /** Why the last check could not be made at all, such as a lost connection. */
  const checkError = ref<string | undefined>()
  let nextKey = 1
  let activity: StreamHandle | undefined
  let checkTimer: ReturnType<typeof setTimeout> | undefined
  let checkSeq = 0

  const draftLists = computed<RegistryLists>(() => ({
    mirrors: draft.value.mirrors.map((entry) => entry.value),
    insecureRegistries: draft.value.insecureRegistries.map((entry) => entry.value),
  }))

  const edited = computed(() => {
    const pending = settings.value?.pending
    if (!pending) return false
    const lists = draftLists.value
    return (
      JSON.stringify(lists.mirrors) !== JSON.stringify(pending.mirrors) ||
      JSON.stringify(lists.insecureRegistries) !== JSON.stringify(pending.insecureRegistries)
    )
  })

  const issues = computed<MirrorIssue[]>(() => check.value?.issues ?? [])
  const canApply = computed(
    () =>
      !!settings.value &&
      !settings.value.readOnlyReason &&
      !applying.value &&
      !!check.value &&
      check.value.issues.length === 0 &&
      (edited.value || !settings.value.inSync),
  )

  async function load(): Promise<void> {
    try {
      const next = await client.invoke('mirrors.get', {})
      loadError.value = undefined
      adopt(next)
      await loadHistory()
    } catch (error) {
      loadError.value = messageOf(error)
    }
  }

  /** Takes new settings from main; the draft follows the file unless the user is editing. */
  function adopt(next: MirrorSettings): void {
    const keepDraft = edited.value
    settings.value = next
    if (!keepDraft) resetDraft()
    else scheduleCheck()
  }

  function resetDraft(): void {
    const pending = settings.value?.pending ?? { mirrors: [], insecureRegistries: [] }
    draft.value = {
      mirrors: pending.mirrors.map((value) => ({ key: nextKey++, value })),
      insecureRegistries: pending.insecureRegistries.map((value) => ({ key: nextKey++, value })),
    }
    scheduleCheck()
  }

  function add(list: ListName, value: string): void {
    draft.value[list].push({ key: nextKey++, value: value.trim() })
    scheduleCheck()
  }

  function update(list: ListName, key: number, value: string): void {
    const entry = draft.value[list].find((e) => e.key === key)
    if (!entry) return
    entry.value = value
    scheduleCheck()
  }

  function remove(list: ListName, key: number): void {
    draft.value[list] = draft.value[list].filter((e) => e.key !== key)
    scheduleCheck()
  }

  /** Moves an entry to a new position; returns where it ended up. */
  function move(list: ListName, from: number, to: number): number {
    const entries = draft.value[list]
    if (from < 0 || from >= entries.length) return from
    const target = Math.max(0, Math.min(entries.length - 1, to))
    const [entry] = entries.splice(from, 1)
    entries.splice(target, 0, entry!)
    scheduleCheck()
    return target
  }

  function scheduleCheck(): void {
    clearTimeout(checkTimer)
    checkTimer = setTimeout(() => void runCheck(), checkDelayMs)
  }

  async function runCheck(): Promise<void> {
    const seq = ++checkSeq
    try {
      const result = await client.invoke('mirrors.check', { change: draftLists.value })
      if (seq !== checkSeq) return
      check.value = result
      checkError.value = undefined
    } catch (error) {
      if (seq !== checkSeq) return
      check.value = undefined
      checkError.value = messageOf(error)
    }
  }

  async function apply(restart = false): Promise<void> {
    const change: DaemonJsonChange = draftLists.value
    await runApply(() =>
      client.invoke('mirrors.apply', { change, fileHash: currentHash(), restart }),
    )
  }

  async function applyRaw(restart = false): Promise<void> {
    if (raw.value === undefined) return
    const change = { raw: raw.value }
    await runApply(() =>
      client.invoke('mirrors.apply', { change, fileHash: currentHash(), restart }),
    )
    if (outcome.value?.kind === 'result') raw.value = undefined
  }

  async function restore(id: string, restart = false): Promise<void> {
    await runApply(() => client.invoke('mirrors.restore', { id, restart }))
  }

  async function runApply(work: () => Promise<ApplyResult>): Promise<void> {
    applying.value = true
    outcome.value = undefined
    try {
      const { settings: next, ...result } = await work()
      outcome.value = { kind: 'result', result }
      settings.value = next
      resetDraft()
    } catch (error) {
      outcome.value = { kind: 'error', error: dataOf(error) }
      // The file may have changed under us; show it as it is now.
      const next = await client.invoke('mirrors.get', {}).catch(() => undefined)
      if (next) adopt(next)
    } finally {
      applying.value = false
      step.value = undefined
      await loadHistory()
    }
  }

  async function probe(): Promise<void> {
    const mirrors = [
      ...new Set(draftLists.value.mirrors.filter((m) => /^https?:\/\/\S+$/i.test(m.trim()))),
    ]
    if (mirrors.length === 0) return
    probing.value = true
    try {
      const results = await client.invoke('mirrors.probe', { mirrors })
      probes.value = new Map(results.map((result) => [result.mirror, result]))
    } catch (error) {
      const reason = messageOf(error)
      probes.value = new Map(mirrors.map((mirror) => [mirror, { mirror, status: 'error', reason }]))
    } finally {
      probing.value = false
    }
  }

  /** Orders the mirrors by the last test: reachable ones fastest first, the rest after. */
  function sortBySpeed(): void {
    const rank = (entry: DraftEntry): number => {
      const result = probes.value.get(entry.value)
      if (!result || result.latencyMs === undefined) return Number.MAX_SAFE_INTEGER
      const penalty = result.status === 'error' ? 1e9 : result.status === 'needs-auth' ? 1e6 : 0
      return penalty + result.latencyMs
    }
    draft.value.mirrors = [...draft.value.mirrors].sort((a, b) => rank(a) - rank(b))
    scheduleCheck()
  }

  async function loadHistory(): Promise<void> {
    history.value = await client.invoke('mirrors.history', {}).catch(() => history.value)
  }

  function openRaw(): void {
    raw.value = settings.value?.file.text.replace(/^\uFEFF/, '') || '{\n}\n'
    rawCheck.value = undefined
  }

  function closeRaw(): void {
    raw.value = undefined
    rawCheck.value = undefined
  }

  async function checkRaw(): Promise<void> {
    if (raw.value === undefined) return
    try {
      rawCheck.value = await client.invoke('mirrors.check', { change: { raw: raw.value } })
      checkError.value = undefined
    } catch (error) {
      rawCheck.value = undefined
      checkError.value = messageOf(error)
    }
  }

  function dismissOutcome(): void {
    outcome.value = undefined
  }

  async function follow(): Promise<void> {
    activity?.close()
    activity = await client.open('mirrors.activity', {}, { event: (e) => (step.value = e.step) })
  }

  function stop(): void {
    activity?.close()
    activity = undefined
    clearTimeout(checkTimer)
  }

  function currentHash(): string {
    return settings.value?.file.hash ?? ''
  }

  return {
    settings,
    loadError,
    draft,
    draftLists,
    edited,
    check,
    issues,
    canApply,
    step,
    applying,
    outcome,
    probes,
    probing,
    history,
    raw,
    rawCheck,
    checkError,
    load,
    resetDraft,
    add,
    update,
    remove,
    move,
    apply,
    applyRaw,
    restore,
    probe,
    sortBySpeed,
    openRaw,
    closeRaw,
    checkRaw,
    dismissOutcome,
    follow,
    stop,
  }
})

function dataOf(error: unknown): BerthErrorData {
  if (error instanceof BerthError) return error.toData()
  return { code: 'internal', message: String(error) }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
