import { spawn } from 'node:child_process'
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'

import { planChange } from '../../src-main/mirrors/change-plan'
import { PrivilegedWriter } from '../../src-main/mirrors/privileged-writer'
import { runCommand } from '../../src-main/mirrors/run-command'
import { BerthError } from '../../src-preload/contract'

const helper = resolve(import.meta.dirname, '..', '..', 'resources', 'daemon-json-helper.mjs')

interface HelperRun {
  code: number | null
  reply: { ok: boolean; code?: string; message?: string; backup?: string }
}

function runHelper(args: string[], stdin: string, env: NodeJS.ProcessEnv = {}) {
  return new Promise<HelperRun>((done, reject) => {
    const child = spawn(process.execPath, [helper, ...args], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['pipe', 'pipe', 'inherit'],
    })
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk))
    child.once('error', reject)
    child.once('close', (code) => done({ code, reply: JSON.parse(out.trim()) }))
    child.stdin.end(stdin)
  })
}

const good = '{\n  "debug": true,\n  "registry-mirrors": ["http://127.0.0.1:5000/"]\n}\n'

/** Documents the helper must refuse however it is asked: it checks again, on its own. */
const bad: Array<[string, string, string]> = [
  ['an empty document', '', 'empty-file'],
  ['a blank document', ' \n', 'empty-file'],
  ['text that is not JSON', '{"debug": true,', 'json-syntax'],
  ['a comment', '{ // x\n}', 'json-syntax'],
  ['a byte-order mark', '\uFEFF{}', 'byte-order-mark'],
  ['a list', '["https://a.example"]', 'not-object'],
  ['mirrors that are not a list', '{"registry-mirrors": "https://a"}', 'wrong-type'],
  ['an ftp mirror', '{"registry-mirrors": ["ftp://x"]}', 'scheme'],
  ['a mirror without scheme', '{"registry-mirrors": ["mirror.com"]}', 'no-scheme'],
  ['an empty mirror', '{"registry-mirrors": [""]}', 'empty'],
  ['credentials', '{"registry-mirrors": ["http://u:p@h"]}', 'credentials'],
  ['a query', '{"registry-mirrors": ["http://h/?q"]}', 'query'],
  ['a fragment', '{"registry-mirrors": ["http://h/#f"]}', 'fragment'],
  ['a path', '{"registry-mirrors": ["http://h/p"]}', 'path-unsupported'],
  ['a duplicate', '{"registry-mirrors": ["http://h", "http://H/"]}', 'duplicate'],
  [
    '10,000 mirrors',
    JSON.stringify({
      'registry-mirrors': Array.from({ length: 10_000 }, (_, i) => `http://m${i}`),
    }),
    'too-many',
  ],
  ['an insecure URL', '{"insecure-registries": ["http://h:5000"]}', 'insecure-scheme'],
  ['an insecure CIDR too wide', '{"insecure-registries": ["10.0.0.0/33"]}', 'insecure-cidr'],
  ['an insecure port', '{"insecure-registries": ["h:99999"]}', 'insecure-port'],
]

describe('the privileged helper, run directly as root', () => {
  let folder: string
  let target: string
  const before = '{"debug": false}\n'

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'berth-helper-'))
    target = join(folder, 'daemon.json')
  })

  beforeEach(async () => {
    for (const name of await readdir(folder)) await rm(join(folder, name))
    await writeFile(target, before)
    await chmod(target, 0o644)
  })

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true })
  })

  it('writes a good document atomically and keeps the old one as a backup', async () => {
    const run = await runHelper(['--target', target], good)
    expect(run).toMatchObject({ code: 0, reply: { ok: true } })
    expect(await readFile(target, 'utf8')).toBe(good)
    expect(await readFile(run.reply.backup!, 'utf8')).toBe(before)
    expect(run.reply.backup).toMatch(/daemon\.json\.berth-backup-\d{8}T\d{6}\.\d{3}Z-[0-9a-f]{4}$/)
    expect((await stat(target)).mode & 0o777).toBe(0o644)
  })

  it('accepts a mirror path only when told the engine takes one', async () => {
    const withPath = '{"registry-mirrors": ["https://proxy.example/hub/"]}'
    const run = await runHelper(['--target', target, '--mirror-paths'], withPath)
    expect(run.reply.ok).toBe(true)
    expect(await readFile(target, 'utf8')).toBe(withPath)
  })

  it.each(bad)('refuses %s and leaves the file alone', async (_what, text, code) => {
    const run = await runHelper(['--target', target], text)
    expect(run.code).toBe(2)
    expect(run.reply).toMatchObject({ ok: false, code })
    expect(await readFile(target, 'utf8')).toBe(before)
    expect(await readdir(folder)).toEqual(['daemon.json'])
  })

  it.each(bad)('agrees with Berth’s own rules on %s', (_what, text) => {
    const plan = planChange({ exists: true, text: before }, { raw: text }, { mirrorPaths: false })
    expect(plan.issues.length).toBeGreaterThan(0)
  })

  it('will not write another file when run through pkexec', async () => {
    const run = await runHelper(['--target', target], good, { PKEXEC_UID: '1000' })
    expect(run).toMatchObject({ code: 2, reply: { ok: false, code: 'usage' } })
    expect(await readFile(target, 'utf8')).toBe(before)
  })

  it('refuses a target that is not an absolute .json path', async () => {
    for (const other of ['daemon.json', '/etc/passwd']) {
      const run = await runHelper(['--target', other], good)
      expect(run.reply).toMatchObject({ ok: false, code: 'usage' })
    }
  })

  it('serves Berth’s client, with env(1) standing in for pkexec', async () => {
    const writer = new PrivilegedWriter({ helperPath: helper, elevate: ['env'], run: runCommand })
    expect(writer.available()).toBe(true)
    const { backup } = await writer.write(target, good, false)
    expect(await readFile(target, 'utf8')).toBe(good)
    expect(await readFile(backup!, 'utf8')).toBe(before)

    const refused = writer.write(target, '{"registry-mirrors": ["ftp://x"]}', false)
    await expect(refused).rejects.toMatchObject({
      code: 'invalid-argument',
      message: expect.stringContaining('Mirror 1 "ftp://x"'),
    })
    expect(await readFile(target, 'utf8')).toBe(good)
  })

  it('reports a dismissed password prompt as a cancel', async () => {
    // pkexec exits with 126 when the user closes its dialog.
    const dismissed = new PrivilegedWriter({
      helperPath: helper,
      elevate: ['/bin/sh', '-c', 'exit 126', 'pkexec'],
      run: runCommand,
    })
    const error = await dismissed.write(target, good, false).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(BerthError)
    expect(error).toMatchObject({ code: 'cancelled' })
    expect(await readFile(target, 'utf8')).toBe(before)
  })
})
