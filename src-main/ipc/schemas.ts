import type { Requests, Streams } from '../../src-preload/contract'
import { containerRequestSchemas, containerStreamSchemas } from '../api/containers'
import { engineRequestSchemas, engineStreamSchemas } from '../api/engine'
import { execRequestSchemas, execStreamSchemas } from '../api/exec'
import { imageRequestSchemas, imageStreamSchemas } from '../api/images'
import { logRequestSchemas, logStreamSchemas } from '../api/logs'
import { mirrorRequestSchemas, mirrorStreamSchemas } from '../api/mirrors'
import type { RequestSchemasOf, StreamSchemasOf } from './router'

/**
 * The runtime check for every request's argument, one part per feature.
 * Typed against the contract, so a schema that drifts from it, or a request
 * without one, does not compile.
 */
export const requestSchemas: RequestSchemasOf<Requests> = {
  ...engineRequestSchemas,
  ...containerRequestSchemas,
  ...logRequestSchemas,
  ...execRequestSchemas,
  ...mirrorRequestSchemas,
  ...imageRequestSchemas,
}

export const streamSchemas: StreamSchemasOf<Streams> = {
  ...engineStreamSchemas,
  ...containerStreamSchemas,
  ...logStreamSchemas,
  ...execStreamSchemas,
  ...mirrorStreamSchemas,
  ...imageStreamSchemas,
}
