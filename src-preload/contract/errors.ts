/**
 * The kinds of failure a request can end in. The renderer chooses its wording
 * and its way forward by the code; the message is the engine's own text when
 * the engine produced the failure.
 */
export const errorCodes = [
  'invalid-argument',
  'unknown-method',
  'not-found',
  'conflict',
  'permission-denied',
  'engine-unavailable',
  'engine-error',
  'cancelled',
  'internal',
] as const

export type ErrorCode = (typeof errorCodes)[number]

/** A failure as it crosses the bridge: plain data, so any transport can carry it. */
export interface BerthErrorData {
  code: ErrorCode
  message: string
  /** The Engine API's HTTP status, when the engine answered. */
  status?: number
  /** For invalid arguments: where in the argument the problem is. */
  path?: string
}

export class BerthError extends Error {
  override readonly name = 'BerthError'
  readonly code: ErrorCode
  readonly status: number | undefined
  readonly path: string | undefined

  constructor(data: BerthErrorData) {
    super(data.message)
    this.code = data.code
    this.status = data.status
    this.path = data.path
  }

  toData(): BerthErrorData {
    const data: BerthErrorData = { code: this.code, message: this.message }
    if (this.status !== undefined) data.status = this.status
    if (this.path !== undefined) data.path = this.path
    return data
  }
}

export function isBerthErrorData(value: unknown): value is BerthErrorData {
  if (typeof value !== 'object' || value === null) return false
  const { code, message } = value as Record<string, unknown>
  return typeof message === 'string' && (errorCodes as readonly unknown[]).includes(code)
}
