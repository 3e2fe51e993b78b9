import { afterEach, describe, expect, it, vi } from 'vitest'

import { LogBatcher, type LineBatch } from '../../src-main/logs/log-batcher'
import { LineSplitter } from '../../src-main/logs/line-splitter'

function split(chunks: Array<string | Buffer>, maxLength?: number): Array<[string, boolean]> {
  const lines: Array<[string, boolean]> = []
  const splitter = new LineSplitter((line, continued) => lines.push([line, continued]), maxLength)
  for (const chunk of chunks) splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk)
  splitter.end()
  return lines
}

describe('LineSplitter', () => {
  it('splits on newlines across chunks and drops the \\r of \\r\\n', () => {
    expect(split(['one\r\ntw', 'o\nthr', 'ee'])).toEqual([
      ['one', false],
      ['two', false],
      ['three', false],
    ])
  })

  it('keeps empty lines and a carriage return inside a line', () => {
    expect(split(['\n\nprogress 10%\rprogress 90%\n'])).toEqual([
      ['', false],
      ['', false],
      ['progress 10%\rprogress 90%', false],
    ])
  })

  it('keeps a character whose UTF-8 bytes are split between chunks', () => {
    const bytes = Buffer.from('ünï ✓\n')
    expect(split([bytes.subarray(0, 1), bytes.subarray(1, 5), bytes.subarray(5)])).toEqual([
      ['ünï ✓', false],
    ])
  })

  it('cuts a long line into marked pieces that join back', () => {
    const long = 'a'.repeat(25) + 'b'.repeat(3)
    const pieces = split([long.slice(0, 7), long.slice(7), '\nnext\n'], 10)
    expect(pieces).toEqual([
      ['a'.repeat(10), true],
      ['a'.repeat(10), true],
      ['aaaaabbb', false],
      ['next', false],
    ])
  })

  it('hands on a last line that has no newline only at the end', () => {
    const lines: string[] = []
    const splitter = new LineSplitter((line) => lines.push(line))
    splitter.push(Buffer.from('done\nno newline'))
    expect(lines).toEqual(['done'])
    splitter.end()
    expect(lines).toEqual(['done', 'no newline'])
  })
})

describe('LogBatcher', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('sends many lines per batch with their sources as runs', () => {
    const batches: LineBatch[] = []
    const batcher = new LogBatcher((batch) => batches.push(batch), {
      maxLines: 4,
      maxChars: 1000,
      delayMs: 10,
    })
    batcher.add('stdout', 'a', false)
    batcher.add('stdout', 'b', false)
    batcher.add('stderr', 'c', true)
    batcher.add('stdout', 'd', false)
    batcher.add('stdout', 'e', false)
    batcher.flush()
    expect(batches).toEqual([
      {
        lines: ['a', 'b', 'c', 'd'],
        runs: [
          { source: 'stdout', count: 2 },
          { source: 'stderr', count: 1 },
          { source: 'stdout', count: 1 },
        ],
        continued: [2],
      },
      { lines: ['e'], runs: [{ source: 'stdout', count: 1 }] },
    ])
  })

  it('sends a part-filled batch after a short wait, and a full one by size at once', () => {
    vi.useFakeTimers()
    const batches: LineBatch[] = []
    const batcher = new LogBatcher((batch) => batches.push(batch), {
      maxLines: 100,
      maxChars: 10,
      delayMs: 16,
    })
    batcher.add('stdout', 'quiet', false)
    expect(batches).toHaveLength(0)
    vi.advanceTimersByTime(16)
    expect(batches).toHaveLength(1)

    batcher.add('stdout', 'twelve chars', false)
    expect(batches).toHaveLength(2)
    vi.advanceTimersByTime(100)
    expect(batches).toHaveLength(2)
  })

  it('sends nothing after it is disposed', () => {
    vi.useFakeTimers()
    const onBatch = vi.fn()
    const batcher = new LogBatcher(onBatch)
    batcher.add('stdout', 'x', false)
    batcher.dispose()
    vi.advanceTimersByTime(1000)
    expect(onBatch).not.toHaveBeenCalled()
  })
})
