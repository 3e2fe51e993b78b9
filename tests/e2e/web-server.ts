import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface RunningWebServer {
  url: string
  process: ChildProcess
  stop(): Promise<void>
}

const entry = join(import.meta.dirname, '..', '..', 'out', 'main', 'web.js')

/**
 * Starts the built `npm run web` server against an engine, exactly as a user
 * would, and reads the address it prints.
 */
export async function startWebServer(engineHost: string): Promise<RunningWebServer> {
  if (!existsSync(entry)) {
    throw new Error(`${entry} is missing: run "npm run build" before the E2E tests.`)
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'berth-web-'))
  const child = spawn(process.execPath, [entry, '--engine', engineHost, '--port', '0'], {
    env: { ...process.env, BERTH_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  })

  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`web server printed no URL:\n${output}`)),
      20_000,
    )
    const onData = (chunk: Buffer): void => {
      output += chunk.toString()
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`web server exited with ${code}:\n${output}`))
    })
  })

  return {
    url,
    process: child,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await exited
      }
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}
