import type { BerthClient, StreamCallbacks } from '../../../src-renderer/src/api/client'

export interface OpenedStream {
  id: string
  name: string
  args: unknown
  callbacks: StreamCallbacks<unknown>
  closed: boolean
}

/** A client without a bridge: it records what is asked and lets the test push events. */
export class FakeClient implements BerthClient {
  readonly streams: OpenedStream[] = []
  readonly requests: Array<{ method: string; args: unknown }> = []
  private counter = 0

  invoke: BerthClient['invoke'] = (method, args) => {
    this.requests.push({ method, args })
    return Promise.resolve(null as never)
  }

  open: BerthClient['open'] = (name, args, callbacks) => {
    const stream: OpenedStream = {
      id: `fake-${++this.counter}`,
      name,
      args,
      callbacks: callbacks,
      closed: false,
    }
    this.streams.push(stream)
    return Promise.resolve({
      id: stream.id,
      close: () => {
        stream.closed = true
      },
    })
  }

  last(name: string): OpenedStream {
    const found = this.streams.filter((s) => s.name === name).at(-1)
    if (!found) throw new Error(`no ${name} stream was opened`)
    return found
  }

  requestsOf(method: string): unknown[] {
    return this.requests.filter((r) => r.method === method).map((r) => r.args)
  }
}
