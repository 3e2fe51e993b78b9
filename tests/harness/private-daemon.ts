import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, openSync, closeSync, readFileSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { delimiter, join } from 'node:path'

/** A dockerd of the tests' own, with its data, socket and log in one temp folder. */
export interface PrivateDaemon {
  /** `unix:///tmp/berth-…/docker.sock` */
  host: string
  /** The folder holding the daemon's data root, exec root, socket, config and log. */
  dir: string
  configFile: string
  pid: number
  /**
   * Stops the daemon (SIGTERM, then SIGKILL after 20 s) and removes its folder,
   * unless `keepDir` asks to keep it for a daemon started again on it.
   */
  stop(options?: { keepDir?: boolean }): Promise<void>
  /** Asks the daemon to read its config file again (SIGHUP). */
  reload(): void
}

export interface PrivateDaemonOptions {
  /** Written to the config file; `{}` when not given. */
  config?: Record<string, unknown>
  /** The folder of an earlier daemon, to start again on the same socket and data. */
  dir?: string
  /** How long to wait for the daemon to answer `/_ping`; 60 s unless given. */
  readyTimeoutMs?: number
}

/** What a test run can reach: a daemon it started, or one it was given. */
export interface TestEngine {
  host: string
  /** The daemon this run started; undefined when the engine was given. */
  daemon: PrivateDaemon | undefined
  /** Stops a daemon this run started; does nothing to a given one. */
  stop(): Promise<void>
}

const hostVariable = 'BERTH_TEST_DOCKER_HOST'
const stopGraceMs = 20_000

/** Daemons started by this process, stopped on its way out if a test forgot. */
const running = new Set<ChildProcess>()
let exitHookInstalled = false

/**
 * Picks the engine the integration tests run against. A host given in
 * BERTH_TEST_DOCKER_HOST wins; otherwise, as root with dockerd installed, a
 * private daemon is started. Anything else is an error, never a skip.
 */
export async function resolveTestEngine(): Promise<TestEngine> {
  const given = process.env[hostVariable]
  if (given) return { host: given, daemon: undefined, stop: async () => {} }

  const missing = privateDaemonBlocker()
  if (missing) {
    throw new Error(
      `No Docker engine for the integration tests: ${missing}. ` +
        `Either set ${hostVariable} to an engine's address (for example ` +
        `${hostVariable}=unix:///var/run/docker.sock), or run the tests as root on a ` +
        `machine with dockerd installed (Debian: apt-get install docker.io) so they can ` +
        `start a private daemon.`,
    )
  }
  const daemon = await startPrivateDaemon()
  return { host: daemon.host, daemon, stop: () => daemon.stop() }
}

/**
 * Starts `dockerd` on a folder of its own, without a bridge network or
 * iptables rules, so it changes nothing else on the machine.
 */
export async function startPrivateDaemon(
  options: PrivateDaemonOptions = {},
): Promise<PrivateDaemon> {
  const missing = privateDaemonBlocker()
  if (missing) throw new Error(`Cannot start a private dockerd: ${missing}.`)

  // Unix socket paths are limited to about 107 bytes, so the folder is short.
  const dir = options.dir ?? (await mkdtemp('/tmp/berth-'))
  const socket = join(dir, 'docker.sock')
  const configFile = join(dir, 'daemon.json')
  const logFile = join(dir, 'daemon.log')
  if (options.config || !existsSync(configFile)) {
    await writeFile(configFile, JSON.stringify(options.config ?? {}, null, 2) + '\n')
  }

  // prettier-ignore
  const args = [
    '--data-root', join(dir, 'data'),
    '--exec-root', join(dir, 'exec'),
    '--pidfile', join(dir, 'dockerd.pid'),
    '-H', `unix://${socket}`,
    '--config-file', configFile,
    '--bridge', 'none',
    '--iptables=false',
  ]
  const log = openSync(logFile, 'a')
  let child: ChildProcess
  try {
    child = spawn('dockerd', args, { stdio: ['ignore', log, log] })
  } finally {
    closeSync(log)
  }
  running.add(child)
  installExitHook()

  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve()
    else child.once('exit', () => resolve())
  })
  child.once('exit', () => running.delete(child))
  let spawnError: Error | undefined
  child.once('error', (error) => (spawnError = error))

  try {
    await waitForPing(socket, options.readyTimeoutMs ?? 60_000, () => {
      if (spawnError) return spawnError.message
      if (child.exitCode !== null) return `dockerd exited with code ${child.exitCode}`
      if (child.signalCode !== null) return `dockerd was killed by ${child.signalCode}`
      return undefined
    })
  } catch (error) {
    const tail = await logTail(logFile)
    await terminate(child, exited)
    if (!options.dir) await removeDaemonDir(dir)
    throw new Error(`${(error as Error).message}\n--- the end of its log ---\n${tail}`)
  }

  let stopped = false
  return {
    host: `unix://${socket}`,
    dir,
    configFile,
    pid: child.pid!,
    async stop(stopOptions = {}) {
      if (stopped) return
      stopped = true
      await terminate(child, exited)
      if (!stopOptions.keepDir) await removeDaemonDir(dir)
    },
    reload() {
      child.kill('SIGHUP')
    },
  }
}

/** Why a private daemon cannot be started here, or undefined when it can. */
function privateDaemonBlocker(): string | undefined {
  if (process.getuid?.() !== 0) return 'dockerd needs root, and this process is not root'
  const onPath = (process.env.PATH ?? '')
    .split(delimiter)
    .some((folder) => folder && existsSync(join(folder, 'dockerd')))
  return onPath ? undefined : 'dockerd is not on PATH'
}

async function waitForPing(
  socketPath: string,
  timeoutMs: number,
  failed: () => string | undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const reason = failed()
    if (reason) throw new Error(`The private dockerd did not start: ${reason}.`)
    if (await pingOnce(socketPath)) return
    if (Date.now() > deadline) {
      throw new Error(`The private dockerd did not answer /_ping within ${timeoutMs / 1000} s.`)
    }
    await sleep(100)
  }
}

/** True when the socket answers `GET /_ping` with 200. */
export function pingOnce(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: '/_ping', method: 'GET', timeout: 2000 }, (res) => {
      res.resume()
      resolve(res.statusCode === 200)
    })
    req.on('timeout', () => req.destroy())
    req.on('error', () => resolve(false))
    req.end()
  })
}

async function terminate(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  let timer: NodeJS.Timeout | undefined
  const graceOver = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), stopGraceMs)
  })
  const outcome = await Promise.race([exited, graceOver])
  clearTimeout(timer)
  if (outcome === 'late') {
    child.kill('SIGKILL')
    await exited
  }
}

/**
 * Removes the folder of a daemon that has stopped. A daemon that was killed
 * can leave mounts behind under its data root; those are detached first, or
 * rm would fail.
 */
export async function removeDaemonDir(dir: string): Promise<void> {
  const mounts = readFileSync('/proc/self/mounts', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[1] ?? '')
    .map((path) => path.replace(/\\040/g, ' '))
    .filter((path) => path.startsWith(dir + '/'))
    .sort((a, b) => b.length - a.length)
  for (const mount of mounts) await run('umount', ['-l', mount])
  await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 })
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'ignore' })
    child.once('error', () => resolve())
    child.once('exit', () => resolve())
  })
}

async function logTail(file: string, lines = 30): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return '(no log was written)'
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return
  exitHookInstalled = true
  // A run that dies before its teardown must not leave daemons behind.
  process.once('exit', () => {
    for (const child of running) child.kill('SIGTERM')
  })
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
