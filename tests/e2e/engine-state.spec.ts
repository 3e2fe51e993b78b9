import { mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'

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
