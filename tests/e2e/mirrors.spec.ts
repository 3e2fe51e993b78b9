import { readFile, writeFile } from 'node:fs/promises'

import type { Page } from '@playwright/test'

import { expect, test } from './fixtures'

/** The registry the global setup filled with library/busybox, as http://127.0.0.1:PORT. */
function registryUrl(): string {
  const url = process.env.BERTH_E2E_REGISTRY
  if (!url) throw new Error('BERTH_E2E_REGISTRY is not set; the global setup did not run.')
  return url
}

/** The private daemon's daemon.json, which the web server edits. */
function daemonJson(): Promise<string> {
  const path = process.env.BERTH_DAEMON_JSON
  if (!path) {
    throw new Error(
      'BERTH_DAEMON_JSON is not set: the mirror tests need the private daemon the global ' +
        'setup starts, not an engine given in BERTH_TEST_DOCKER_HOST.',
    )
  }
  return readFile(path, 'utf8')
}

async function openEngineSettings(app: Page): Promise<void> {
  await app.getByRole('link', { name: 'Engine settings' }).click()
  await expect(app.getByRole('heading', { name: 'Engine settings', level: 1 })).toBeVisible()
  await expect(app.getByRole('heading', { name: 'Registry mirrors', level: 2 })).toBeVisible()
}

async function addMirror(app: Page, value: string): Promise<void> {
  const field = app.getByLabel('New mirror address')
  await field.fill(value)
  await field.press('Enter')
}

test.describe.configure({ mode: 'serial' })

test('adds a mirror, applies it, sees it applied, and pulls busybox through it', async ({
  app,
  docker,
}) => {
  const mirror = registryUrl()
  // Nothing here can reach Docker Hub: busybox can only come through the mirror.
  await docker
    .getImage('busybox:latest')
    .remove({ force: true })
    .catch(() => undefined)
  await openEngineSettings(app)

  await addMirror(app, mirror)
  await expect(app.getByLabel('Mirror entry 1')).toHaveValue(mirror)
  const apply = app.getByRole('button', { name: 'Apply', exact: true })
  await expect(apply).toBeEnabled()
  await apply.click()

  await expect(app.getByRole('alert').filter({ hasText: 'Applied.' })).toContainText(
    'The engine now reports the new settings.',
  )
  const applied = app.getByRole('list', { name: 'Reported by the engine (applied)' })
  await expect(applied).toContainText(`${mirror}/`)
  await expect(app.getByText('Applied: the engine uses what the file says.')).toBeVisible()
  const info = (await docker.info()) as { RegistryConfig: { Mirrors: string[] } }
  expect(info.RegistryConfig.Mirrors).toEqual([`${mirror}/`])
  expect(JSON.parse(await daemonJson())).toMatchObject({ 'registry-mirrors': [`${mirror}/`] })

  await app.getByLabel('Image to pull').fill('busybox')
  await app.getByRole('button', { name: 'Pull', exact: true }).click()
  await expect(app.getByText('Pulled busybox.')).toBeVisible({ timeout: 60_000 })
  const pulled = await docker.getImage('busybox:latest').inspect()
  expect(pulled.RepoTags).toContain('busybox:latest')
})

test('shows a file edited by hand as not applied yet, and applies it', async ({ app }) => {
  const mirror = `${registryUrl()}/`
  const second = 'https://second-mirror.example/'
  // Someone edits the file by hand and does not reload the daemon.
  await writeFile(
    process.env.BERTH_DAEMON_JSON!,
    JSON.stringify({ 'registry-mirrors': [mirror, second] }, null, 2) + '\n',
  )
  await openEngineSettings(app)

  await expect(app.getByText('Not applied yet: the engine reports something else')).toBeVisible()
  await expect(app.getByRole('list', { name: 'In the file (pending)' })).toContainText(second)
  const applied = app.getByRole('list', { name: 'Reported by the engine (applied)' })
  await expect(applied).not.toContainText(second)

  await app.getByRole('button', { name: 'Apply', exact: true }).click()
  await expect(app.getByRole('alert').filter({ hasText: 'Applied.' })).toBeVisible()
  await expect(applied).toContainText(second)

  await app.getByRole('button', { name: `Remove ${second}` }).click()
  await app.getByRole('button', { name: 'Apply', exact: true }).click()
  await expect(app.getByText('Applied: the engine uses what the file says.')).toBeVisible()
  await expect(applied).not.toContainText(second)
  await expect(applied).toContainText(mirror)
})

test('names every bad entry and leaves the file as it was', async ({ app }) => {
  await openEngineSettings(app)
  const before = await daemonJson()
  const count = await app
    .getByRole('list', { name: /^Mirrors, in the order/ })
    .locator('> li')
    .count()
  const at = (offset: number) => count + offset

  for (const bad of ['', 'ftp://x', 'mirror.com', 'http://u:p@h', 'http://h/?q', registryUrl()]) {
    await addMirror(app, bad)
  }
  const problems = app.getByRole('list', { name: /^Mirrors, in the order/ })
  await expect(problems).toContainText(`Mirror ${at(1)} is empty.`)
  await expect(problems).toContainText(
    `Mirror ${at(2)} "ftp://x": only http:// and https:// mirrors are allowed.`,
  )
  await expect(problems).toContainText(`Mirror ${at(3)} "mirror.com": has no scheme`)
  await expect(problems).toContainText(
    `Mirror ${at(4)} "http://u:p@h": must not contain a user name or password`,
  )
  await expect(problems).toContainText(`Mirror ${at(5)} "http://h/?q": must not have a query`)
  await expect(problems).toContainText(`Mirror ${at(6)} "${registryUrl()}": repeats entry 1.`)
  await expect(app.getByLabel(`Mirror entry ${at(2)}`)).toHaveAttribute('aria-invalid', 'true')
  await expect(app.getByRole('button', { name: 'Apply', exact: true })).toBeDisabled()
  await expect(app.getByText('Fix the problems above to apply.')).toBeVisible()

  await app.getByLabel('New insecure registry').fill('http://registry.local:5000')
  await app.getByLabel('New insecure registry').press('Enter')
  await expect(app.getByRole('list', { name: 'Insecure registries' })).toContainText(
    'takes no scheme; write it as registry.local:5000',
  )

  // The keyboard moves an entry without dragging it.
  const up = app.getByRole('button', { name: 'Move ftp://x up' })
  await up.focus()
  await app.keyboard.press('Enter')
  await expect(app.getByLabel(`Mirror entry ${at(1)}`)).toHaveValue('ftp://x')
  await expect(app.getByRole('button', { name: 'Move ftp://x up' })).toBeFocused()

  await app.getByRole('button', { name: 'Discard changes' }).click()
  await expect(app.getByRole('alert').filter({ hasText: 'Problems to fix' })).toHaveCount(0)

  await app.getByRole('button', { name: 'Edit raw JSON' }).click()
  const raw = app.getByLabel('The whole daemon.json')
  const applyRaw = app.getByRole('button', { name: 'Apply this JSON' })
  for (const [text, message] of [
    ['{"debug": true,', 'daemon.json is not valid JSON'],
    ['["https://a.example"]', 'must hold an object of settings, not a list'],
    ['{"debug": true, "mirrorz": []}', 'has the key “mirrorz”, which dockerd does not know'],
    ['{\n  // mirrors\n  "debug": true\n}', 'has a comment at line 2'],
    ['', 'daemon.json is empty'],
  ] as const) {
    await raw.fill(text)
    await expect(app.getByRole('alert').filter({ hasText: 'Problems to fix' })).toContainText(
      message,
    )
    await expect(applyRaw).toBeDisabled()
  }
  await app.getByRole('button', { name: 'Close the raw editor' }).click()

  expect(await daemonJson()).toBe(before)
})

test('speaks Chinese on the engine settings page', async ({ app }) => {
  await openEngineSettings(app)
  await app.getByLabel('Language').selectOption('zh-CN')
  await expect(app.getByRole('heading', { name: '引擎设置', level: 1 })).toBeVisible()
  await expect(app.getByRole('heading', { name: '镜像加速地址', level: 2 })).toBeVisible()
  await expect(app.getByText('已生效：引擎使用的就是文件中的设置。')).toBeVisible()

  const field = app.getByLabel('新的加速地址')
  await field.fill('ftp://x')
  await field.press('Enter')
  await expect(app.getByRole('list', { name: '加速地址（按引擎尝试的顺序）' })).toContainText(
    '“ftp://x”：只允许 http:// 和 https:// 地址。',
  )
  await app.getByRole('button', { name: '放弃修改' }).click()
  await app.getByLabel('语言').selectOption('en')
})
