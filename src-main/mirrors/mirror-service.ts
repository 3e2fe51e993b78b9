import { existsSync, readFileSync } from 'node:fs'
import { mkdir, readFile } from 'node:fs/promises'
import { dirname } from 'node:path'

import {
  BerthError,
  type ApplyResult,
  type ApplyStep,
  type DaemonJsonChange,
  type HistoryEntry,
  type MirrorActivity,
  type MirrorCheck,
  type MirrorIssue,
  type MirrorSettings,
  type ProbeResult,
  type RegistryLists,
  type ReloadMethod,
} from '../../src-preload/contract'
import type { EngineConnection } from '../engine/connection'
import type { Logger } from '../log/logger'
import { appliedLists, listsMatch, watchReload } from './applied-state'
import { listBackups, writeFileAtomic } from './atomic-write'
import { planChange, listsOf, type ChangePlan } from './change-plan'
import {
  canWriteDirectly,
  daemonPaths,
  readDaemonFile,
  type DaemonPaths,
  type FileRead,
  type PathSettings,
} from './daemon-file'
import { readDaemonDocument } from './daemon-json'
import { mirrorPathVersion, versionAtLeast } from './engine-version'
import { validateSupport, validateWithDockerd } from './engine-validate'
import { checkLists, type RuleContext } from './mirror-rules'
import { findProgram, PrivilegedWriter } from './privileged-writer'
import { probeMirrors } from './probe'
import { Reloader } from './reloader'
import { runCommand, type CommandRunner } from './run-command'
import { mirrorSuggestions } from './suggestions'

export interface MirrorServiceOptions {
  engine: EngineConnection
  log: Logger
  paths: Omit<PathSettings, 'homeDir' | 'env' | 'uid'> & Partial<PathSettings>
  helperPath: string
  /** The program that raises privileges; pkexec unless given. */
  elevate?: readonly string[]
  run?: CommandRunner
  /** How long the daemon has to confirm a reload; 15 s unless given. */
  verifyTimeoutMs?: number
  /** How long a restarted daemon has to answer again; 90 s unless given. */
  restartTimeoutMs?: number
}

type Listener = (activity: MirrorActivity) => void

/** The file to restore when there was none: dockerd reads `{}` as no settings at all. */
const emptySettings = '{}\n'

/**
 * The registry-mirror editor's work in the main process: reads the engine's
 * daemon.json and what the daemon reports, checks changes by dockerd's
 * rules, writes them atomically, reloads the daemon, confirms the daemon
 * took them, and puts the old file back when it did not. One apply runs at
 * a time.
 */
export class MirrorService {
  private readonly run: CommandRunner
  private readonly elevate: readonly string[]
  private readonly writer: PrivilegedWriter
  private readonly listeners = new Set<Listener>()
  private queue: Promise<unknown> = Promise.resolve()

  constructor(private readonly options: MirrorServiceOptions) {
    this.run = options.run ?? runCommand
    this.elevate = options.elevate ?? ['pkexec']
    this.writer = new PrivilegedWriter({
      helperPath: options.helperPath,
      elevate: this.elevate,
      run: this.run,
    })
  }

  onActivity(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  async settings(): Promise<MirrorSettings> {
    const paths = this.paths()
    const file = await readDaemonFile(paths.daemonJson)
    return this.describe(paths, file)
  }

  async check(change: DaemonJsonChange): Promise<MirrorCheck> {
    const file = await readDaemonFile(this.paths().daemonJson)
    const { expected: _expected, ...check } = planChange(file, change, this.rules())
    return check
  }

  async probe(mirrors: string[], timeoutMs = 5000): Promise<ProbeResult[]> {
    return probeMirrors(mirrors, { timeoutMs, concurrency: 4 })
  }

  async history(): Promise<HistoryEntry[]> {
    const backups = await listBackups(this.paths().daemonJson)
    return Promise.all(
      backups.map(async (backup) => {
        const text = await readFile(backup.path, 'utf8').catch(() => '')
        const document = readDaemonDocument(text)
        const entry: HistoryEntry = {
          id: backup.id,
          replacedAt: backup.replacedAt,
          size: Buffer.byteLength(text),
        }
        if (document.issues.length === 0) entry.lists = listsOf(document)
        return entry
      }),
    )
  }

  apply(change: DaemonJsonChange, fileHash: string, restart = false): Promise<ApplyResult> {
    return this.serially(() => this.applyNow(change, fileHash, restart))
  }

  /** Applies an earlier version of the file, kept as a backup, by the same checks and steps. */
  restore(id: string, restart = false): Promise<ApplyResult> {
    return this.serially(async () => {
      const paths = this.paths()
      const backup = (await listBackups(paths.daemonJson)).find((entry) => entry.id === id)
      if (!backup) {
        throw new BerthError({ code: 'not-found', message: `There is no backup named ${id}.` })
      }
      const raw = await readFile(backup.path, 'utf8')
      const current = await readDaemonFile(paths.daemonJson)
      return this.applyNow({ raw }, current.hash, restart)
    })
  }

  private async applyNow(
    change: DaemonJsonChange,
    fileHash: string,
    restart: boolean,
  ): Promise<ApplyResult> {
    const { log } = this.options
    this.step('checking')
    try {
      const paths = this.paths()
      const readOnly = this.readOnlyReason(paths)
      if (readOnly) throw new BerthError({ code: 'conflict', message: readOnly })

      const current = await readDaemonFile(paths.daemonJson)
      if (current.hash !== fileHash) {
        throw new BerthError({
          code: 'conflict',
          message: `${paths.daemonJson} changed since it was read. Look at it again, then apply.`,
        })
      }
      const plan = planChange(current, change, this.rules())
      if (plan.issues.length > 0 || plan.document === undefined) throw refusal(plan.issues)

      const method = await this.reloader(paths).method()
      if (plan.restartKeys.length > 0) {
        if (!restart) {
          throw new BerthError({
            code: 'conflict',
            message:
              `Changing ${plan.restartKeys.join(', ')} takes an engine restart, which stops ` +
              `running containers unless live-restore is on. Confirm the restart to go on.`,
          })
        }
        if (method.kind !== 'systemd') {
          throw new BerthError({
            code: 'conflict',
            message:
              `Changing ${plan.restartKeys.join(', ')} takes an engine restart, and Berth ` +
              `restarts only an engine that systemd runs. Make this change outside Berth.`,
          })
        }
      }

      const unchanged = plan.document === current.text
      const access = await this.access(paths, current)
      if (!unchanged && access === 'none') {
        throw new BerthError({
          code: 'permission-denied',
          message:
            `Berth may not write ${paths.daemonJson}, and pkexec is not installed to ask ` +
            `for an administrator's password (Debian and Ubuntu: apt install pkexec).`,
        })
      }
      if (unchanged && (await this.inSync(plan))) {
        this.step('done')
        return { outcome: 'unchanged', settings: await this.describe(paths, current) }
      }

      let backup: string | undefined
      if (!unchanged) {
        await this.validate(plan.document)
        this.step('writing')
        backup = await this.write(paths, access, plan.document, true)
        log.info('daemon.json written', { path: paths.daemonJson, keys: plan.changedKeys })
      }

      const restartNeeded = plan.restartKeys.length > 0
      const failure = await this.takeEffect(method, restartNeeded, plan.expected)
      if (failure === undefined) {
        this.step('done')
        const settings = await this.describe(paths, await readDaemonFile(paths.daemonJson))
        return { outcome: 'applied', ...(backup ? { backup } : {}), settings }
      }

      log.warn('the daemon refused the new daemon.json; restoring the old one', {
        path: paths.daemonJson,
        reason: failure,
      })
      if (unchanged) throw new BerthError({ code: 'engine-error', message: failure })
      this.step('rolling-back')
      await this.rollBack(paths, access, method, restartNeeded, current, backup, failure)
      this.step('done')
      const settings = await this.describe(paths, await readDaemonFile(paths.daemonJson))
      return {
        outcome: 'rolled-back',
        reason: failure,
        ...(backup ? { backup } : {}),
        settings,
      }
    } catch (error) {
      this.step('done')
      throw error
    }
  }

  private async rollBack(
    paths: DaemonPaths,
    access: 'direct' | 'helper' | 'none',
    method: ReloadMethod,
    restart: boolean,
    previous: FileRead,
    backup: string | undefined,
    reason: string,
  ): Promise<void> {
    const oldText = previous.text.trim() === '' ? emptySettings : previous.text
    await this.write(paths, access, oldText, false)
    const oldDocument = readDaemonDocument(oldText)
    const expected: Partial<RegistryLists> = {}
    if (oldDocument.issues.length === 0) {
      const checked = checkLists(listsOf(oldDocument), this.rules())
      if (checked.issues.length === 0) {
        if (oldDocument.mirrors) expected.mirrors = checked.normalized.mirrors
        if (oldDocument.insecureRegistries) {
          expected.insecureRegistries = checked.normalized.insecureRegistries
        }
      }
    }
    const second = await this.takeEffect(method, restart, expected)
    if (second !== undefined) {
      this.options.log.error('roll-back did not take effect', { reason: second })
      throw new BerthError({
        code: 'engine-error',
        message:
          `The engine refused the new settings (${reason}), and after the old file was put ` +
          `back it still did not confirm them (${second}). The old file is in place` +
          `${backup ? ` and also kept as ${backup}` : ''}; check the engine's log.`,
      })
    }
    this.options.log.info('old daemon.json restored and in force', { path: paths.daemonJson })
  }

  /**
   * Makes the daemon read the file and waits for proof that it did: the
   * `reload` event, then `/info` reporting the expected lists. Returns why it
   * failed, or undefined on success.
   */
  private async takeEffect(
    method: ReloadMethod,
    restart: boolean,
    expected: Partial<RegistryLists>,
  ): Promise<string | undefined> {
    const { engine } = this.options
    const timeoutMs = this.options.verifyTimeoutMs ?? 15_000
    this.step('reloading')

    if (restart) {
      await this.reloader(this.paths()).restart(method)
      this.step('verifying')
      return this.waitForLists(expected, this.options.restartTimeoutMs ?? 90_000, true)
    }

    const watch = await watchReload(engine.client)
    try {
      await this.reloader(this.paths()).reload(method)
      this.step('verifying')
      if (!(await watch.received(timeoutMs))) {
        return (
          `the engine did not confirm a reload within ${timeoutMs / 1000} s, so it did not ` +
          `take the file; its log says why`
        )
      }
    } finally {
      watch.close()
    }
    return this.waitForLists(expected, 3000, false)
  }

  private async waitForLists(
    expected: Partial<RegistryLists>,
    timeoutMs: number,
    afterRestart: boolean,
  ): Promise<string | undefined> {
    const deadline = Date.now() + timeoutMs
    let last: RegistryLists | undefined
    for (;;) {
      try {
        last = await appliedLists(this.options.engine.client)
        if (listsMatch(last, expected)) return undefined
      } catch {
        // A restarting engine is away for a while; keep asking until the deadline.
      }
      if (Date.now() > deadline) break
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
    if (!last) {
      return afterRestart
        ? `the engine did not come back within ${timeoutMs / 1000} s of its restart`
        : 'the engine did not answer after the reload'
    }
    return `the engine reports mirrors ${JSON.stringify(last.mirrors)} rather than the new ones`
  }

  private async write(
    paths: DaemonPaths,
    access: 'direct' | 'helper' | 'none',
    text: string,
    backup: boolean,
  ): Promise<string | undefined> {
    if (access === 'helper') {
      return (await this.writer.write(paths.daemonJson, text, this.rules().mirrorPaths)).backup
    }
    await mkdir(dirname(paths.daemonJson), { recursive: true })
    return (await writeFileAtomic(paths.daemonJson, text, { backup })).backup
  }

  private async validate(text: string): Promise<void> {
    const support = this.validateSupport()
    if (!support.available) return
    this.step('validating')
    const outcome = await validateWithDockerd(findProgram('dockerd')!, text, this.run)
    if (outcome.kind === 'unsupported') {
      this.options.log.warn('dockerd has no --validate despite its version; skipped')
    } else if (outcome.kind === 'invalid') {
      const issue: MirrorIssue = {
        list: 'file',
        code: 'engine-rejected',
        params: { output: outcome.message },
        message: `dockerd --validate refused the file: ${outcome.message}`,
      }
      throw refusal([issue])
    }
  }

  private async inSync(plan: ChangePlan): Promise<boolean> {
    try {
      return listsMatch(await appliedLists(this.options.engine.client), plan.expected)
    } catch {
      return false
    }
  }

  private async describe(paths: DaemonPaths, file: FileRead): Promise<MirrorSettings> {
    const state = this.options.engine.current
    const info = state.kind === 'connected' ? state.info : undefined
    const rules = this.rules()

    const document = file.exists ? readDaemonDocument(file.text) : undefined
    const fileIssues = [...(document?.issues ?? [])]
    let pending: RegistryLists | undefined = { mirrors: [], insecureRegistries: [] }
    let normalized: RegistryLists | undefined = pending
    if (document && document.issues.length === 0) {
      pending = listsOf(document)
      const checked = checkLists(pending, rules)
      fileIssues.push(...checked.issues)
      normalized = checked.issues.length === 0 ? checked.normalized : undefined
    } else if (document) {
      pending = undefined
      normalized = undefined
    }

    let applied: RegistryLists | undefined
    if (info) applied = await appliedLists(this.options.engine.client).catch(() => undefined)

    const readOnlyReason = this.readOnlyReason(paths)
    const access = readOnlyReason ? 'none' : await this.access(paths, file)
    const settings: MirrorSettings = {
      file: { path: paths.daemonJson, ...file, issues: fileIssues },
      pending,
      applied,
      inSync: !!normalized && !!applied && listsMatch(applied, normalized),
      engine: {
        connected: !!info,
        ...(info ? { version: info.version } : {}),
        rootless: info?.rootless ?? false,
        mirrorPaths: rules.mirrorPaths,
      },
      validate: this.validateSupport(),
      reload: await this.reloader(paths).method(),
      access,
      suggestions: mirrorSuggestions,
    }
    if (readOnlyReason) settings.readOnlyReason = readOnlyReason
    else if (access === 'none') {
      settings.readOnlyReason =
        `Berth may not write ${paths.daemonJson}, and pkexec is not installed to ask for an ` +
        `administrator's password (Debian and Ubuntu: apt install pkexec).`
    }
    return settings
  }

  private async access(paths: DaemonPaths, file: FileRead): Promise<'direct' | 'helper' | 'none'> {
    if (await canWriteDirectly(paths.daemonJson, file.exists)) return 'direct'
    const helperTarget = paths.daemonJson === '/etc/docker/daemon.json'
    return helperTarget && this.writer.available() ? 'helper' : 'none'
  }

  private readOnlyReason(paths: DaemonPaths): string | undefined {
    const { endpoint } = this.options.engine.current
    if (paths.daemonJsonGiven) return undefined
    if (endpoint.source === 'podman-socket') {
      return 'Podman keeps registry settings in registries.conf; Berth edits Docker’s daemon.json.'
    }
    if (!endpoint.host.startsWith('unix://')) {
      return (
        `The engine at ${endpoint.host} runs on another machine; Berth edits the settings ` +
        `of an engine on this computer only.`
      )
    }
    return undefined
  }

  private rules(): RuleContext {
    const state = this.options.engine.current
    const version = state.kind === 'connected' ? state.info.version : undefined
    return {
      mirrorPaths: versionAtLeast(version, mirrorPathVersion),
      ...(version ? { engineVersion: version } : {}),
    }
  }

  private validateSupport() {
    const state = this.options.engine.current
    const version = state.kind === 'connected' ? state.info.version : undefined
    return validateSupport(state.endpoint, version, findProgram('dockerd'))
  }

  private paths(): DaemonPaths {
    const state = this.options.engine.current
    const rootless = state.kind === 'connected' && state.info.rootless
    const { paths } = this.options
    return daemonPaths(
      {
        ...paths,
        homeDir: paths.homeDir ?? process.env.HOME ?? '/root',
        env: paths.env ?? process.env,
        uid: paths.uid ?? process.getuid?.() ?? 0,
      },
      rootless,
    )
  }

  private reloader(paths: DaemonPaths): Reloader {
    return new Reloader({
      pidFile: paths.pidFile,
      pidFileGiven: paths.pidFileGiven,
      rootless: () => {
        const state = this.options.engine.current
        return state.kind === 'connected' && state.info.rootless
      },
      run: this.run,
      elevate: this.elevate,
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

  private step(step: ApplyStep): void {
    const activity = { step, at: Date.now() }
    for (const listener of this.listeners) listener(activity)
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work)
    this.queue = next.catch(() => undefined)
    return next
  }
}

/** The bridge error for a change that breaks rules: the first problem named, the rest counted. */
function refusal(issues: MirrorIssue[]): BerthError {
  const [first] = issues
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problems)` : ''
  const path =
    first && first.list !== 'file' && first.position !== undefined
      ? `change.${first.list}.${first.position - 1}`
      : 'change'
  return new BerthError({
    code: 'invalid-argument',
    message: `${first?.message ?? 'The change cannot be applied'}${more}`,
    path,
  })
}
