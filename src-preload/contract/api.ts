import {
  containerRequestNames,
  containerStreamNames,
  type ContainerRequests,
  type ContainerStreams,
} from './containers'
import {
  engineRequestNames,
  engineStreamNames,
  type EngineRequests,
  type EngineStreams,
} from './engine'
import { execRequestNames, execStreamNames, type ExecRequests, type ExecStreams } from './exec'
import {
  imageRequestNames,
  imageStreamNames,
  type ImageRequests,
  type ImageStreams,
} from './images'
import { logRequestNames, logStreamNames, type LogRequests, type LogStreams } from './logs'
import {
  mirrorRequestNames,
  mirrorStreamNames,
  type MirrorRequests,
  type MirrorStreams,
} from './mirrors'

/**
 * Every request the renderer can make, with its argument and result types.
 * Each feature declares its own in its contract file; main validates every
 * argument against a schema typed by this map, the preload forwards only
 * these names, and the renderer's client is typed by it.
 */
export interface Requests
  extends
    EngineRequests,
    ContainerRequests,
    LogRequests,
    ExecRequests,
    MirrorRequests,
    ImageRequests {}

/**
 * Every stream the main process pushes. A stream is opened with an id chosen
 * by the renderer, carries events of one type, and ends when either side
 * closes it or its window goes away.
 */
export interface Streams
  extends EngineStreams, ContainerStreams, LogStreams, ExecStreams, MirrorStreams, ImageStreams {}

export type RequestName = keyof Requests
export type StreamName = keyof Streams
export type RequestArgs<K extends RequestName> = Requests[K]['args']
export type RequestResult<K extends RequestName> = Requests[K]['result']
export type StreamArgs<K extends StreamName> = Streams[K]['args']
export type StreamEvent<K extends StreamName> = Streams[K]['event']

const requestNameMap: Record<RequestName, true> = {
  ...engineRequestNames,
  ...containerRequestNames,
  ...logRequestNames,
  ...execRequestNames,
  ...mirrorRequestNames,
  ...imageRequestNames,
}

const streamNameMap: Record<StreamName, true> = {
  ...engineStreamNames,
  ...containerStreamNames,
  ...logStreamNames,
  ...execStreamNames,
  ...mirrorStreamNames,
  ...imageStreamNames,
}

export const requestNames = Object.keys(requestNameMap) as RequestName[]
export const streamNames = Object.keys(streamNameMap) as StreamName[]

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.hasOwn(requestNameMap, name)
}

export function isStreamName(name: unknown): name is StreamName {
  return typeof name === 'string' && Object.hasOwn(streamNameMap, name)
}
