import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import type Docker from 'dockerode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { logDownloadRoute } from '../../src-main/api/logs'
import type { BerthCore } from '../../src-main/core'
import { logDownloadPath } from '../../src-main/logs/log-service'
import { startWebBridge, type WebBridge } from '../../src-main/transport/web-bridge'
import { silentLogger } from '../../src-main/log/logger'
import type { LogSaveEvent } from '../../src-preload/contract'
import { removeTestResources, testRunId } from '../harness/labels'
import { RecordingPeer } from '../harness/recording-peer'
import { createTestContainer } from '../harness/test-containers'
import { startTestCore, testDocker } from '../harness/test-core'
import { waitFor } from '../harness/wait'

describe('saving a whole log', () => {
  let docker: Docker
  let core: BerthCore
  let folder: string
  const peer = new RecordingPeer()
  const lineCount = 50_000
  let container: Docker.Container

  /** What the engine itself says the log is, demultiplexed. */
  const rawLog = async (): Promise<string> => {
    const buffer = await container.logs({ stdout: true, stderr: true })
    const parts: Buffer[] = []
    for (let offset = 0; offset < buffer.length;) {
      const size = buffer.readUInt32BE(offset + 4)
      parts.push(buffer.subarray(offset + 8, offset + 8 + size))
      offset += 8 + size
    }
    return Buffer.concat(parts).toString('utf8')
  }

  beforeAll(async () => {
    docker = testDocker()
    core = await startTestCore()
    folder = await mkdtemp(join(tmpdir(), 'berth-save-'))
    container = await createTestContainer(docker, {
      cmd: ['sh', '-c', `seq 1 ${lineCount}; echo to-stderr >&2`],
      start: true,
    })
    await container.wait()
  })

  afterAll(async () => {
    core?.dispose()
    await rm(folder, { recursive: true, force: true })
    await removeTestResources(docker, testRunId)
  })

  it('writes the engine’s log straight into the file the user picked', async () => {
    const target = join(folder, 'picked.log')
    const suggested: string[] = []
    core.logs.useSavePicker((name) => {
      suggested.push(name)
      return Promise.resolve(target)
    })

    await core.router.open(peer, 'save-1', 'logs.save', {
      container: container.id,
      timestamps: false,
    })
    await waitFor('the save to finish', () => peer.ended('save-1'))

    const events = peer.events<LogSaveEvent>('save-1')
    const written = await readFile(target, 'utf8')
    expect(written).toBe(await rawLog())
    expect(written.split('\n')).toHaveLength(lineCount + 2)
    expect(events.at(-1)).toEqual({ type: 'done', path: target, bytes: written.length })
    expect(suggested[0]).toMatch(/\.log$/)
  })

  it('writes nothing when the user cancels the dialog', async () => {
    core.logs.useSavePicker(() => Promise.resolve(undefined))
    await core.router.open(peer, 'save-2', 'logs.save', {
      container: container.id,
      timestamps: false,
    })
    await waitFor('the save to end', () => peer.ended('save-2'))
    expect(peer.events<LogSaveEvent>('save-2')).toEqual([{ type: 'cancelled' }])
  })

  it('says which file could not be written, and leaves none behind', async () => {
    const target = join(folder, 'no-such-folder', 'x.log')
    core.logs.useSavePicker(() => Promise.resolve(target))
    await core.router.open(peer, 'save-4', 'logs.save', {
      container: container.id,
      timestamps: false,
    })
    await waitFor('the save to fail', () => peer.ended('save-4'))
    const end = peer.messages.find((m) => m.streamId === 'save-4' && 'end' in m)
    expect(end).toMatchObject({ error: { code: 'internal' } })
    expect((end as { error: { message: string } }).error.message).toContain(
      `Cannot write ${target}`,
    )
  })

  it('offers a download through the web server when there is no dialog', async () => {
    core.logs.useSavePicker(undefined)
    await core.router.open(peer, 'save-3', 'logs.save', {
      container: container.id,
      timestamps: true,
    })
    await waitFor('the answer', () => peer.ended('save-3'))
    const [event] = peer.events<LogSaveEvent>('save-3')
    expect(event).toMatchObject({ type: 'download' })
    const url = (event as { url: string }).url
    expect(url.startsWith(`${logDownloadPath}?`)).toBe(true)

    let bridge: WebBridge | undefined
    try {
      bridge = await startWebBridge({
        router: core.router,
        log: silentLogger,
        rendererDir: folder,
        token: 'secret-token',
        routes: { [logDownloadPath]: logDownloadRoute(core.logs) },
      })
      const base = `http://127.0.0.1:${bridge.port}`
      const refused = await fetch(`${base}${url}`)
      expect(refused.status).toBe(403)

      const response = await fetch(`${base}${url}&token=secret-token`)
      expect(response.status).toBe(200)
      expect(response.headers.get('content-disposition')).toMatch(
        /^attachment; filename=".*\.log"$/,
      )
      const lines = (await response.text()).trimEnd().split('\n')
      expect(lines).toHaveLength(lineCount + 1)
      expect(lines[0]).toMatch(/^\S+Z 1$/)

      const missing = await fetch(`${base}${logDownloadPath}?container=nope&token=secret-token`)
      expect(missing.status).toBe(404)
      const malformed = await fetch(`${base}${logDownloadPath}?container=%2F..&token=secret-token`)
      expect(malformed.status).toBe(400)
    } finally {
      await bridge?.close()
    }
  })
})
