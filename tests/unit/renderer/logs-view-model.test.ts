import { describe, expect, it } from 'vitest'

import {
  markRanges,
  paletteRgb,
  plainText,
  styledSegments,
} from '../../../src-renderer/src/logs/ansi'
import { LogBuffer } from '../../../src-renderer/src/logs/log-buffer'
import { LineMatcher, MatchList } from '../../../src-renderer/src/logs/log-search'

describe('ANSI colours', () => {
  it('reads SGR colours as theme classes, 256 and true colours as rgb', () => {
    const segments = styledSegments(
      '\x1b[31mred\x1b[0m \x1b[1;92mbold\x1b[0m \x1b[38;5;208mo\x1b[0m \x1b[38;2;1;2;3mt\x1b[0m',
    )
    expect(segments.filter((s) => s.text.trim())).toEqual([
      { text: 'red', fgClass: 'ansi-red' },
      { text: 'bold', fgClass: 'ansi-bright-green', bold: true },
      { text: 'o', fgRgb: paletteRgb(208) },
      { text: 't', fgRgb: '1, 2, 3' },
    ])
    expect(paletteRgb(208)).toBe('255, 135, 0')
    expect(paletteRgb(244)).toBe('128, 128, 128')
  })

  it('leaves a plain line alone and strips cursor movement from a coloured one', () => {
    expect(styledSegments('plain <b>text</b>')).toEqual([{ text: 'plain <b>text</b>' }])
    expect(plainText('\x1b[2K\x1b[1Gdone \x1b[32mok\x1b[0m\x1b]0;title\x07')).toBe('done ok')
  })

  it('marks search matches inside coloured segments without losing the colour', () => {
    const marked = markRanges(styledSegments('ab\x1b[31mcdef\x1b[0mgh'), [
      [1, 3],
      [5, 7],
    ])
    expect(marked.map((s) => [s.text, s.match, s.fgClass])).toEqual([
      ['a', false, undefined],
      ['b', true, undefined],
      ['c', true, 'ansi-red'],
      ['de', false, 'ansi-red'],
      ['f', true, 'ansi-red'],
      ['g', true, undefined],
      ['h', false, undefined],
    ])
  })
})

describe('LogBuffer', () => {
  it('keeps at most its capacity, newest last, numbering every line', () => {
    const buffer = new LogBuffer(3)
    for (const text of ['a', 'b', 'c', 'd', 'e']) buffer.add('stdout', text)
    expect(buffer.length).toBe(3)
    expect(buffer.total).toBe(5)
    expect(buffer.firstSeq).toBe(3)
    expect([0, 1, 2].map((i) => buffer.at(i)?.text)).toEqual(['c', 'd', 'e'])
    expect(buffer.bySeq(2)).toBeUndefined()
    expect(buffer.bySeq(4)?.text).toBe('d')
  })

  it('takes a batch with its runs and continued pieces', () => {
    const buffer = new LogBuffer(10)
    const added = buffer.addBatch({
      type: 'lines',
      seq: 1,
      lines: ['o1', 'e1', 'e2', 'o2'],
      runs: [
        { source: 'stdout', count: 1 },
        { source: 'stderr', count: 2 },
        { source: 'stdout', count: 1 },
      ],
      continued: [1],
    })
    expect(added.map((l) => [l.kind, l.text, l.continued])).toEqual([
      ['stdout', 'o1', false],
      ['stderr', 'e1', true],
      ['stderr', 'e2', false],
      ['stdout', 'o2', false],
    ])
  })

  it('keeps the newest lines when its capacity shrinks', () => {
    const buffer = new LogBuffer(5)
    for (let i = 1; i <= 7; i++) buffer.add('stdout', String(i))
    buffer.resize(2)
    expect([buffer.at(0)?.text, buffer.at(1)?.text]).toEqual(['6', '7'])
    buffer.add('stdout', '8')
    expect([buffer.at(0)?.text, buffer.at(1)?.text]).toEqual(['7', '8'])
    expect(buffer.firstSeq).toBe(7)
  })
})

describe('search', () => {
  const line = (text: string, seq = 1) => ({ seq, kind: 'stdout' as const, text, continued: false })

  it('matches plain text, ignoring case and colour codes', () => {
    const matcher = new LineMatcher('error')
    expect(matcher.test(line('\x1b[31mERROR\x1b[0m: disk full'))).toBe(true)
    expect(matcher.test(line('all fine'))).toBe(false)
    expect(matcher.ranges(line('Error, error, eRRor'))).toEqual([
      [0, 5],
      [7, 12],
      [14, 19],
    ])
  })

  it('takes the query literally unless it is a regular expression', () => {
    expect(new LineMatcher('a.c').test(line('abc'))).toBe(false)
    expect(new LineMatcher('a.c', { caseSensitive: false, regex: true }).test(line('abc'))).toBe(
      true,
    )
    expect(new LineMatcher('Abc', { caseSensitive: true, regex: false }).test(line('abc'))).toBe(
      false,
    )
  })

  it('says why a regular expression is invalid and matches nothing', () => {
    const matcher = new LineMatcher('(', { caseSensitive: false, regex: true })
    expect(matcher.error).toBeTruthy()
    expect(matcher.active).toBe(false)
    expect(matcher.test(line('('))).toBe(false)
  })

  it('does not loop on a pattern that matches the empty string', () => {
    const matcher = new LineMatcher('x*', { caseSensitive: false, regex: true })
    expect(matcher.ranges(line('axxb'))).toEqual([[1, 3]])
  })

  it('keeps its matches in step with a buffer that drops old lines', () => {
    const matches = new MatchList()
    for (let seq = 1; seq <= 10_000; seq += 2) matches.add(seq)
    matches.dropBefore(9000)
    expect(matches.length).toBe(500)
    expect(matches.at(0)).toBe(9001)
    expect(matches.indexAtOrAfter(9002)).toBe(1)
    expect(matches.indexAtOrAfter(20_000)).toBe(500)
  })
})
