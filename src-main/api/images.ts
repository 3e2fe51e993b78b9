import { z } from 'zod'

import type { ImageRequests, ImageStreams } from '../../src-preload/contract'
import type { EngineConnection } from '../engine/connection'
import { pullImage } from '../images/pull'
import { toBerthError } from '../ipc/errors'
import type {
  RequestHandlersOf,
  RequestSchemasOf,
  StreamHandlersOf,
  StreamSchemasOf,
} from '../ipc/router'

const component = '[a-z0-9]+(?:[._-]+[a-z0-9]+)*'
const referencePattern = new RegExp(
  [
    '^(?:[a-zA-Z0-9.-]+(?::\\d{1,5})?/)?', // registry host and port
    `${component}(?:/${component})*`, // repository path
    '(?::\\w[\\w.-]{0,127})?', // tag
    '(?:@sha256:[0-9a-f]{64})?$', // digest
  ].join(''),
)

/** An image reference as the docker CLI takes it, such as `busybox` or `host:5000/team/app:1.2`. */
export const imageReference = z
  .string()
  .min(1, 'must not be empty')
  .max(255, 'is longer than an image reference can be')
  .regex(referencePattern, 'is not an image reference such as busybox or example.com/team/app:1.2')

const pullArgs = z.object({ reference: imageReference }).strict()

export const imageRequestSchemas: RequestSchemasOf<ImageRequests> = {
  'images.pull': pullArgs,
}

export const imageStreamSchemas: StreamSchemasOf<ImageStreams> = {
  'images.pull': pullArgs,
}

export function imageRequests(engine: EngineConnection): RequestHandlersOf<ImageRequests> {
  return {
    'images.pull': ({ reference }) => pullImage(engine.client, reference).done,
  }
}

export function imageStreams(engine: EngineConnection): StreamHandlersOf<ImageStreams> {
  return {
    'images.pull': ({ reference }, emit, end) => {
      const pull = pullImage(engine.client, reference, emit)
      let stopped = false
      pull.done.then(
        () => stopped || end(),
        (error: unknown) => stopped || end(toBerthError(error)),
      )
      return () => {
        stopped = true
        pull.cancel()
      }
    },
  }
}
