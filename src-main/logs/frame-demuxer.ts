/** The engine's stream numbers in a multiplexed frame header. */
export type FrameSource = 0 | 1 | 2

const headerSize = 8

/**
 * Splits the engine's multiplexed stream (8-byte header: stream, 3 zero bytes,
 * big-endian length; then the payload) into payloads, as they arrive.
 *
 * docker-modem's demuxStream copies the unread rest of its buffer for every
 * frame, which is quadratic in the frames per chunk: 200,000 log lines took
 * 4.8 s there. This one walks each chunk by offset and copies only the pieces
 * of a payload that straddles chunks.
 */
export class FrameDemuxer {
  private header = Buffer.alloc(headerSize)
  private headerFill = 0
  private source: FrameSource = 1
  /** Bytes of the current payload still to come; 0 between frames. */
  private remaining = 0
  /** A payload that straddles chunks, by piece. */
  private pieces: Buffer[] = []

  push(chunk: Buffer, onPayload: (source: FrameSource, payload: Buffer) => void): void {
    let offset = 0
    while (offset < chunk.length) {
      if (this.remaining === 0) {
        const take = Math.min(headerSize - this.headerFill, chunk.length - offset)
        chunk.copy(this.header, this.headerFill, offset, offset + take)
        this.headerFill += take
        offset += take
        if (this.headerFill < headerSize) return
        this.headerFill = 0
        const kind = this.header[0]!
        this.source = kind === 2 ? 2 : kind === 0 ? 0 : 1
        this.remaining = this.header.readUInt32BE(4)
        continue
      }

      const take = Math.min(this.remaining, chunk.length - offset)
      const piece = chunk.subarray(offset, offset + take)
      offset += take
      this.remaining -= take
      if (this.remaining > 0) {
        // The chunk may be reused by its producer; keep a copy of the piece.
        this.pieces.push(Buffer.from(piece))
      } else if (this.pieces.length > 0) {
        this.pieces.push(piece)
        const whole = Buffer.concat(this.pieces)
        this.pieces = []
        onPayload(this.source, whole)
      } else {
        onPayload(this.source, piece)
      }
    }
  }

  /** Whether a frame is cut off part-way, which at the end of a stream means a lost tail. */
  get midFrame(): boolean {
    return this.remaining > 0 || this.headerFill > 0
  }
}
