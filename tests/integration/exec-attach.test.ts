import type Docker from 'dockerode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { BerthCore } from '../../src-main/core'
import type { TerminalEvent } from '../../src-preload/contract'
import { removeTestResources, testRunId } from '../harness/labels'
import { RecordingPeer } from '../harness/recording-peer'
import { createTestContainer } from '../harness/test-containers'
import { startTestCore, testDocker } from '../harness/test-core'
import { waitFor } from '../harness/wait'

describe('attaching to a container’s main process', () => {
  let docker: Docker
  let core: BerthCore
  const peer = new RecordingPeer()

  beforeAll(async () => {
    docker = testDocker()
    core = await startTestCore()
  })

  afterAll(async () => {
    core?.dispose()
    await removeTestResources(docker, testRunId)
  })

  const screen = (streamId: string): string =>
    peer
      .events<TerminalEvent>(streamId)
      .flatMap((e) => (e.type === 'output' ? [e.data] : []))
      .join('')

  it('types into an interactive shell and detaches without stopping it', async () => {
    const container = await createTestContainer(docker, { cmd: ['sh'], tty: true, start: true })
    const reply = await core.router.open(peer, 'attach-1', 'exec.attach', {
      container: container.id,
      cols: 100,
      rows: 30,
    })
    expect(reply.ok).toBe(true)
    await waitFor('the attachment', () =>
      peer.events<TerminalEvent>('attach-1').some((e) => e.type === 'ready'),
    )
    expect(peer.events<TerminalEvent>('attach-1')[0]).toMatchObject({ tty: true, stdin: true })

    await core.router.invoke(peer, 'exec.input', { streamId: 'attach-1', data: 'stty size\r' })
    await waitFor('the size', () => screen('attach-1').includes('30 100'))
    await core.router.invoke(peer, 'exec.input', {
      streamId: 'attach-1',
      data: 'echo attached-$((20+22))\r',
    })
    await waitFor('the echo', () => screen('attach-1').includes('attached-42'))

    core.router.close(peer, 'attach-1')
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect((await container.inspect()).State.Running).toBe(true)

    // A second attachment finds the same shell, with what was set before.
    await core.router.open(peer, 'attach-2', 'exec.attach', {
      container: container.id,
      cols: 100,
      rows: 30,
    })
    await waitFor('the second attachment', () =>
      peer.events<TerminalEvent>('attach-2').some((e) => e.type === 'ready'),
    )
    await core.router.invoke(peer, 'exec.input', { streamId: 'attach-2', data: 'exit 5\r' })
    await waitFor('the end', () => peer.ended('attach-2'))
    expect(peer.events<TerminalEvent>('attach-2').at(-1)).toEqual({
      type: 'ended',
      reason: 'container-stopped',
      exitCode: 5,
    })
  })

  it('shows the output of a container without stdin, and ignores input', async () => {
    const container = await createTestContainer(docker, {
      // Written again and again: an attach sees only what comes after it.
      cmd: ['sh', '-c', 'while true; do echo out; echo err >&2; sleep 0.2; done'],
      start: true,
    })
    await core.router.open(peer, 'attach-3', 'exec.attach', {
      container: container.id,
      cols: 80,
      rows: 24,
    })
    await waitFor('both lines', () => /out\n[^]*err\n/.test(screen('attach-3')))
    expect(peer.events<TerminalEvent>('attach-3')[0]).toMatchObject({ tty: false, stdin: false })
    const input = await core.router.invoke(peer, 'exec.input', { streamId: 'attach-3', data: 'x' })
    expect(input).toEqual({ ok: true, value: null })
    core.router.close(peer, 'attach-3')
    expect((await container.inspect()).State.Running).toBe(true)
  })

  it('refuses a container that is not running', async () => {
    const container = await createTestContainer(docker, { cmd: ['true'] })
    await core.router.open(peer, 'attach-4', 'exec.attach', {
      container: container.id,
      cols: 80,
      rows: 24,
    })
    await waitFor('the refusal', () => peer.ended('attach-4'))
    expect(peer.messages.find((m) => m.streamId === 'attach-4' && 'end' in m)).toMatchObject({
      error: { code: 'conflict' },
    })
  })
})
