import type {
  ContainerAction,
  ContainerActionOptions,
  ContainerListEvent,
  ContainerSummary,
} from './containers'
import type { EngineState } from './engine'
import type { BerthErrorData } from './errors'

/**
 * Every request the renderer can make: its argument and its result. Main
 * validates each argument against a schema typed by this map, the preload
 * forwards only these names, and the renderer's client is typed by it.
 */
export interface Requests {
  'engine.state': { args: Record<string, never>; result: EngineState }
  /** Skips the wait before the next connection attempt. */
  'engine.retry': { args: Record<string, never>; result: null }
  'containers.list': { args: { all?: boolean }; result: ContainerSummary[] }
  'containers.act': {
    args: { ids: string[]; action: ContainerAction; options?: ContainerActionOptions }
    result: ActionOutcome[]
  }
}

/**
 * Every stream the main process pushes. A stream is opened with an id chosen
 * by the renderer, carries events of one type, and ends when either side
 * closes it or its window goes away.
 */
export interface Streams {
  'engine.state': { args: Record<string, never>; event: EngineState }
  'containers.watch': { args: Record<string, never>; event: ContainerListEvent }
}

export type RequestName = keyof Requests
export type StreamName = keyof Streams
export type RequestArgs<K extends RequestName> = Requests[K]['args']
export type RequestResult<K extends RequestName> = Requests[K]['result']
export type StreamArgs<K extends StreamName> = Streams[K]['args']
export type StreamEvent<K extends StreamName> = Streams[K]['event']

/** The result of one action on one container of a bulk request. */
export interface ActionOutcome {
  id: string
  error?: BerthErrorData
}

const requestNameMap: Record<RequestName, true> = {
  'engine.state': true,
  'engine.retry': true,
  'containers.list': true,
  'containers.act': true,
}

const streamNameMap: Record<StreamName, true> = {
  'engine.state': true,
  'containers.watch': true,
}

export const requestNames = Object.keys(requestNameMap) as RequestName[]
export const streamNames = Object.keys(streamNameMap) as StreamName[]

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.hasOwn(requestNameMap, name)
}

export function isStreamName(name: unknown): name is StreamName {
  return typeof name === 'string' && Object.hasOwn(streamNameMap, name)
}
