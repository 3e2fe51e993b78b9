import { existsSync, readFileSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'

import type { ValidateSupport, WriteAccess } from '../../src-preload/contract'
import type { EngineConnection } from '../engine/connection'
import { writeFileAtomic } from './atomic-write'
import { canWriteDirectly, daemonPaths, type DaemonPaths, type PathSettings } from './daemon-file'
import { mirrorPathVersion, versionAtLeast } from './engine-version'
import { validateSupport } from './engine-validate'
import type { RuleContext } from './mirror-rules'
import { findProgram, PrivilegedWriter } from './privileged-writer'
import { Reloader } from './reloader'
import type { CommandRunner } from './run-command'

export interface DaemonHostOptions {
  engine: EngineConnection
  paths: Partial<PathSettings>
  helperPath: string
  elevate: readonly string[]
  run: CommandRunner
}

/**
 * The engine's daemon as seen from this machine: where its files are, what
 * its version allows, how Berth may write its daemon.json and how it makes
 * the daemon read it. Asked afresh each time, since the engine Berth is
 * connected to may change between two questions.
 */
export class DaemonHost {
  private readonly writer: PrivilegedWriter

  constructor(private readonly options: DaemonHostOptions) {
    this.writer = new PrivilegedWriter({
      helperPath: options.helperPath,
      elevate: options.elevate,
      run: options.run,
    })
  }

  get engine(): EngineConnection {
    return this.options.engine
  }

  /** The connected engine's version and whether it is rootless; undefined while away. */
  info(): { version: string; rootless: boolean } | undefined {
    const state = this.options.engine.current
    return state.kind === 'connected' ? state.info : undefined
  }

  paths(): DaemonPaths {
    const { paths } = this.options
    return daemonPaths(
      {
        ...paths,
        homeDir: paths.homeDir ?? process.env.HOME ?? '/root',
        env: paths.env ?? process.env,
        uid: paths.uid ?? process.getuid?.() ?? 0,
      },
      this.info()?.rootless ?? false,
    )
  }

  rules(): RuleContext {
    const version = this.info()?.version
    return {
      mirrorPaths: versionAtLeast(version, mirrorPathVersion),
      ...(version ? { engineVersion: version } : {}),
    }
  }

  validateSupport(): ValidateSupport {
    const { endpoint } = this.options.engine.current
    return validateSupport(endpoint, this.info()?.version, findProgram('dockerd'))
  }

  /** Why Berth cannot edit this engine's settings, or undefined when it can. */
  readOnlyReason(paths: DaemonPaths): string | undefined {
    const { endpoint } = this.options.engine.current
    if (paths.daemonJsonGiven) return undefined
    if (endpoint.source === 'podman-socket') {
      return 'Podman keeps registry settings in registries.conf; Berth edits daemon.json only.'
    }
    if (!endpoint.host.startsWith('unix://')) {
      return (
        `The engine at ${endpoint.host} runs on another machine; Berth edits the settings ` +
        `of an engine on this computer only.`
      )
    }
    return undefined
  }

  async access(paths: DaemonPaths, exists: boolean): Promise<WriteAccess> {
    if (await canWriteDirectly(paths.daemonJson, exists)) return 'direct'
    // The helper writes /etc/docker/daemon.json only; a rootless file is the user's own.
    const helperTarget = paths.daemonJson === '/etc/docker/daemon.json'
    return helperTarget && this.writer.available() ? 'helper' : 'none'
  }

  /** Replaces daemon.json atomically, itself or through the helper; returns the backup made. */
  async write(
    paths: DaemonPaths,
    access: WriteAccess,
    text: string,
    backup: boolean,
  ): Promise<string | undefined> {
    if (access === 'helper') {
      return (await this.writer.write(paths.daemonJson, text, this.rules().mirrorPaths)).backup
    }
    await mkdir(dirname(paths.daemonJson), { recursive: true })
    return (await writeFileAtomic(paths.daemonJson, text, { backup })).backup
  }

  reloader(paths: DaemonPaths): Reloader {
    return new Reloader({
      pidFile: paths.pidFile,
      pidFileGiven: paths.pidFileGiven,
      rootless: () => this.info()?.rootless ?? false,
      run: this.options.run,
      elevate: this.options.elevate,
      systemdBooted: () => existsSync('/run/systemd/system'),
      readText: (path) => {
        try {
          return readFileSync(path, 'utf8')
        } catch {
          return undefined
        }
      },
    })
  }
}
