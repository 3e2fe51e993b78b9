import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

import { _electron as electron } from '@playwright/test'

import { createTestContainer } from '../harness/test-containers'
import { expect, test } from './fixtures'

/** The Electron binary's path, or why there is none. */
function electronBinary(): { path?: string; missing?: string } {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown as string
    return existsSync(path) ? { path } : { missing: `the Electron binary ${path} does not exist` }
  } catch (error) {
    return {
      missing:
        'the Electron binary is not installed (npm install ran with ' +
        `ELECTRON_SKIP_BINARY_DOWNLOAD=1 or could not download it): ${(error as Error).message}`,
    }
  }
}

/** A display for the window: the session's own, or an Xvfb started for this test. */
async function display(): Promise<{ value: string; xvfb?: ChildProcess }> {
  if (process.env.DISPLAY) return { value: process.env.DISPLAY }
  const value = `:${90 + (process.pid % 9)}`
  const xvfb = spawn('Xvfb', [value, '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], {
    stdio: 'ignore',
  })
  await new Promise((resolve) => setTimeout(resolve, 500))
  return { value, xvfb }
}

test('the Electron window opens and lists the containers', async ({ docker }) => {
  const binary = electronBinary()
  if (!binary.path) console.warn(`Electron smoke test skipped: ${binary.missing}`)
  test.skip(!binary.path, `Electron smoke test skipped: ${binary.missing}`)

  const name = `e2e-electron-${Date.now().toString(36)}`
  await createTestContainer(docker, { name, cmd: ['sleep', '600'], start: true })
  const screen = await display()
  const app = await electron.launch({
    executablePath: binary.path!,
    // As root, Chromium's sandbox cannot start; the renderer stays sandboxed by Electron's options.
    args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), join('out', 'main', 'index.js')],
    env: {
      ...process.env,
      DISPLAY: screen.value,
      BERTH_ENGINE: process.env.BERTH_TEST_DOCKER_HOST!,
    },
  })
  try {
    const window = await app.firstWindow()
    await expect(window.getByRole('heading', { name: 'Containers', exact: true })).toBeVisible()
    await expect(window.getByRole('row', { name: new RegExp(name) })).toContainText('Running')
    // The page has the bridge and nothing of Node.
    expect(await window.evaluate(() => typeof (window as { berth?: unknown }).berth)).toBe('object')
    expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe(
      'undefined',
    )
  } finally {
    await app.close()
    screen.xvfb?.kill()
  }
})
