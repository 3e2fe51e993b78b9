import { spawn } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { writeSteps } from '../../src-main/mirrors/atomic-write'

const root = resolve(import.meta.dirname, '..', '..')

interface Writer {
  name: string
  command(target: string): string[]
}

const writers: Writer[] = [
  {
    name: 'Berth’s writer',
    command: (target) => ['--import', 'tsx', join(root, 'tests/harness/writer-child.ts'), target],
  },
  {
    name: 'the privileged helper',
    command: (target) => [join(root, 'resources/daemon-json-helper.mjs'), '--target', target],
  },
]

/** A large document, so that a kill has time to land in the middle of the write. */
function document(tag: string): string {
  const mirrors = Array.from({ length: 100 }, (_, i) => `https://m${i}.${tag}.example/`)
  const labels = Array.from({ length: 6000 }, (_, i) => `berth.${tag}.label-${i}=${'x'.repeat(40)}`)
  return JSON.stringify({ 'registry-mirrors': mirrors, labels }, null, 2) + '\n'
}

interface Run {
  signal: NodeJS.Signals | null
  code: number | null
  ms: number
}

/**
 * Runs a writer to its end, or kills it: at a fault step it stops itself
 * at, or a given time after it says "ready" (it has its input and is about
 * to write), so that random kills land in the write rather than in startup.
 */
function runWriter(
  writer: Writer,
  target: string,
  text: string,
  options: { fault?: string; killAfterMs?: number } = {},
): Promise<Run> {
  return new Promise((resolveRun, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, BERTH_WRITE_TRACE: '1' }
    delete env.BERTH_WRITE_FAULT
    if (options.fault) env.BERTH_WRITE_FAULT = options.fault
    const child = spawn(process.execPath, writer.command(target), {
      cwd: root,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    let started = performance.now()
    let armed = false
    const onOutput = (chunk: Buffer): void => {
      if (armed || !chunk.toString().includes('ready')) return
      armed = true
      started = performance.now()
      if (options.killAfterMs !== undefined) {
        setTimeout(() => child.kill('SIGKILL'), options.killAfterMs)
      }
    }
    child.stdout.on('data', onOutput)
    child.stderr.on('data', onOutput)
    child.once('error', reject)
    child.once('exit', (code, signal) =>
      resolveRun({ code, signal, ms: performance.now() - started }),
    )
    child.stdin.on('error', () => {})
    child.stdin.end(text)
  })
}

describe.each(writers)('$name, killed at any moment', (writer) => {
  let folder: string
  let target: string
  const oldText = document('old')
  const newText = document('new')

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'berth-crash-'))
    target = join(folder, 'daemon.json')
  })

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true })
  })

  it.each(writeSteps)('leaves the old or the new file when killed at %s', async (step) => {
    await writeFile(target, oldText)
    const run = await runWriter(writer, target, newText, { fault: step })
    expect(run.signal).toBe('SIGKILL')
    const after = await readFile(target, 'utf8')
    const renamed = writeSteps.indexOf(step) >= writeSteps.indexOf('renamed')
    expect(after === (renamed ? newText : oldText), `file after a kill at ${step}`).toBe(true)
  })

  it('is always the old or the new file under random kills', async () => {
    await writeFile(target, oldText)
    const whole = await runWriter(writer, target, newText)
    expect(whole.code).toBe(0)
    const span = whole.ms

    let previous = newText
    const outcomes = { old: 0, new: 0 }
    for (let i = 0; i < 30; i++) {
      const next = previous === newText ? oldText : newText
      await runWriter(writer, target, next, { killAfterMs: Math.random() * span })
      const after = await readFile(target, 'utf8')
      const whole = after === previous || after === next
      expect(whole, `run ${i}: ${after.length} bytes, neither old nor new`).toBe(true)
      outcomes[after === next ? 'new' : 'old'] += 1
      previous = after
    }
    // Every leftover is a temporary or a backup; the next write cleans the temporaries.
    await runWriter(writer, target, oldText)
    const names = await readdir(folder)
    expect(names.filter((name) => name.includes('.berth-tmp-'))).toEqual([])
    console.log(`${writer.name}: ${span.toFixed(0)} ms a write; outcomes`, outcomes)
  })
})
