/**
 * Flow control for a stream whose events the renderer acknowledges. Each
 * event gets the next sequence number; while `limit` or more are
 * unacknowledged the window is full and the producer should stop reading
 * from its source, and `onOpen` tells it when to read again.
 */
export class AckWindow {
  private sent = 0
  private acked = 0

  constructor(
    private readonly limit: number,
    private readonly onOpen: () => void,
  ) {}

  /** Numbers a new event. */
  next(): number {
    return ++this.sent
  }

  get full(): boolean {
    return this.sent - this.acked >= this.limit
  }

  get unacknowledged(): number {
    return this.sent - this.acked
  }

  /** Acknowledges every event up to `seq`; stale or unknown numbers are ignored. */
  ack(seq: number): void {
    if (seq <= this.acked || seq > this.sent) return
    const wasFull = this.full
    this.acked = seq
    if (wasFull && !this.full) this.onOpen()
  }
}
