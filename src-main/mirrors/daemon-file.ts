import { createHash } from 'node:crypto'
import { constants } from 'node:fs'
import { access, readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'

import { BerthError } from '../../src-preload/contract'

/** Where the engine's files are, and whether a setting chose them. */
export interface DaemonPaths {
  daemonJson: string
  pidFile: string
  /** A setting named daemon.json, so it is used even for an engine Berth cannot place. */
  daemonJsonGiven: boolean
  pidFileGiven: boolean
}

export interface PathSettings {
  /** From the core option or BERTH_DAEMON_JSON. */
  daemonJson?: string
  /** From the core option or BERTH_DAEMON_PIDFILE. */
  pidFile?: string
  homeDir: string
  env: NodeJS.ProcessEnv
  uid: number
}

/**
 * The rootful engine reads /etc/docker/daemon.json and writes its pid to
 * /var/run/docker.pid; the rootless one keeps both under the user's config
 * and runtime folders. A setting overrides either.
 */
export function daemonPaths(settings: PathSettings, rootless: boolean): DaemonPaths {
  const { env } = settings
  const configHome = env.XDG_CONFIG_HOME || join(settings.homeDir, '.config')
  const runtimeDir = env.XDG_RUNTIME_DIR || `/run/user/${settings.uid}`
  return {
    daemonJson:
      settings.daemonJson ??
      (rootless ? join(configHome, 'docker', 'daemon.json') : '/etc/docker/daemon.json'),
    pidFile:
      settings.pidFile ?? (rootless ? join(runtimeDir, 'docker.pid') : '/var/run/docker.pid'),
    daemonJsonGiven: settings.daemonJson !== undefined,
    pidFileGiven: settings.pidFile !== undefined,
  }
}

export interface FileRead {
  exists: boolean
  text: string
  hash: string
}

export async function readDaemonFile(path: string): Promise<FileRead> {
  try {
    const bytes = await readFile(path)
    // dockerd reads bytes; a file that is not UTF-8 is shown with replacement marks and refused.
    const text = bytes.toString('utf8')
    return { exists: true, text, hash: hashOf(text) }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return { exists: false, text: '', hash: hashOf('') }
    if (code === 'EACCES' || code === 'EPERM') {
      throw new BerthError({
        code: 'permission-denied',
        message: `Berth may not read ${path}; its permissions keep your user out.`,
      })
    }
    throw error
  }
}

export function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

/**
 * Whether this process can replace the file itself: it may write the file
 * and its folder, or the nearest existing folder above a missing one.
 */
export async function canWriteDirectly(path: string, exists: boolean): Promise<boolean> {
  const writable = (target: string) =>
    access(target, constants.W_OK).then(
      () => true,
      () => false,
    )
  if (exists) return (await writable(path)) && writable(dirname(path))
  let folder = dirname(path)
  while (
    !(await access(folder).then(
      () => true,
      () => false,
    ))
  ) {
    if (dirname(folder) === folder) return false
    folder = dirname(folder)
  }
  return writable(folder)
}
