import { BerthError, type ReloadMethod } from '../../src-preload/contract'
import type { CommandRunner } from './run-command'

export interface ReloaderOptions {
  pidFile: string
  /** The pid file was named by a setting: that daemon is Berth's to signal, not systemd's. */
  pidFileGiven: boolean
  rootless: () => boolean
  run: CommandRunner
  /** The program that raises privileges, for a daemon of another user: pkexec. */
  elevate: readonly string[]
  /** Whether systemd is the init system here (/run/systemd/system exists). */
  systemdBooted: () => boolean
  readText: (path: string) => string | undefined
  /** Sends a signal; process.kill unless given. */
  kill?: (pid: number, signal: NodeJS.Signals) => void
}

const unit = 'docker.service'

/**
 * Asks the daemon to read its daemon.json again. Where systemd runs the
 * daemon, through systemd, which knows the daemon's pid and its own state;
 * otherwise by SIGHUP to the pid in the daemon's pid file. A restart, for
 * keys a reload does not pick up, is offered only through systemd.
 */
export class Reloader {
  constructor(private readonly options: ReloaderOptions) {}

  async method(): Promise<ReloadMethod> {
    const { pidFile } = this.options
    if (!this.options.pidFileGiven && this.options.systemdBooted()) {
      const user = this.options.rootless()
      const args = [...(user ? ['--user'] : []), 'is-active', '--quiet', unit]
      const active = await this.options.run('systemctl', args, { timeoutMs: 5000 }).then(
        (result) => result.code === 0,
        () => false,
      )
      if (active) return { kind: 'systemd', unit, user }
    }
    const pid = this.daemonPid()
    return pid === undefined ? { kind: 'none', pidFile } : { kind: 'signal', pid, pidFile }
  }

  async reload(method: ReloadMethod): Promise<void> {
    switch (method.kind) {
      case 'systemd':
        return this.systemctl(method, 'reload')
      case 'signal':
        return this.signal(method.pid)
      case 'none':
        throw new BerthError({
          code: 'conflict',
          message:
            `Berth cannot find the running daemon to reload: ${method.pidFile} names no ` +
            `running dockerd. Reload it yourself (for example: sudo kill -HUP $(pidof dockerd)).`,
        })
    }
  }

  async restart(method: ReloadMethod): Promise<void> {
    if (method.kind !== 'systemd') {
      throw new BerthError({
        code: 'conflict',
        message:
          'This change needs the engine to restart, and Berth restarts only an engine that ' +
          'systemd runs. Change these keys outside Berth and restart the engine yourself.',
      })
    }
    await this.systemctl(method, 'restart')
  }

  private async systemctl(
    method: Extract<ReloadMethod, { kind: 'systemd' }>,
    verb: 'reload' | 'restart',
  ): Promise<void> {
    const args = [...(method.user ? ['--user'] : []), verb, method.unit]
    // systemctl asks polkit for the password itself when the user may not do this alone.
    const result = await this.options.run('systemctl', args, { timeoutMs: 120_000 })
    if (result.code !== 0) {
      throw new BerthError({
        code: 'engine-error',
        message: `systemctl ${args.join(' ')} failed: ${result.stderr.trim() || result.code}`,
      })
    }
  }

  private async signal(pid: number): Promise<void> {
    const kill = this.options.kill ?? ((p, s) => process.kill(p, s))
    try {
      kill(pid, 'SIGHUP')
      return
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EPERM') {
        throw new BerthError({
          code: 'engine-unavailable',
          message: `The daemon (pid ${pid}) could not be signalled: ${(error as Error).message}`,
        })
      }
    }
    const [program, ...lead] = this.options.elevate
    const result = await this.options.run(program!, [...lead, '/bin/kill', '-HUP', String(pid)], {
      timeoutMs: 5 * 60_000,
    })
    if (result.code === 126) {
      throw new BerthError({ code: 'cancelled', message: 'The password prompt was dismissed.' })
    }
    if (result.code !== 0) {
      throw new BerthError({
        code: 'permission-denied',
        message: `Not allowed to reload the daemon (pid ${pid}): ${result.stderr.trim()}`,
      })
    }
  }

  /** The pid in the pid file, if that process is alive and is a dockerd. */
  private daemonPid(): number | undefined {
    const text = this.options.readText(this.options.pidFile)?.trim()
    if (!text || !/^\d+$/.test(text)) return undefined
    const pid = Number(text)
    const name = this.options.readText(`/proc/${pid}/comm`)?.trim()
    // A stale pid file may name a pid that now belongs to something else.
    return name?.startsWith('dockerd') ? pid : undefined
  }
}
