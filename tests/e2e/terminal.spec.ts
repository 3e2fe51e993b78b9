import type { Page } from '@playwright/test'

import { createTestContainer } from '../harness/test-containers'
import { expect, test } from './fixtures'

const unique = (base: string): string => `${base}-${Math.random().toString(36).slice(2, 8)}`

/** Opens a container's terminal page and a shell in it, and waits for its prompt. */
async function openShell(app: Page, name: string): Promise<void> {
  await app.getByRole('button', { name: `Terminal ${name}` }).click()
  await expect(app.getByRole('heading', { name: `Terminals in ${name}` })).toBeVisible()
  await app.getByRole('button', { name: 'New terminal' }).click()
  await expect(app.getByRole('tab', { name: 'Terminal 1: Shell' })).toHaveAttribute(
    'aria-selected',
    'true',
  )
  await expect(app.getByRole('status').filter({ hasText: 'Running sh' })).toBeVisible()
  await expect(screen(app)).toContainText('#')
}

const screen = (app: Page) => app.locator('.xterm-rows')

/** The terminal's grid as xterm drew it: one element per row. */
const rowCount = (app: Page): Promise<number> => app.locator('.xterm-rows > div').count()

test('runs what is typed in a busybox shell', async ({ app, docker }) => {
  const name = unique('e2e-term')
  await createTestContainer(docker, { name, cmd: ['sleep', '600'], start: true })
  await openShell(app, name)

  await app.keyboard.type('echo hello\n')

  await expect(screen(app)).toContainText(/hello\s*\/ #/)
})

test('tells the shell the new size when the window is resized', async ({ app, docker }) => {
  const name = unique('e2e-size')
  await createTestContainer(docker, { name, cmd: ['sleep', '600'], start: true })
  await openShell(app, name)

  await app.keyboard.type('clear; stty size\n')
  const first = await rowCount(app)
  await expect(screen(app)).toContainText(new RegExp(`^\\s*${first} \\d+`, 'm'))
  const firstCols = Number(/\d+ (\d+)/.exec((await screen(app).innerText()) ?? '')?.[1])

  await app.setViewportSize({ width: 900, height: 560 })
  await expect.poll(() => rowCount(app)).toBeLessThan(first)
  const rows = await rowCount(app)
  await app.locator('.xterm-helper-textarea').focus()
  await app.keyboard.type('clear; stty size\n')

  await expect(screen(app)).toContainText(new RegExp(`${rows} \\d+`))
  const cols = Number(new RegExp(`${rows} (\\d+)`).exec(await screen(app).innerText())?.[1])
  expect(cols).toBeLessThan(firstCols)
  expect(cols).toBeGreaterThan(40)
})

test('runs a pasted three-line script whole', async ({ app, docker, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'])
  const name = unique('e2e-paste')
  await createTestContainer(docker, { name, cmd: ['sleep', '600'], start: true })
  await openShell(app, name)

  const script = 'a=20\nb=$((a+22))\necho "pasted result: $b"\n'
  await app.evaluate((text) => navigator.clipboard.writeText(text), script)
  await app.keyboard.press('Control+Shift+V')

  await expect(screen(app)).toContainText('pasted result: 42')
})

test('keeps the session while the user visits other pages', async ({ app, docker }) => {
  const name = unique('e2e-keep')
  await createTestContainer(docker, { name, cmd: ['sleep', '600'], start: true })
  await openShell(app, name)
  await app.keyboard.type('MARK=kept-$((40+2)); echo ready-to-leave\n')
  await expect(screen(app)).toContainText('ready-to-leave')

  await app.getByRole('link', { name: 'All containers' }).click()
  await expect(app.getByRole('heading', { name: 'Containers', exact: true })).toBeVisible()
  await app.getByRole('button', { name: `Logs ${name}` }).click()
  await expect(app.getByRole('heading', { name: `Logs of ${name}` })).toBeVisible()
  await app.getByRole('link', { name: 'Terminal' }).click()

  // The same tab, its scrollback, and the shell's own variable.
  await expect(app.getByRole('tab')).toHaveCount(1)
  await expect(screen(app)).toContainText('ready-to-leave')
  await app.locator('.xterm-helper-textarea').focus()
  await app.keyboard.type('echo "$MARK"\n')
  await expect(screen(app)).toContainText('kept-42')
})

test('says when the shell exits and reconnects', async ({ app, docker }) => {
  const name = unique('e2e-exit')
  await createTestContainer(docker, { name, cmd: ['sleep', '600'], start: true })
  await openShell(app, name)
  await app.keyboard.type('exit 7\n')
  await expect(app.getByRole('status').filter({ hasText: 'exit code 7' })).toBeVisible()

  await app.getByRole('button', { name: 'Reconnect' }).click()
  await expect(app.getByRole('status').filter({ hasText: 'Running sh' })).toBeVisible()
  await app.keyboard.type('echo again\n')
  await expect(screen(app)).toContainText(/again\s*\/ #/)
})

test('attaches to the main process and detaches without stopping it', async ({ app, docker }) => {
  const name = unique('e2e-attach')
  const container = await createTestContainer(docker, {
    name,
    cmd: ['sh'],
    tty: true,
    start: true,
  })
  await app.getByRole('button', { name: `Terminal ${name}` }).click()
  await app.getByRole('button', { name: 'Attach to main process' }).click()
  await expect(app.getByRole('tab', { name: 'Terminal 1: Attached' })).toBeVisible()
  await expect(app.getByRole('status').filter({ hasText: 'Running sh' })).toBeVisible()
  await app.locator('.xterm-helper-textarea').focus()
  await app.keyboard.type('echo attached-$((1+1))\n')
  await expect(screen(app)).toContainText('attached-2')

  await app.getByRole('button', { name: 'Detach' }).click()
  await expect(app.getByRole('tab')).toHaveCount(0)
  expect((await container.inspect()).State.Running).toBe(true)
})

test('explains a terminal that cannot start', async ({ app, docker }) => {
  const name = unique('e2e-bad')
  await createTestContainer(docker, { name, cmd: ['sleep', '600'], start: true })
  await app.getByRole('button', { name: `Terminal ${name}` }).click()
  await app.getByText('Terminal options').click()
  await app.getByLabel('Command').fill('zsh')
  await app.getByRole('button', { name: 'New terminal' }).click()
  await expect(app.getByRole('status').filter({ hasText: '"zsh" was not found' })).toBeVisible()
})
