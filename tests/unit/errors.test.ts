import { describe, expect, it } from 'vitest'

import { toBerthError } from '../../src-main/ipc/errors'
import { BerthError } from '../../src-preload/contract'

/** A failure shaped like the ones dockerode rejects with when the engine answers. */
function engineFailure(statusCode: number, message?: string, reason?: string): Error {
  return Object.assign(new Error(`(HTTP code ${statusCode}) ${reason ?? ''}`), {
    statusCode,
    reason,
    json: message === undefined ? null : { message },
  })
}

describe('toBerthError', () => {
  it.each([
    [400, 'invalid-argument'],
    [401, 'permission-denied'],
    [403, 'permission-denied'],
    [404, 'not-found'],
    [409, 'conflict'],
    [500, 'engine-error'],
    [503, 'engine-error'],
  ])('maps engine status %i to %s, keeping the status and the engine message', (status, code) => {
    const message = `the engine says ${status}`

    expect(toBerthError(engineFailure(status, message)).toData()).toEqual({
      code,
      status,
      message,
    })
  })

  it("keeps the engine's words, trimmed, rather than the client's wrapper text", () => {
    const error = toBerthError(engineFailure(409, ' Conflict. The container name is in use. \n'))

    expect(error.message).toBe('Conflict. The container name is in use.')
  })

  it('falls back to the reason, then to the status, when the engine gave no message', () => {
    expect(toBerthError(engineFailure(404, '  ', 'no such container')).message).toBe(
      'no such container',
    )
    expect(toBerthError(engineFailure(502)).message).toBe('The engine answered with status 502.')
  })

  it.each(['ENOENT', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE'])(
    'reports a %s socket failure as the engine being unavailable',
    (code) => {
      const error = toBerthError(Object.assign(new Error(`connect ${code}`), { code }))

      expect(error.code).toBe('engine-unavailable')
      expect(error.message).toContain(code)
    },
  )

  it('reports EACCES on the socket as permission denied', () => {
    const error = toBerthError(Object.assign(new Error('connect EACCES'), { code: 'EACCES' }))

    expect(error.code).toBe('permission-denied')
  })

  it('returns a BerthError unchanged', () => {
    const original = new BerthError({ code: 'cancelled', message: 'Cancelled by the user.' })

    expect(toBerthError(original)).toBe(original)
  })

  it('reports anything else as internal, with its message', () => {
    expect(toBerthError(new RangeError('index 9 out of range')).toData()).toEqual({
      code: 'internal',
      message: 'index 9 out of range',
    })
    expect(toBerthError('a thrown string').toData()).toEqual({
      code: 'internal',
      message: 'a thrown string',
    })
    expect(toBerthError(null).code).toBe('internal')
  })
})
