import { test as base, expect, type Page } from '@playwright/test'
import type Docker from 'dockerode'

import { engineClient } from '../harness/engine-client'
import { removeTestResources, testRunId } from '../harness/labels'

export interface BerthFixtures {
  /** The engine, reached directly: to arrange what a test needs and check what Berth did. */
  docker: Docker
  /** The tokened address printed by `npm run web`. */
  berthUrl: string
  /** A page with Berth loaded and connected. */
  app: Page
  /** Errors the page threw or logged; a test fails if any is left at its end. */
  pageErrors: string[]
}

export const test = base.extend<BerthFixtures>({
  docker: async ({}, use) => {
    const host = process.env.BERTH_TEST_DOCKER_HOST
    if (!host) throw new Error('BERTH_TEST_DOCKER_HOST is not set; the global setup did not run.')
    const docker = engineClient(host)
    await use(docker)
    await removeTestResources(docker, testRunId)
  },

  berthUrl: async ({}, use) => {
    const url = process.env.BERTH_E2E_URL
    if (!url) throw new Error('BERTH_E2E_URL is not set; the global setup did not run.')
    await use(url)
  },

  pageErrors: async ({}, use) => {
    const errors: string[] = []
    await use(errors)
    expect(errors, 'errors in the page').toEqual([])
  },

  app: async ({ page, berthUrl, pageErrors }, use) => {
    page.on('pageerror', (error) => pageErrors.push(error.message))
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text())
    })
    await page.goto(berthUrl)
    await expect(
      page.getByRole('heading', { name: 'Containers', exact: true, level: 1 }),
    ).toBeVisible()
    await expect(page.getByRole('status').filter({ hasText: 'Loading containers' })).toHaveCount(0)
    await use(page)
  },
})

export { expect }
