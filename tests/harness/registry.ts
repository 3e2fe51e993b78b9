import { spawn, type ChildProcess } from 'node:child_process'
import { closeSync, existsSync, openSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import type Docker from 'dockerode'

import { testImage } from './test-image'

/** Debian's Docker registry (distribution 2.x), serving a temporary folder on loopback. */
export interface PrivateRegistry {
  /** `127.0.0.1:PORT` */
  address: string
  /** `http://127.0.0.1:PORT` */
  url: string
  port: number
  dir: string
  stop(): Promise<void>
}

const registryBinary = process.env.BERTH_TEST_REGISTRY ?? '/usr/bin/docker-registry'

/** Starts a registry on a free loopback port, with no auth and its storage in a temp folder. */
export async function startRegistry(): Promise<PrivateRegistry> {
  if (!existsSync(registryBinary)) {
    throw new Error(
      `${registryBinary} is missing; install Debian's docker-registry (apt-get install ` +
        `docker-registry) or name another binary in BERTH_TEST_REGISTRY.`,
    )
  }
  const dir = await mkdtemp(join(tmpdir(), 'berth-registry-'))
  const port = await freePort()
  const config = join(dir, 'config.yml')
  await writeFile(
    config,
    [
      'version: 0.1',
      'log:',
      '  level: warn',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${join(dir, 'data')}`,
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: 127.0.0.1:${port}`,
      '',
    ].join('\n'),
  )

  const logFile = join(dir, 'registry.log')
  const log = openSync(logFile, 'a')
  let child: ChildProcess
  try {
    child = spawn(registryBinary, ['serve', config], { stdio: ['ignore', log, log] })
  } finally {
    closeSync(log)
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))

  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 20_000
  for (;;) {
    if (child.exitCode !== null) {
      const tail = await readFile(logFile, 'utf8').catch(() => '')
      await rm(dir, { recursive: true, force: true })
      throw new Error(`docker-registry exited with ${child.exitCode}:\n${tail}`)
    }
    const ok = await fetch(`${url}/v2/`).then(
      (response) => response.status === 200,
      () => false,
    )
    if (ok) break
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      await exited
      await rm(dir, { recursive: true, force: true })
      throw new Error('docker-registry did not answer /v2/ within 20 s')
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }

  let stopped = false
  return {
    address: `127.0.0.1:${port}`,
    url,
    port,
    dir,
    async stop() {
      if (stopped) return
      stopped = true
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM')
        await exited
      }
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/**
 * Puts the harness's busybox image into the registry as `library/busybox`,
 * where a Docker Hub mirror keeps `busybox`. The engine pushes over plain
 * HTTP because 127.0.0.0/8 registries are insecure by default.
 */
export async function seedBusybox(docker: Docker, registry: PrivateRegistry): Promise<void> {
  const repo = `${registry.address}/library/busybox`
  await docker.getImage(testImage).tag({ repo, tag: 'latest' })
  const image = docker.getImage(`${repo}:latest`)
  const stream = await image.push({ authconfig: { serveraddress: registry.address } })
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(stream, (error: Error | null, output: unknown[]) => {
      const failure = output?.find((line) => (line as { error?: string }).error) as
        { error: string } | undefined
      if (error) reject(error)
      else if (failure) reject(new Error(`Pushing ${repo} failed: ${failure.error}`))
      else resolve()
    })
  })
  await image.remove()
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}
