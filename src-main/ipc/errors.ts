import { BerthError, type ErrorCode } from '../../src-preload/contract'

interface EngineFailure {
  statusCode?: number
  reason?: string
  code?: string
  message?: string
  json?: { message?: string } | null
}

/**
 * The one place failures become bridge errors. An engine failure keeps its
 * HTTP status and the engine's own message ("port is already allocated"),
 * never a wrapper's.
 */
export function toBerthError(error: unknown): BerthError {
  if (error instanceof BerthError) return error

  const failure = (typeof error === 'object' && error !== null ? error : {}) as EngineFailure
  if (typeof failure.statusCode === 'number') {
    const status = failure.statusCode
    const message =
      engineMessage(failure) ?? failure.reason ?? `The engine answered with status ${status}.`
    return new BerthError({ code: codeForStatus(status), message, status })
  }

  switch (failure.code) {
    case 'ENOENT':
    case 'ECONNREFUSED':
    case 'ECONNRESET':
    case 'EPIPE':
      return new BerthError({
        code: 'engine-unavailable',
        message: `The engine cannot be reached (${failure.code}).`,
      })
    case 'EACCES':
      return new BerthError({
        code: 'permission-denied',
        message: 'Permission denied on the engine socket.',
      })
  }

  const message = error instanceof Error ? error.message : String(error)
  return new BerthError({ code: 'internal', message })
}

function engineMessage(failure: EngineFailure): string | undefined {
  const text = failure.json?.message
  return typeof text === 'string' && text.trim() ? text.trim() : undefined
}

function codeForStatus(status: number): ErrorCode {
  if (status === 400) return 'invalid-argument'
  if (status === 401 || status === 403) return 'permission-denied'
  if (status === 404) return 'not-found'
  if (status === 409) return 'conflict'
  return 'engine-error'
}
