import { mkdtemp, readdir, readFile, rm, stat, writeFile, chmod } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { afterEach, beforeEach, describe, expect, it } from 'vitest'

import { listBackups, writeFileAtomic, writeSteps } from '../../src-main/mirrors/atomic-write'

describe('the atomic writer', () => {
  let folder: string
  let target: string

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'berth-write-'))
    target = join(folder, 'daemon.json')
  })

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true })
  })

  it('creates a missing file without a backup', async () => {
    const result = await writeFileAtomic(target, '{"debug": true}\n')
    expect(await readFile(target, 'utf8')).toBe('{"debug": true}\n')
    expect(result.backup).toBeUndefined()
    expect(await readdir(folder)).toEqual(['daemon.json'])
  })

  it('keeps the old file as a timestamped backup and keeps its mode', async () => {
    await writeFile(target, '{"old": 1}\n')
    await chmod(target, 0o640)
    const now = new Date('2026-05-01T10:20:30.456Z')
    const { backup } = await writeFileAtomic(target, '{"new": 2}\n', { now: () => now })

    expect(await readFile(target, 'utf8')).toBe('{"new": 2}\n')
    expect(backup).toMatch(/daemon\.json\.berth-backup-20260501T102030\.456Z-[0-9a-f]{4}$/)
    expect(await readFile(backup!, 'utf8')).toBe('{"old": 1}\n')
    expect((await stat(target)).mode & 0o777).toBe(0o640)

    const history = await listBackups(target)
    expect(history).toEqual([
      { path: backup, id: backup!.slice(folder.length + 1), replacedAt: now.getTime() },
    ])
  })

  it('never writes an empty file', async () => {
    await writeFile(target, '{}\n')
    await expect(writeFileAtomic(target, '  \n')).rejects.toThrow(/empty/)
    expect(await readFile(target, 'utf8')).toBe('{}\n')
  })

  it('lists backups newest first and keeps only as many as asked', async () => {
    await writeFile(target, '{"v": 0}\n')
    for (let v = 1; v <= 5; v++) {
      const now = new Date(Date.UTC(2026, 0, 1, 0, 0, v))
      await writeFileAtomic(target, `{"v": ${v}}\n`, { keepBackups: 3, now: () => now })
    }
    const history = await listBackups(target)
    expect(history).toHaveLength(3)
    const texts = await Promise.all(history.map((entry) => readFile(entry.path, 'utf8')))
    expect(texts).toEqual(['{"v": 4}\n', '{"v": 3}\n', '{"v": 2}\n'])
    expect(history.map((entry) => entry.replacedAt)).toEqual(
      [5000, 4000, 3000].map((ms) => Date.UTC(2026, 0, 1) + ms),
    )
  })

  it('leaves the old file whole when a step fails, and no temporary file behind', async () => {
    await writeFile(target, '{"old": 1}\n')
    for (const failing of writeSteps.filter((step) => step.startsWith('temp-'))) {
      await expect(
        writeFileAtomic(target, '{"new": 2}\n', {
          backup: false,
          fault: (step) => {
            if (step === failing) throw new Error(`fault at ${step}`)
          },
        }),
      ).rejects.toThrow(`fault at ${failing}`)
      expect(await readFile(target, 'utf8')).toBe('{"old": 1}\n')
      expect(await readdir(folder)).toEqual(['daemon.json'])
    }
  })
})
