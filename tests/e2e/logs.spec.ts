import { readFile } from 'node:fs/promises'

import { createTestContainer } from '../harness/test-containers'
import { expect, test } from './fixtures'

const unique = (base: string): string => `${base}-${Math.random().toString(36).slice(2, 8)}`

test('shows coloured stdout and stderr lines told apart', async ({ app, docker }) => {
  const name = unique('e2e-logs')
  const script = [
    `printf '\\033[31mred alert\\033[0m\\n'`,
    'sleep 0.05',
    `echo 'trouble on stderr' >&2`,
    'sleep 0.05',
    'seq 1 40',
    'sleep 600',
  ].join('; ')
  await createTestContainer(docker, { name, cmd: ['sh', '-c', script], start: true })

  await app.getByRole('button', { name: `Logs ${name}` }).click()
  await expect(app.getByRole('heading', { name: `Logs of ${name}` })).toBeVisible()
  const log = app.getByRole('log', { name: `Log of ${name}` })
  await expect(log).toContainText('red alert')
  await expect(log).toContainText('40')

  const red = log.locator('.line', { hasText: 'red alert' })
  await expect(red.locator('.ansi-red-fg')).toHaveText('red alert')
  await expect(log.locator('.line.stderr')).toHaveText(/trouble on stderr/)
  await expect(app.getByRole('status').filter({ hasText: 'Following' })).toBeVisible()
})

test('search marks matches, steps through them, and filters', async ({ app, docker }) => {
  const name = unique('e2e-search')
  const script = 'for i in $(seq 1 300); do echo "line $i"; done; echo needle-one; echo needle-two'
  await createTestContainer(docker, {
    name,
    cmd: ['sh', '-c', `${script}; sleep 600`],
    start: true,
  })
  await app.getByRole('button', { name: `Logs ${name}` }).click()
  const log = app.getByRole('log', { name: `Log of ${name}` })
  await expect(log).toContainText('needle-two')

  await app.getByLabel('Search logs').fill('needle')
  const summary = app.getByRole('search').getByRole('status')
  await expect(summary).toHaveText('2 matches')
  await expect(log.locator('mark')).toHaveCount(2)

  await app.getByRole('button', { name: 'Next match' }).click()
  await expect(summary).toHaveText('1 of 2')
  await expect(log.locator('.line.current')).toHaveText('needle-one')
  await app.getByLabel('Search logs').press('Enter')
  await expect(log.locator('.line.current')).toHaveText('needle-two')
  await app.getByRole('button', { name: 'Previous match' }).click()
  await expect(log.locator('.line.current')).toHaveText('needle-one')

  await app.getByLabel('Only matching lines').check()
  await expect(log.locator('.line')).toHaveCount(2)
  await expect(app.getByText('2 lines shown of 302 read')).toBeVisible()
  await app.getByLabel('Only matching lines').uncheck()
  await expect(log.locator('.line').first()).toBeVisible()
  await expect(app.getByText('302 lines shown of 302 read')).toBeVisible()

  await app.getByLabel('Regular expression').check()
  await app.getByLabel('Search logs').fill('line 2[0-9]{2}$')
  await expect(summary).toHaveText('100 matches')
})

test('keeps following across a restart, marked in the view', async ({ app, docker }) => {
  const name = unique('e2e-restart')
  const container = await createTestContainer(docker, {
    name,
    cmd: ['sh', '-c', 'echo "run at $(cat /proc/uptime)"; sleep 600'],
    start: true,
  })
  await app.getByRole('button', { name: `Logs ${name}` }).click()
  const log = app.getByRole('log', { name: `Log of ${name}` })
  await expect(log.locator('.line')).toHaveCount(1)

  await container.restart({ t: 0 })

  await expect(log.getByRole('note').filter({ hasText: 'Container stopped' })).toBeVisible()
  await expect(log.getByRole('note').filter({ hasText: 'Container started again' })).toBeVisible()
  await expect(log.locator('.line')).toHaveCount(2)
})

test('saves the whole log as a download from the engine', async ({ app, docker }) => {
  const name = unique('e2e-save')
  await createTestContainer(docker, {
    name,
    cmd: ['sh', '-c', 'seq 1 5000; sleep 600'],
    start: true,
  })
  await app.getByRole('button', { name: `Logs ${name}` }).click()
  await app.getByLabel('Start with').selectOption('100')
  const log = app.getByRole('log', { name: `Log of ${name}` })
  await expect(log).toContainText('5000')

  const download = app.waitForEvent('download')
  await app.getByRole('button', { name: 'Save logs' }).click()
  const file = await (await download).path()
  const text = await readFile(file, 'utf8')
  // The whole log, not the 100 lines the view holds.
  expect(text.trimEnd().split('\n')).toHaveLength(5000)
  await expect(app.getByRole('status').filter({ hasText: 'download' })).toBeVisible()
})
