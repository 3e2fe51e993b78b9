import type Docker from 'dockerode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { BerthCore } from '../../src-main/core'
import type { ExecQuery, StreamMessage, TerminalEvent } from '../../src-preload/contract'
import { removeTestResources, testRunId } from '../harness/labels'
import { RecordingPeer } from '../harness/recording-peer'
import { createTestContainer } from '../harness/test-containers'
import { startTestCore, testDocker } from '../harness/test-core'
import { waitFor } from '../harness/wait'

/** The processes in a container, as its own `ps` lists them, less `ps` itself. */
async function processes(container: Docker.Container): Promise<string[]> {
  const exec = await container.exec({ Cmd: ['ps', '-o', 'pid,args'], AttachStdout: true })
  const stream = await exec.start({})
  const chunks: Buffer[] = []
  stream.on('data', (chunk: Buffer) => chunks.push(chunk))
  await new Promise((resolve) => stream.once('end', resolve))
  // Strip the 8-byte frame headers of the multiplexed answer.
  const text = Buffer.concat(chunks)
    .toString('latin1')
    .replace(/[\x00-\x08][\x00-\xff]{7}/g, '')
  return text
    .split('\n')
    .slice(1)
    .map((line) => line.trim())
    .filter((line) => line && !/\bps\b/.test(line))
}

describe('exec terminals through the router', () => {
  let docker: Docker
  let core: BerthCore
  const peer = new RecordingPeer()
  let nextStream = 1

  beforeAll(async () => {
    docker = testDocker()
    core = await startTestCore()
  })

  afterAll(async () => {
    core?.dispose()
    await removeTestResources(docker, testRunId)
  })

  const open = async (query: ExecQuery): Promise<string> => {
    const streamId = `exec-${nextStream++}`
    expect(await core.router.open(peer, streamId, 'exec.shell', query)).toEqual({
      ok: true,
      value: null,
    })
    return streamId
  }

  const events = (streamId: string): TerminalEvent[] => peer.events<TerminalEvent>(streamId)

  /** Everything the terminal printed so far, acknowledged as painted. */
  const screen = async (streamId: string): Promise<string> => {
    const outputs = events(streamId).filter((e) => e.type === 'output')
    const last = outputs[outputs.length - 1]
    if (last) await core.router.invoke(peer, 'exec.ack', { streamId, seq: last.seq })
    return outputs.map((e) => e.data).join('')
  }

  const type = (streamId: string, data: string): Promise<unknown> =>
    core.router.invoke(peer, 'exec.input', { streamId, data })

  const endOf = (streamId: string): StreamMessage | undefined =>
    peer.messages.find((m) => m.streamId === streamId && 'end' in m)

  const failureOf = async (query: ExecQuery): Promise<{ code: string; message: string }> => {
    const streamId = await open(query)
    await waitFor('the stream to end', () => peer.ended(streamId))
    const end = endOf(streamId) as { error?: { code: string; message: string } }
    expect(end.error).toBeDefined()
    return end.error!
  }

  const running = (name?: string): Promise<Docker.Container> =>
    createTestContainer(docker, {
      cmd: ['sleep', '600'],
      start: true,
      ...(name ? { name } : {}),
    })

  it('falls back to sh where there is no bash, and runs what is typed', async () => {
    const container = await running()
    const streamId = await open({ container: container.id, cols: 80, rows: 24 })

    await waitFor('the shell to be ready', () => events(streamId).some((e) => e.type === 'ready'))
    expect(events(streamId).find((e) => e.type === 'ready')).toMatchObject({
      command: ['sh'],
      tty: true,
    })
    await type(streamId, 'echo "hel""lo from $((6*7))"\r')
    await waitFor('the echo', async () => (await screen(streamId)).includes('hello from 42'))
    // The message of a missing bash was held back, not shown.
    expect(await screen(streamId)).not.toContain('executable file not found')
  })

  it('is sized at creation and follows every resize', async () => {
    const container = await running()
    const streamId = await open({ container: container.id, cols: 91, rows: 37 })
    await type(streamId, 'stty size\r')
    await waitFor('the first size', async () => (await screen(streamId)).includes('37 91'))

    await core.router.invoke(peer, 'exec.resize', { streamId, cols: 120, rows: 40 })
    await type(streamId, 'stty size\r')
    await waitFor('the new size', async () => (await screen(streamId)).includes('40 120'))
  })

  it('takes a pasted multi-line script whole', async () => {
    const container = await running()
    const streamId = await open({ container: container.id, cols: 80, rows: 24 })
    await type(streamId, 'a=1\rb=$((a+1))\recho "sum=$((a+b))"\r')
    await waitFor('the script’s result', async () => (await screen(streamId)).includes('sum=3'))
  })

  it('runs a given command as a given user in a given folder', async () => {
    const container = await running()
    const streamId = await open({
      container: container.id,
      command: ['sh', '-c', 'id -u; pwd; exit 3'],
      user: '1234',
      workingDir: '/tmp',
      cols: 80,
      rows: 24,
    })
    await waitFor('the session to end', () => peer.ended(streamId))
    const text = await screen(streamId)
    expect(text).toContain('1234')
    expect(text).toContain('/tmp')
    expect(events(streamId).at(-1)).toEqual({ type: 'ended', reason: 'exited', exitCode: 3 })
    expect(endOf(streamId)).not.toHaveProperty('error')
  })

  it('says so when the container stops under the shell', async () => {
    const container = await running()
    const streamId = await open({ container: container.id, cols: 80, rows: 24 })
    await waitFor('the shell', () => events(streamId).some((e) => e.type === 'ready'))
    await container.kill()
    await waitFor('the end', () => peer.ended(streamId))
    expect(events(streamId).at(-1)).toMatchObject({ type: 'ended', reason: 'container-stopped' })
  })

  it('refuses a stopped container', async () => {
    const name = `exec-stopped-${nextStream}`
    await createTestContainer(docker, { name, cmd: ['sleep', '600'] })
    expect(await failureOf({ container: name, cols: 80, rows: 24 })).toEqual({
      code: 'conflict',
      message: `${name} is not running. Start it to open a terminal in it.`,
    })
  })

  it('names a program that is not in the container', async () => {
    const container = await running()
    const failure = await failureOf({
      container: container.id,
      command: ['zsh', '-l'],
      cols: 80,
      rows: 24,
    })
    expect(failure.code).toBe('not-found')
    expect(failure.message).toMatch(/^"zsh" was not found in exec-|^"zsh" was not found in /)
  })

  it('refuses a removed container', async () => {
    const container = await running()
    await container.remove({ force: true })
    expect(await failureOf({ container: container.id, cols: 80, rows: 24 })).toMatchObject({
      code: 'not-found',
      message: `There is no container ${container.id}; it may have been removed.`,
    })
  })

  it('names a user that does not exist', async () => {
    const container = await running()
    const failure = await failureOf({
      container: container.id,
      user: 'nobody-here',
      cols: 80,
      rows: 24,
    })
    expect(failure.code).toBe('invalid-argument')
    expect(failure.message).toMatch(/^There is no user "nobody-here" in /)
  })

  it('names a working folder that does not exist', async () => {
    const container = await running()
    const failure = await failureOf({
      container: container.id,
      workingDir: '/no/such/folder',
      cols: 80,
      rows: 24,
    })
    expect(failure).toMatchObject({ code: 'invalid-argument' })
    expect(failure.message).toContain('"/no/such/folder" does not exist')
  })

  it('rejects malformed arguments before touching the engine', async () => {
    const reply = await core.router.open(peer, 'bad-user', 'exec.shell', {
      container: 'x',
      user: 'root; rm -rf /',
      cols: 80,
      rows: 24,
    })
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-argument', path: 'user' } })
    const input = await core.router.invoke(peer, 'exec.input', { streamId: 'nope', data: 'x' })
    expect(input).toMatchObject({ ok: false, error: { code: 'not-found' } })
  })

  it('ends the shell in the container when its peer goes away', async () => {
    const container = await running()
    const leaving = new RecordingPeer()
    for (const streamId of ['t1', 't2']) {
      await core.router.open(leaving, streamId, 'exec.shell', {
        container: container.id,
        cols: 80,
        rows: 24,
      })
    }
    await waitFor('both shells', () =>
      ['t1', 't2'].every((id) => leaving.events<TerminalEvent>(id).some((e) => e.type === 'ready')),
    )
    await waitFor('two shells in the container', async () => {
      const shells = (await processes(container)).filter((line) => /\bsh$/.test(line))
      return shells.length === 2
    })
    const sessions = core.exec.openSessions

    core.router.disconnect(leaving)

    expect(core.exec.openSessions).toBe(sessions - 2)
    await waitFor(
      'the shells to end',
      async () => (await processes(container)).every((line) => !/\bsh$/.test(line)),
      { timeoutMs: 15_000 },
    )
    // The engine agrees: none of the container's execs runs any more.
    const { ExecIDs } = await container.inspect()
    const states = await Promise.all(
      (ExecIDs ?? []).map(async (id) => (await docker.getExec(id).inspect()).Running),
    )
    expect(states.filter(Boolean)).toEqual([])
  })
})
