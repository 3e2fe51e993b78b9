import type Docker from 'dockerode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { BerthCore } from '../../src-main/core'
import type { ActionOutcome, Envelope } from '../../src-preload/contract'
import { removeTestResources, testRunId } from '../harness/labels'
import { RecordingPeer } from '../harness/recording-peer'
import { createTestContainer } from '../harness/test-containers'
import { startTestCore, testDocker } from '../harness/test-core'

describe('container actions through the router', () => {
  let docker: Docker
  let core: BerthCore
  const peer = new RecordingPeer()

  const act = (args: unknown): Promise<Envelope<unknown>> =>
    core.router.invoke(peer, 'containers.act', args)

  /** Runs one action and expects every container in it to have succeeded. */
  const actOk = async (ids: string[], action: string, options?: object): Promise<void> => {
    const reply = await act({ ids, action, ...(options ? { options } : {}) })
    expect(reply).toEqual({ ok: true, value: ids.map((id) => ({ id })) })
  }

  const inspect = (id: string): Promise<Docker.ContainerInspectInfo> =>
    docker.getContainer(id).inspect()

  const isGone = async (id: string): Promise<boolean> => {
    try {
      await inspect(id)
      return false
    } catch (error) {
      return (error as { statusCode?: number }).statusCode === 404
    }
  }

  beforeAll(async () => {
    docker = testDocker()
    core = await startTestCore()
  })

  afterAll(async () => {
    core?.dispose()
    await removeTestResources(docker, testRunId)
  })

  it('starts, stops, restarts, pauses, unpauses, kills and removes a real container', async () => {
    const { id } = await createTestContainer(docker, { cmd: ['sleep', '600'] })

    await actOk([id], 'start')
    const started = await inspect(id)
    expect(started.State.Running).toBe(true)

    await actOk([id], 'stop', { timeout: 1 })
    expect((await inspect(id)).State).toMatchObject({ Running: false, Status: 'exited' })

    await actOk([id], 'start')
    const beforeRestart = (await inspect(id)).State.StartedAt
    await actOk([id], 'restart', { timeout: 1 })
    const restarted = (await inspect(id)).State
    expect(restarted.Running).toBe(true)
    expect(restarted.StartedAt).not.toBe(beforeRestart)

    // dockerd also records pause and resume from containerd's own events,
    // handled after the API call returns; on a busy machine a late "paused"
    // event shows the container paused for a moment after the unpause.
    const settled = { timeout: 5000 }
    await actOk([id], 'pause')
    await expect
      .poll(async () => (await inspect(id)).State, settled)
      .toMatchObject({ Paused: true, Status: 'paused' })

    await actOk([id], 'unpause')
    await expect
      .poll(async () => (await inspect(id)).State, settled)
      .toMatchObject({ Paused: false, Status: 'running' })

    await actOk([id], 'kill', { signal: 'SIGKILL' })
    expect((await inspect(id)).State).toMatchObject({ Running: false, ExitCode: 137 })

    await actOk([id], 'remove')
    expect(await isGone(id)).toBe(true)
  })

  it("removes a running container only when forced, else relays the engine's refusal", async () => {
    const { id } = await createTestContainer(docker, { cmd: ['sleep', '600'], start: true })

    const refused = await act({ ids: [id], action: 'remove' })
    expect(refused).toMatchObject({
      ok: true,
      value: [{ id, error: { code: 'conflict', status: 409 } }],
    })
    const [outcome] = (refused as { value: ActionOutcome[] }).value
    expect(outcome!.error!.message).toMatch(/running container/i)
    expect((await inspect(id)).State.Running).toBe(true)

    await actOk([id], 'remove', { force: true })
    expect(await isGone(id)).toBe(true)
  })

  it("reports a missing container as not-found in the engine's words, does the rest", async () => {
    const { id } = await createTestContainer(docker, { cmd: ['sleep', '600'] })
    const missing = `missing-${testRunId}`
    let engineMessage = ''
    await docker
      .getContainer(missing)
      .start()
      .catch(
        (error: { json?: { message?: string } }) => (engineMessage = error.json?.message ?? ''),
      )
    expect(engineMessage).toContain(missing)

    const reply = await act({ ids: [missing, id], action: 'start' })

    expect(reply).toEqual({
      ok: true,
      value: [
        { id: missing, error: { code: 'not-found', status: 404, message: engineMessage } },
        { id },
      ],
    })
    expect((await inspect(id)).State.Running).toBe(true)
  })

  describe('refuses bad arguments before touching any container', () => {
    const stoppedName = `x-${testRunId}`
    let runningId: string
    let stoppedId: string
    let before: { running: string; stopped: string }

    beforeAll(async () => {
      runningId = (await createTestContainer(docker, { cmd: ['sleep', '600'], start: true })).id
      stoppedId = (await createTestContainer(docker, { name: stoppedName, cmd: ['sleep', '600'] }))
        .id
      before = {
        running: (await inspect(runningId)).State.StartedAt,
        stopped: (await inspect(stoppedId)).State.Status,
      }
    })

    it.each([
      ['an empty id list', () => ({ ids: [], action: 'stop' }), 'ids'],
      ['a path as an id', () => ({ ids: [`../${stoppedName}`], action: 'start' }), 'ids.0'],
      ['an unknown action', () => ({ ids: [runningId], action: 'explode' }), 'action'],
      ['a missing action', () => ({ ids: [runningId] }), 'action'],
      ['an extra key', () => ({ ids: [runningId], action: 'stop', all: true }), ''],
      [
        'an extra option',
        () => ({ ids: [runningId], action: 'stop', options: { t: 0 } }),
        'options',
      ],
      ['a string', () => 'stop', ''],
      ['a number', () => 42, ''],
      ['an array', () => [runningId, 'stop'], ''],
      ['null', () => null, 'ids'],
    ])('%s', async (_what, args, path) => {
      const reply = await act(args())

      expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
      const error = (reply as { error: { path?: string; message: string } }).error
      expect(error.path ?? '').toBe(path)
      expect(error.message).toMatch(/^Invalid argument to containers\.act/)
      const running = (await inspect(runningId)).State
      expect(running.Running).toBe(true)
      expect(running.StartedAt).toBe(before.running)
      expect((await inspect(stoppedId)).State.Status).toBe(before.stopped)
    })
  })

  it('answers an unknown method with unknown-method', async () => {
    expect(await core.router.invoke(peer, 'containers.explode', {})).toMatchObject({
      ok: false,
      error: { code: 'unknown-method', message: expect.stringContaining('containers.explode') },
    })
    expect(await core.router.invoke(peer, 42, {})).toMatchObject({
      ok: false,
      error: { code: 'unknown-method' },
    })
  })
})
