import { describe, expect, it } from 'vitest'

import { engineTimeToUnix, unixSeconds } from '../../src-main/logs/engine-logs'
import { logFileName } from '../../src-main/logs/log-export'

describe('engine times', () => {
  it('keeps all nine decimals of an engine time', () => {
    expect(engineTimeToUnix('2024-05-01T10:00:00.123456789Z')).toBe('1714557600.123456789')
    expect(engineTimeToUnix('2024-05-01T10:00:00.5Z')).toBe('1714557600.500000000')
    expect(engineTimeToUnix('2024-05-01T10:00:00Z')).toBe('1714557600.000000000')
  })

  it('has no time for the engine’s zero time or nonsense', () => {
    expect(engineTimeToUnix('0001-01-01T00:00:00Z')).toBeUndefined()
    expect(engineTimeToUnix('yesterday')).toBeUndefined()
  })

  it('writes seconds without exponents', () => {
    expect(unixSeconds(1714557600)).toBe('1714557600')
    expect(unixSeconds(1714557600.25)).toBe('1714557600.250000')
    expect(unixSeconds('1714557600.123456789')).toBe('1714557600.123456789')
  })

  it('names a saved log after its container and the time', () => {
    const at = new Date('2024-05-01T10:02:03.456Z')
    expect(logFileName('/web-1', at)).toBe('web-1-20240501-100203.log')
    expect(logFileName('/we ird/..', at)).toBe('we_ird_..-20240501-100203.log')
  })
})
