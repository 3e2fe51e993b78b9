import { describe, expect, it } from 'vitest'

import { EventLineParser, type EngineEvent } from '../../src-main/engine/engine-event'

const line = (id: string, action = 'start'): string =>
  JSON.stringify({ Type: 'container', Action: action, Actor: { ID: id }, time: 1 }) + '\n'

function feed(chunks: string[]): EngineEvent[] {
  const parser = new EventLineParser()
  const events: EngineEvent[] = []
  for (const chunk of chunks) parser.push(chunk, (event) => events.push(event))
  return events
}

describe('event line parser', () => {
  it('emits an event split across chunks once, when its line is complete', () => {
    const text = line('a')
    const parser = new EventLineParser()
    const events: EngineEvent[] = []

    parser.push(text.slice(0, 10), (e) => events.push(e))
    parser.push(text.slice(10, 30), (e) => events.push(e))
    expect(events).toEqual([])

    parser.push(text.slice(30), (e) => events.push(e))
    expect(events.map((e) => e.Actor.ID)).toEqual(['a'])
  })

  it('emits every event of a chunk in order, and holds back a partial last line', () => {
    const third = line('c')
    const events = feed([line('a') + line('b') + third.slice(0, 5), third.slice(5)])

    expect(events.map((e) => e.Actor.ID)).toEqual(['a', 'b', 'c'])
  })

  it('skips malformed lines, blank lines and JSON that is not an event', () => {
    const events = feed([
      '{ broken\n',
      '\n',
      '  \n',
      JSON.stringify({ status: 'start', id: 'old-style' }) + '\n',
      line('ok'),
    ])

    expect(events.map((e) => e.Actor.ID)).toEqual(['ok'])
  })
})
