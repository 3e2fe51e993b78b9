import { mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'

import { createTestContainer } from '../harness/test-containers'
import { expect, test } from './fixtures'
import { startWebServer } from './web-server'

test('without an engine, the page says what is missing and how to fix it', async ({ page }) => {
  const dir = await mkdtemp('/tmp/berth-none-')
  const server = await startWebServer(`unix://${join(dir, 'docker.sock')}`)
  try {
    await page.goto(server.url)
    const alert = page.getByRole('alert').filter({ hasText: 'No container engine found' })
    await expect(alert).toBeVisible()
    await expect(alert).toContainText(join(dir, 'docker.sock'))
    await expect(alert).toContainText('sudo systemctl start docker')
    await expect(
      page.getByText('Your containers appear here as soon as Berth reaches'),
    ).toBeVisible()
    await expect(page.getByRole('button', { name: 'Refresh' })).toBeDisabled()
    await alert.getByRole('button', { name: 'Retry now' }).click()
    await expect(alert).toBeVisible()
  } finally {
    await server.stop()
    await rm(dir, { recursive: true, force: true })
  }
})

test('the server refuses a page without its token', async ({ page, berthUrl }) => {
  const bare = berthUrl.replace(/\?token=.*/, '')
  const response = await page.goto(bare)
  expect(response?.status()).toBe(403)
  await expect(page.getByText('Forbidden')).toBeVisible()
})

test('the user can point Berth at another engine from the settings page', async ({
  page,
  docker,
}) => {
  const dir = await mkdtemp('/tmp/berth-none-')
  const server = await startWebServer(`unix://${join(dir, 'docker.sock')}`)
  const name = `e2e-switch-${Date.now().toString(36)}`
  await createTestContainer(docker, { name, cmd: ['sleep', '600'], start: true })
  try {
    await page.goto(server.url)
    await expect(page.getByRole('alert').filter({ hasText: 'No container engine' })).toBeVisible()
    await page.getByRole('link', { name: 'Engine settings' }).click()

    const address = page.getByLabel('Engine address')
    await address.fill('ftp://example.com')
    await page.getByRole('button', { name: 'Connect' }).click()
    await expect(page.getByRole('alert').filter({ hasText: 'Could not switch' })).toContainText(
      'which no engine speaks',
    )
    await expect(page.getByRole('note').filter({ hasText: 'as root' })).toBeVisible()

    await address.fill(process.env.BERTH_TEST_DOCKER_HOST!)
    await page.getByRole('button', { name: 'Connect' }).click()
    await expect(
      page.getByText(`Connected to ${process.env.BERTH_TEST_DOCKER_HOST}.`),
    ).toBeVisible()
    await expect(page.getByText('Found through the address you chose.')).toBeVisible()

    await page.getByRole('link', { name: 'Containers' }).click()
    await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText('Running')
  } finally {
    await server.stop()
    await rm(dir, { recursive: true, force: true })
  }
})
