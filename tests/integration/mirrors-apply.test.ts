import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

import type Docker from 'dockerode'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { createCore, type BerthCore } from '../../src-main/core'
import { silentLogger } from '../../src-main/log/logger'
import { validateWithDockerd } from '../../src-main/mirrors/engine-validate'
import { runCommand } from '../../src-main/mirrors/run-command'
import type {
  ApplyResult,
  Envelope,
  HistoryEntry,
  MirrorActivity,
  MirrorCheck,
  MirrorSettings,
  PullEvent,
  PullResult,
} from '../../src-preload/contract'
import { engineClient } from '../harness/engine-client'
import { startPrivateDaemon, pingOnce, type PrivateDaemon } from '../harness/private-daemon'
import { RecordingPeer } from '../harness/recording-peer'
import { seedBusybox, startRegistry, type PrivateRegistry } from '../harness/registry'
import { ensureBusyboxImage } from '../harness/test-image'
import { waitFor } from '../harness/wait'

/** The file as a person wrote it: odd spacing that must survive every edit. */
const handWritten = [
  '{',
  '    "debug": false,',
  '    "log-opts": {"max-size": "10m",   "max-file": "3"},',
  '    "registry-mirrors": ["https://old-mirror.invalid"]',
  '}',
  '',
].join('\n')

describe('registry mirrors on a real daemon', () => {
  let daemon: PrivateDaemon
  let registry: PrivateRegistry
  let docker: Docker
  let core: BerthCore
  const peer = new RecordingPeer()

  const invoke = <T>(method: string, args: unknown) =>
    core.router.invoke(peer, method, args) as Promise<Envelope<T>>
  const settings = async (): Promise<MirrorSettings> => {
    const reply = await invoke<MirrorSettings>('mirrors.get', {})
    if (!reply.ok) throw new Error(reply.error.message)
    return reply.value
  }
  const fileText = () => readFile(daemon.configFile, 'utf8')
  const reportedMirrors = async () =>
    ((await docker.info()) as { RegistryConfig: { Mirrors: string[] } }).RegistryConfig.Mirrors

  beforeAll(async () => {
    registry = await startRegistry()
    daemon = await startPrivateDaemon({
      config: { debug: false, 'registry-mirrors': ['https://old-mirror.invalid'] },
    })
    // The same settings, as a person might have typed them.
    await writeFile(daemon.configFile, handWritten)
    docker = engineClient(daemon.host)
    await ensureBusyboxImage(docker)
    await seedBusybox(docker, registry)

    core = createCore({
      engineHost: daemon.host,
      log: silentLogger,
      daemonJson: daemon.configFile,
      daemonPidFile: join(daemon.dir, 'dockerd.pid'),
      mirrors: { verifyTimeoutMs: 5000 },
    })
    await waitFor('the engine to connect', () => core.engine.current.kind === 'connected')
  })

  afterAll(async () => {
    core?.dispose()
    await daemon?.stop()
    await registry?.stop()
  })

  it('shows what the file says beside what the daemon reports', async () => {
    const state = await settings()
    expect(state.file).toMatchObject({ path: daemon.configFile, exists: true, text: handWritten })
    expect(state.file.issues).toEqual([])
    expect(state.pending).toEqual({
      mirrors: ['https://old-mirror.invalid'],
      insecureRegistries: [],
    })
    expect(state.applied).toEqual({
      mirrors: ['https://old-mirror.invalid/'],
      insecureRegistries: [],
    })
    expect(state.inSync).toBe(true)
    expect(state.reload).toEqual({
      kind: 'signal',
      pid: daemon.pid,
      pidFile: join(daemon.dir, 'dockerd.pid'),
    })
    expect(state.access).toBe('direct')
    expect(state.engine).toMatchObject({ connected: true, mirrorPaths: false })
    // Debian's engine is 20.10: it has no dockerd --validate.
    expect(state.validate).toMatchObject({ available: false, reason: 'old-engine' })
  })

  it('finds by trying it that this dockerd has no --validate', async () => {
    expect(await validateWithDockerd('dockerd', '{}\n', runCommand)).toEqual({
      kind: 'unsupported',
    })
  })

  it('applies a mirror, sees the daemon report it, and pulls busybox through it', async () => {
    const before = await settings()
    const activity = new RecordingPeer()
    await core.router.open(activity, 'act-1', 'mirrors.activity', {})

    const reply = await invoke<ApplyResult>('mirrors.apply', {
      change: {
        mirrors: [registry.url],
        insecureRegistries: ['registry.local:5000', '10.1.0.0/16'],
      },
      fileHash: before.file.hash,
    })
    core.router.close(activity, 'act-1')

    expect(reply.ok, JSON.stringify(reply)).toBe(true)
    const result = (reply as { value: ApplyResult }).value
    expect(result.outcome).toBe('applied')
    expect(await reportedMirrors()).toEqual([`${registry.url}/`])
    expect(result.settings.inSync).toBe(true)
    expect(result.settings.applied?.insecureRegistries.sort()).toEqual([
      '10.1.0.0/16',
      'registry.local:5000',
    ])

    // Only the two lists changed; every other byte is as it was.
    expect(await fileText()).toBe(
      handWritten
        .replace('["https://old-mirror.invalid"]', `[\n        "${registry.url}/"\n    ]`)
        .replace(
          '\n}',
          ',\n    "insecure-registries": [\n        "registry.local:5000",\n' +
            '        "10.1.0.0/16"\n    ]\n}',
        ),
    )
    expect(await readFile(result.backup!, 'utf8')).toBe(handWritten)
    expect(activity.events<MirrorActivity>('act-1').map((event) => event.step)).toEqual([
      'checking',
      'writing',
      'reloading',
      'verifying',
      'done',
    ])

    // No internet here: busybox can only come from the mirror.
    const pulls = new RecordingPeer()
    await core.router.open(pulls, 'pull-1', 'images.pull', { reference: 'busybox' })
    await waitFor('the pull to end', () => pulls.ended('pull-1'), { timeoutMs: 60_000 })
    const ending = pulls.messages.find((message) => 'end' in message)
    expect(ending).toEqual({ streamId: 'pull-1', end: true })
    const events = pulls.events<PullEvent>('pull-1')
    expect(events.at(-1)).toMatchObject({ type: 'done', reference: 'busybox' })
    const pulled = await docker.getImage('busybox:latest').inspect()
    expect(pulled.RepoTags).toContain('busybox:latest')
  })

  it('pulls by request too, and passes on the engine’s own reason for a failed pull', async () => {
    const reference = `${registry.address}/library/busybox:latest`
    const pulled = await invoke<PullResult>('images.pull', { reference })
    expect(pulled.ok, JSON.stringify(pulled)).toBe(true)
    expect((pulled as { value: PullResult }).value.digest).toMatch(/^sha256:[0-9a-f]{64}$/)

    const missing = await invoke('images.pull', {
      reference: `${registry.address}/library/busybox:no-such-tag`,
    })
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found', status: 404 } })
    expect((missing as { error: { message: string } }).error.message).toMatch(/not found|unknown/)

    const bad = await invoke('images.pull', { reference: 'Not A Reference' })
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
  })

  it.each([
    [[''], 'Mirror 1 is empty'],
    [['ftp://x'], 'Mirror 1 "ftp://x": only http:// and https:// mirrors are allowed'],
    [['mirror.com'], 'Mirror 1 "mirror.com": has no scheme'],
    [['http://u:p@h'], 'Mirror 1 "http://u:p@h": must not contain a user name or password'],
    [['http://h/?q'], 'Mirror 1 "http://h/?q": must not have a query'],
    [['http://h/#f'], 'Mirror 1 "http://h/#f": must not have a fragment'],
    [['https://a.example', 'https://A.EXAMPLE/'], 'Mirror 2 "https://A.EXAMPLE/": repeats'],
    [['https://proxy.example/hub'], 'Docker Engine 20.10'],
    [Array.from({ length: 10_000 }, (_, i) => `https://m${i}.example`), '10000 mirrors'],
  ])(
    'refuses the mirror list %#, naming the entry, and leaves the file alone',
    async (mirrors, message) => {
      const before = await fileText()
      const { file } = await settings()
      const reply = await invoke('mirrors.apply', {
        change: { mirrors, insecureRegistries: [] },
        fileHash: file.hash,
      })
      expect(reply.ok).toBe(false)
      const error = (reply as { error: { code: string; message: string } }).error
      expect(error.code).toBe('invalid-argument')
      expect(error.message).toContain(message)
      expect(await fileText()).toBe(before)
    },
  )

  it.each([
    ['{"debug": true,', 'not valid JSON'],
    ['["https://a.example"]', 'holds a list, not an object'],
    ['{"debug": true, "mirrorz": []}', 'has the key "mirrorz", which dockerd does not know'],
    ['{\n  // a comment\n  "debug": true\n}', 'has a comment at line 2'],
    ['', 'daemon.json is empty'],
    ['{"insecure-registries": ["http://h:5000"]}', 'takes no scheme; write it as h:5000'],
  ])('refuses the raw document %j and leaves the file alone', async (raw, message) => {
    const before = await fileText()
    const { file } = await settings()
    const check = await invoke<MirrorCheck>('mirrors.check', { change: { raw } })
    expect(check.ok && check.value.issues[0]?.message).toContain(message)

    const reply = await invoke('mirrors.apply', { change: { raw }, fileHash: file.hash })
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
    expect((reply as { error: { message: string } }).error.message).toContain(message)
    expect(await fileText()).toBe(before)
  })

  it('refuses to overwrite a file that changed since it was read', async () => {
    const before = await fileText()
    const reply = await invoke('mirrors.apply', {
      change: { mirrors: [], insecureRegistries: [] },
      fileHash: '0'.repeat(64),
    })
    expect(reply).toMatchObject({ ok: false, error: { code: 'conflict' } })
    expect(await fileText()).toBe(before)
  })

  it('asks before a restart, and will not restart a daemon systemd does not run', async () => {
    const before = await fileText()
    const { file } = await settings()
    const raw = before.replace(
      '"debug": false',
      '"debug": false, "shutdown-timeout": 5, "mtu": 1400',
    )
    const asked = await invoke('mirrors.apply', { change: { raw }, fileHash: file.hash })
    expect(asked).toMatchObject({ ok: false, error: { code: 'conflict' } })
    expect((asked as { error: { message: string } }).error.message).toMatch(
      /^Changing mtu takes an engine restart/,
    )
    const confirmed = await invoke('mirrors.apply', {
      change: { raw },
      fileHash: file.hash,
      restart: true,
    })
    expect((confirmed as { error: { message: string } }).error.message).toContain(
      'restarts only an engine that systemd runs',
    )
    expect(await fileText()).toBe(before)
  })

  it('writes nothing when it could not make the daemon read the file', async () => {
    const blind = createCore({
      engineHost: daemon.host,
      log: silentLogger,
      daemonJson: daemon.configFile,
      daemonPidFile: join(daemon.dir, 'no-such.pid'),
    })
    try {
      await waitFor('the engine to connect', () => blind.engine.current.kind === 'connected')
      const before = await fileText()
      const { file } = await settings()
      const reply = await blind.router.invoke(peer, 'mirrors.apply', {
        change: { mirrors: ['https://other.example'], insecureRegistries: [] },
        fileHash: file.hash,
      })
      expect(reply).toMatchObject({ ok: false, error: { code: 'conflict' } })
      expect((reply as { error: { message: string } }).error.message).toContain(
        'cannot find the running daemon',
      )
      expect(await fileText()).toBe(before)
    } finally {
      blind.dispose()
    }
  })

  it('rolls back a file the daemon refuses, and the daemon keeps its mirrors', async () => {
    const before = await fileText()
    const { file } = await settings()
    // Berth's rules pass this, but dockerd refuses a negative download count on reload.
    const raw = before
      .replace(registry.url, 'http://127.0.0.1:9')
      .replace('"debug": false', '"debug": false, "max-concurrent-downloads": -1')

    const started = Date.now()
    const reply = await invoke<ApplyResult>('mirrors.apply', {
      change: { raw },
      fileHash: file.hash,
    })
    expect(reply.ok, JSON.stringify(reply)).toBe(true)
    const result = (reply as { value: ApplyResult }).value
    expect(result.outcome).toBe('rolled-back')
    expect(result.reason).toContain('did not confirm a reload within 5 s')
    expect(Date.now() - started).toBeLessThan(20_000)

    expect(await fileText()).toBe(before)
    expect(await pingOnce(daemon.host.slice('unix://'.length))).toBe(true)
    expect(await reportedMirrors()).toEqual([`${registry.url}/`])
    expect(result.settings.inSync).toBe(true)
  })

  it('keeps a history and restores an earlier version with one request', async () => {
    const history = await invoke<HistoryEntry[]>('mirrors.history', {})
    expect(history.ok).toBe(true)
    const entries = (history as { value: HistoryEntry[] }).value
    const original = entries.find((entry) =>
      entry.lists?.mirrors.includes('https://old-mirror.invalid'),
    )
    expect(original, JSON.stringify(entries)).toBeDefined()

    const reply = await invoke<ApplyResult>('mirrors.restore', { id: original!.id })
    expect(reply.ok, JSON.stringify(reply)).toBe(true)
    expect(await fileText()).toBe(handWritten)
    expect(await reportedMirrors()).toEqual(['https://old-mirror.invalid/'])

    const bad = await invoke('mirrors.restore', { id: '../../etc/passwd' })
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-argument' } })
  })

  it('clears every mirror by writing an empty list', async () => {
    const { file } = await settings()
    const reply = await invoke<ApplyResult>('mirrors.apply', {
      change: { mirrors: [], insecureRegistries: [] },
      fileHash: file.hash,
    })
    expect(reply.ok, JSON.stringify(reply)).toBe(true)
    expect(await fileText()).toBe(handWritten.replace('["https://old-mirror.invalid"]', '[]'))
    expect(await reportedMirrors()).toEqual([])
  })
})
