import { describe, expect, it } from 'vitest'

import { createRequestHandlers, createStreamHandlers } from '../../src-main/ipc/handlers'
import { requestSchemas, streamSchemas } from '../../src-main/ipc/schemas'
import { isRequestName, isStreamName, requestNames, streamNames } from '../../src-preload/contract'

describe('the contract', () => {
  it('has a schema for every request and stream, and nothing else', () => {
    expect(Object.keys(requestSchemas).sort()).toEqual([...requestNames].sort())
    expect(Object.keys(streamSchemas).sort()).toEqual([...streamNames].sort())
  })

  it('has a handler for every request and stream', () => {
    const deps = {} as Parameters<typeof createRequestHandlers>[0]
    expect(Object.keys(createRequestHandlers(deps)).sort()).toEqual([...requestNames].sort())
    expect(Object.keys(createStreamHandlers(deps)).sort()).toEqual([...streamNames].sort())
  })

  it('tells its own names from anything else the page might send', () => {
    expect(isRequestName('containers.act')).toBe(true)
    expect(isRequestName('toString')).toBe(false)
    expect(isRequestName('__proto__')).toBe(false)
    expect(isRequestName(42)).toBe(false)
    expect(isStreamName('containers.watch')).toBe(true)
    expect(isStreamName('containers.act')).toBe(false)
  })
})
