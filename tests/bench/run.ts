import { readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'

import { chromium } from 'playwright-core'

import { chromiumArgs, chromiumPath } from '../../playwright.config'
import { startWebServer } from '../e2e/web-server'
import { engineClient } from '../harness/engine-client'
import { newRunId, removeTestResources } from '../harness/labels'
import { resolveTestEngine } from '../harness/private-daemon'
import { ensureBusyboxImage } from '../harness/test-image'
import type { BenchContext, BenchRow, BenchSuite } from './types'

/**
 * `npm run bench`: every tests/bench/*.bench.ts against a private daemon, a
 * `npm run web` server and Debian Chromium, in one run, so that each figure
 * can be set against the raw Engine API measured beside it.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { json: { type: 'string' }, suite: { type: 'string', multiple: true } },
  })

  const files = (await readdir(import.meta.dirname)).filter((f) => f.endsWith('.bench.ts')).sort()
  const suites: BenchSuite[] = []
  for (const file of files) {
    const module = (await import(pathToFileURL(join(import.meta.dirname, file)).href)) as {
      default: BenchSuite
    }
    if (!values.suite || values.suite.includes(module.default.name)) suites.push(module.default)
  }

  const engine = await resolveTestEngine()
  const docker = engineClient(engine.host)
  const runId = newRunId()
  const rows: BenchRow[] = []
  let failed = false
  try {
    await ensureBusyboxImage(docker)
    const server = await startWebServer(engine.host)
    const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs })
    try {
      for (const suite of suites) {
        const ctx: BenchContext = {
          dockerHost: engine.host,
          docker,
          berthUrl: server.url,
          browser,
          newPage: async (options) => {
            const page = await browser.newPage(options)
            await page.addInitScript('globalThis.__name = (target) => target')
            return page
          },
          runId,
          log: (message) => process.stderr.write(`[${suite.name}] ${message}\n`),
        }
        try {
          rows.push(...(await suite.run(ctx)))
        } catch (error) {
          failed = true
          process.stderr.write(
            `[${suite.name}] failed: ${(error as Error).stack ?? String(error)}\n`,
          )
        } finally {
          await removeTestResources(docker, runId)
        }
      }
    } finally {
      await browser.close()
      await server.stop()
    }
  } finally {
    await removeTestResources(docker, runId).catch(() => undefined)
    await engine.stop()
  }

  process.stdout.write(formatTable(rows))
  if (values.json) {
    await writeFile(values.json, JSON.stringify({ date: new Date().toISOString(), rows }, null, 2))
  }
  if (failed) process.exitCode = 1
}

function formatTable(rows: BenchRow[]): string {
  const header = ['suite', 'figure', 'value', 'unit', 'goal', 'met']
  const body = rows.map((row) => {
    const goal = row.goal
      ? [
          row.goal.max !== undefined ? `≤ ${row.goal.max}` : '',
          row.goal.min !== undefined ? `≥ ${row.goal.min}` : '',
        ]
          .filter(Boolean)
          .join(', ')
      : ''
    const met = !row.goal
      ? ''
      : (row.goal.max === undefined || row.value <= row.goal.max) &&
          (row.goal.min === undefined || row.value >= row.goal.min)
        ? 'yes'
        : 'NO'
    return [row.suite, row.name, formatNumber(row.value), row.unit, goal, met]
  })
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)))
  const line = (cells: string[]): string =>
    cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ') + '\n'
  return line(header) + line(widths.map((w) => '-'.repeat(w))) + body.map(line).join('')
}

function formatNumber(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2)
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${(error as Error).stack ?? String(error)}\n`)
  process.exit(1)
})
