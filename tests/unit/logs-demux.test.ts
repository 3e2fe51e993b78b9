import { describe, expect, it } from 'vitest'

import { FrameDemuxer, type FrameSource } from '../../src-main/logs/frame-demuxer'

function frame(source: number, text: string | Buffer): Buffer {
  const body = typeof text === 'string' ? Buffer.from(text) : text
  const header = Buffer.alloc(8)
  header[0] = source
  header.writeUInt32BE(body.length, 4)
  return Buffer.concat([header, body])
}

function demux(stream: Buffer, chunkSize: number): Array<[FrameSource, string]> {
  const demuxer = new FrameDemuxer()
  const out: Array<[FrameSource, string]> = []
  for (let offset = 0; offset < stream.length; offset += chunkSize) {
    demuxer.push(stream.subarray(offset, offset + chunkSize), (source, payload) =>
      out.push([source, payload.toString()]),
    )
  }
  return out
}

describe('FrameDemuxer', () => {
  const stream = Buffer.concat([
    frame(1, 'out one\n'),
    frame(2, 'err one\n'),
    frame(1, 'out two\n'),
    frame(2, 'x'.repeat(70_000)),
  ])
  const expected: Array<[FrameSource, string]> = [
    [1, 'out one\n'],
    [2, 'err one\n'],
    [1, 'out two\n'],
    [2, 'x'.repeat(70_000)],
  ]

  it.each([1, 3, 7, 8, 9, 64, 65_536, stream.length])(
    'yields the same payloads whatever the chunk size (%i)',
    (size) => {
      expect(demux(stream, size)).toEqual(expected)
    },
  )

  it('keeps a payload whole when its producer reuses the chunk buffer', () => {
    const demuxer = new FrameDemuxer()
    const whole = frame(1, 'abcdef')
    const reused = Buffer.alloc(7)
    const seen: string[] = []
    const onPayload = (_source: FrameSource, payload: Buffer): void => {
      seen.push(payload.toString())
    }
    whole.copy(reused, 0, 0, 7)
    demuxer.push(reused, onPayload)
    reused.fill(0)
    demuxer.push(whole.subarray(7), onPayload)
    expect(seen).toEqual(['abcdef'])
  })

  it('tells a stream cut off inside a frame', () => {
    const demuxer = new FrameDemuxer()
    demuxer.push(frame(1, 'hello').subarray(0, 10), () => {})
    expect(demuxer.midFrame).toBe(true)
    demuxer.push(frame(1, 'hello').subarray(10), () => {})
    expect(demuxer.midFrame).toBe(false)
  })

  it('splits 200,000 frames in well under a second, linear in the input', () => {
    const parts: Buffer[] = []
    for (let i = 0; i < 200_000; i++) parts.push(frame(i % 5 ? 1 : 2, `line ${i}\n`))
    const all = Buffer.concat(parts)
    const demuxer = new FrameDemuxer()
    let count = 0
    const started = performance.now()
    for (let offset = 0; offset < all.length; offset += 65_536) {
      demuxer.push(all.subarray(offset, offset + 65_536), () => count++)
    }
    expect(count).toBe(200_000)
    // docker-modem's demuxStream took 4.8 s for this; the bound leaves room for a busy machine.
    expect(performance.now() - started).toBeLessThan(1000)
  })
})
