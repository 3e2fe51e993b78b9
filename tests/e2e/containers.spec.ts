import { createTestContainer } from '../harness/test-containers'
import { expect, test } from './fixtures'

const unique = (base: string): string => `${base}-${Math.random().toString(36).slice(2, 8)}`

test('lists the containers on the engine, running and stopped', async ({ app, docker }) => {
  const running = unique('e2e-web')
  const stopped = unique('e2e-job')
  await createTestContainer(docker, { name: running, cmd: ['sleep', '600'], start: true })
  await createTestContainer(docker, { name: stopped, cmd: ['true'] })

  const runningRow = app.getByRole('row', { name: new RegExp(running) })
  await expect(runningRow).toContainText('Running')
  await expect(runningRow).toContainText('berth-test/busybox')
  await expect(app.getByRole('row', { name: new RegExp(stopped) })).toContainText('Created')
})

test('Stop stops the real container', async ({ app, docker }) => {
  const name = unique('e2e-stop')
  const container = await createTestContainer(docker, { name, cmd: ['sleep', '600'], start: true })
  const row = app.getByRole('row', { name: new RegExp(name) })
  await expect(row).toContainText('Running')

  await row.getByRole('button', { name: `Stop ${name}` }).click()

  await expect(row).toContainText('Exited')
  const inspected = await container.inspect()
  expect(inspected.State.Running).toBe(false)
  // The buttons follow the state: a stopped container offers Start, not Stop.
  await expect(row.getByRole('button', { name: `Start ${name}` })).toBeVisible()
  await expect(row.getByRole('button', { name: `Stop ${name}` })).toHaveCount(0)
})

test('a container started outside Berth shows up running without a reload', async ({
  app,
  docker,
}) => {
  const name = unique('e2e-outside')
  const container = await createTestContainer(docker, { name, cmd: ['sleep', '600'] })
  const row = app.getByRole('row', { name: new RegExp(name) })
  await expect(row).toContainText('Created')

  await container.start()

  await expect(row).toContainText('Running')
  await container.pause()
  await expect(row).toContainText('Paused')
  await expect(row.getByRole('button', { name: `Resume ${name}` })).toBeVisible()
})

test('Remove asks first, then removes the container from the engine', async ({ app, docker }) => {
  const name = unique('e2e-rm')
  const container = await createTestContainer(docker, { name, cmd: ['sleep', '600'], start: true })
  const row = app.getByRole('row', { name: new RegExp(name) })
  await row.getByRole('button', { name: `Remove ${name}` }).click()

  const dialog = app.getByRole('dialog', { name: 'Remove one container?' })
  await expect(dialog).toBeVisible()
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(dialog).toBeHidden()
  expect((await container.inspect()).State.Running).toBe(true)

  await row.getByRole('button', { name: `Remove ${name}` }).click()
  await dialog.getByLabel('Stop running containers first (force)').check()
  await dialog.getByRole('button', { name: 'Remove' }).click()

  await expect(row).toHaveCount(0)
  await expect(container.inspect()).rejects.toMatchObject({ statusCode: 404 })
})

test('a failed action shows the engine’s own message', async ({ app, docker }) => {
  const name = unique('e2e-broken')
  // The image has no such program, so the engine refuses to start it.
  await createTestContainer(docker, { name, cmd: ['/no/such/program'] })
  const row = app.getByRole('row', { name: new RegExp(name) })
  await row.getByRole('button', { name: `Start ${name}` }).click()

  const alert = app.getByRole('alert').filter({ hasText: name })
  await expect(alert).toContainText(`Start failed for ${name}`)
  await expect(alert).toContainText('/no/such/program')
  await alert.getByRole('button', { name: 'Dismiss' }).click()
  await expect(alert).toHaveCount(0)
})

test('filter, bulk selection and keyboard work together', async ({ app, docker }) => {
  const prefix = unique('e2e-bulk')
  const containers = await Promise.all(
    [1, 2, 3].map((n) =>
      createTestContainer(docker, { name: `${prefix}-${n}`, cmd: ['sleep', '600'], start: true }),
    ),
  )
  await app.getByLabel('Filter containers').fill(prefix)
  await expect(app.getByRole('row', { name: new RegExp(prefix) })).toHaveCount(3)

  await app.getByLabel('Select all shown containers').check()
  const bulk = app.getByRole('toolbar', { name: 'Actions on selected containers' })
  await expect(bulk).toContainText('3 selected')
  await bulk.getByRole('button', { name: 'Pause' }).click()
  for (const container of containers) {
    await expect.poll(async () => (await container.inspect()).State.Paused).toBe(true)
  }

  // Keyboard: the grid takes focus, arrows move, space toggles the selection.
  await app.getByLabel('Select all shown containers').uncheck()
  const grid = app.getByRole('grid', { name: 'Containers' })
  await grid.focus()
  await app.keyboard.press('Home')
  await app.keyboard.press('ArrowDown')
  await app.keyboard.press(' ')
  await expect(bulk).toContainText('1 selected')
  await expect(app.getByRole('row', { name: `${prefix}-2` }).first()).toHaveAttribute(
    'aria-selected',
    'true',
  )

  await app.getByLabel('Group by Compose project').check()
  await expect(app.getByRole('row', { name: 'Not in a project, 3 containers' })).toBeVisible()
  await app.getByLabel('Filter containers').fill(`${prefix}-1`)
  await expect(app.getByRole('row', { name: 'Not in a project, one container' })).toBeVisible()
  await app.getByLabel('Group by Compose project').uncheck()

  await app.getByLabel('Filter containers').fill(`${prefix}-nothing`)
  await expect(app.getByRole('status').filter({ hasText: 'No containers match' })).toBeVisible()
})

test('speaks Chinese and switches to the dark theme', async ({ app, docker }) => {
  const name = unique('e2e-i18n')
  await createTestContainer(docker, { name, cmd: ['sleep', '600'], start: true })
  await expect(app.getByRole('row', { name: new RegExp(name) })).toContainText('Running')

  await app.getByLabel('Language').selectOption('zh-CN')
  await expect(app.getByRole('heading', { name: '容器', exact: true, level: 1 })).toBeVisible()
  await expect(app.getByRole('grid', { name: '容器' })).toBeVisible()
  await expect(app.getByRole('row', { name: new RegExp(name) })).toContainText('运行中')
  await expect(app.getByRole('button', { name: `停止 ${name}` })).toBeVisible()
  await app.getByLabel('语言').selectOption('en')

  const background = (): Promise<string> =>
    app.evaluate(() => getComputedStyle(document.body).backgroundColor)
  const dark = 'rgb(30, 31, 34)'
  const light = 'rgb(246, 247, 249)'

  // The system's choice is followed while it changes, until the user picks one.
  await app.emulateMedia({ colorScheme: 'dark' })
  await expect.poll(background).toBe(dark)
  await app.emulateMedia({ colorScheme: 'light' })
  await expect.poll(background).toBe(light)
  await app.getByLabel('Theme').selectOption('dark')
  await expect.poll(background).toBe(dark)
  await app.reload()
  await expect.poll(background).toBe(dark)
  await expect(app.getByLabel('Theme')).toHaveValue('dark')
})
