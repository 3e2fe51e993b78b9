import type {
  ContainerListEvent,
  ContainerState,
  ContainerSummary,
} from '../../src-preload/contract'
import type { Logger } from '../log/logger'
import { applyContainerEvent } from './container-events'
import type { EngineConnection } from './connection'
import type { EngineEvent } from './engine-event'
import { toSummary } from './summaries'

type Listener = (event: ContainerListEvent) => void

/** How often a read that lags behind the events is repeated before it is believed. */
const maxRereads = 5

/**
 * The engine's containers, kept current by its event stream. The full list is
 * read once per connection; after that each event changes only its own row,
 * and rows whose details only a read can tell (status text, ports) are read
 * back in small batches by id.
 */
export class ContainerList {
  private readonly rows = new Map<string, ContainerSummary>()
  private readonly listeners = new Set<Listener>()
  private readonly disposers: Array<() => void> = []
  /** Events that arrived while the full list was being read. */
  private queued: EngineEvent[] | undefined
  /** Per container, how many events have been seen; guards against stale reads. */
  private readonly eventCounts = new Map<string, number>()
  /**
   * The state the last event put a row in. The engine announces an event a
   * moment before its list shows the change, so a read that disagrees with
   * it is read again rather than believed at once.
   */
  private readonly expected = new Map<string, { state: ContainerState; rereads: number }>()
  private readonly refreshWanted = new Set<string>()
  private refreshTimer: NodeJS.Timeout | undefined
  private generation = 0
  /** Whether the engine's list has been read yet; before that there is no list to show. */
  private listRead = false

  constructor(
    private readonly engine: EngineConnection,
    private readonly log: Logger,
    private readonly refreshDelayMs = 40,
  ) {}

  start(): void {
    this.disposers.push(
      this.engine.onState((state) => {
        if (state.kind === 'connected') this.resync().catch(() => undefined)
      }),
      this.engine.onEvent((event) => this.onEngineEvent(event)),
    )
    if (this.engine.current.kind === 'connected') this.resync().catch(() => undefined)
  }

  dispose(): void {
    for (const dispose of this.disposers.splice(0)) dispose()
    clearTimeout(this.refreshTimer)
    this.listeners.clear()
  }

  snapshot(): ContainerSummary[] {
    return [...this.rows.values()]
  }

  /**
   * Sends the current list at once, then every change. Before the first read
   * there is nothing to send: an empty list would tell the user they have no
   * containers, so the first read's snapshot comes first instead.
   */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    if (this.listRead) listener({ type: 'snapshot', containers: this.snapshot() })
    return () => this.listeners.delete(listener)
  }

  /** Reads the whole list from the engine again and sends it as a new snapshot. */
  async reload(): Promise<void> {
    const client = this.engine.client
    await this.resync(client)
  }

  private async resync(client = this.engine.client): Promise<void> {
    const generation = ++this.generation
    this.queued = []
    try {
      const infos = await client.listContainers({ all: true })
      if (generation !== this.generation) return
      this.rows.clear()
      for (const info of infos) this.rows.set(info.Id, toSummary(info))
      this.listRead = true
      this.emit({ type: 'snapshot', containers: this.snapshot() })
      this.log.debug('container list read', { count: this.rows.size })
    } catch (error) {
      // The connection notices a lost engine on its own and will resync.
      this.log.warn('reading the container list failed', { error })
      throw error
    } finally {
      if (generation === this.generation) {
        const queued = this.queued ?? []
        this.queued = undefined
        for (const event of queued) this.onEngineEvent(event)
      }
    }
  }

  private onEngineEvent(event: EngineEvent): void {
    if (this.queued) {
      this.queued.push(event)
      return
    }
    const id = event.Actor.ID
    this.eventCounts.set(id, (this.eventCounts.get(id) ?? 0) + 1)

    const change = applyContainerEvent(this.rows.get(id), event)
    switch (change.kind) {
      case 'upsert':
        if (this.rows.get(id)?.state !== change.container.state) {
          this.expected.set(id, { state: change.container.state, rereads: 0 })
        }
        this.rows.set(id, change.container)
        this.emit({ type: 'upsert', container: change.container })
        this.requestRefresh(id)
        break
      case 'remove':
        this.eventCounts.delete(id)
        this.expected.delete(id)
        this.refreshWanted.delete(id)
        if (this.rows.delete(id)) this.emit({ type: 'remove', id })
        break
      case 'refresh':
        this.requestRefresh(id)
        break
      case 'none':
        break
    }
  }

  private requestRefresh(id: string): void {
    this.refreshWanted.add(id)
    this.refreshTimer ??= setTimeout(() => void this.refresh(), this.refreshDelayMs)
  }

  private async refresh(): Promise<void> {
    this.refreshTimer = undefined
    const ids = [...this.refreshWanted]
    this.refreshWanted.clear()
    if (ids.length === 0) return

    const generation = this.generation
    const countsAtRequest = new Map(ids.map((id) => [id, this.eventCounts.get(id) ?? 0]))
    try {
      const infos = await this.engine.client.listContainers({ all: true, filters: { id: ids } })
      if (generation !== this.generation) return
      for (const info of infos) {
        if (!countsAtRequest.has(info.Id)) continue
        // An event that arrived during the read makes this answer stale.
        if ((this.eventCounts.get(info.Id) ?? 0) !== countsAtRequest.get(info.Id)) {
          this.requestRefresh(info.Id)
          continue
        }
        if (!this.eventCounts.has(info.Id) && !this.rows.has(info.Id)) continue
        const row = toSummary(info)
        const expected = this.expected.get(row.id)
        if (expected && expected.state !== row.state && expected.rereads < maxRereads) {
          expected.rereads += 1
          this.requestRefresh(row.id)
          continue
        }
        this.expected.delete(row.id)
        this.rows.set(row.id, row)
        this.emit({ type: 'upsert', container: row })
      }
    } catch (error) {
      this.log.debug('refreshing containers failed', { error, ids: ids.length })
    }
  }

  private emit(event: ContainerListEvent): void {
    for (const listener of this.listeners) listener(event)
  }
}
