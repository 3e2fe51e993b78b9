import { readFile } from 'node:fs/promises'

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
  type WriteAccess,
} from '../../src-preload/contract'
import type { EngineConnection } from '../engine/connection'
import type { Logger } from '../log/logger'
import { appliedLists, listsMatch } from './applied-state'
import { listBackups } from './atomic-write'
import { planChange, listsOf } from './change-plan'
import { confirmEffect } from './confirm-effect'
import { readDaemonFile, type DaemonPaths, type FileRead, type PathSettings } from './daemon-file'
import { DaemonHost } from './daemon-host'
import { readDaemonDocument } from './daemon-json'
import { validateWithDockerd } from './engine-validate'
import { checkLists } from './mirror-rules'
import { findProgram } from './privileged-writer'
import { probeMirrors } from './probe'
import { runCommand, type CommandRunner } from './run-command'
import { mirrorSuggestions } from './suggestions'

export interface MirrorServiceOptions {
  engine: EngineConnection
  log: Logger
  /** Where daemon.json and the pid file are, when a setting names them. */
  paths: Partial<PathSettings>
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

const noWriteAccess = (path: string): string =>
  `Berth may not write ${path}, and pkexec is not installed to ask for an administrator's ` +
  `password (Debian and Ubuntu: apt install pkexec).`

/**
 * The registry-mirror editor's work in the main process: reads the engine's
 * daemon.json and what the daemon reports, checks changes by dockerd's
 * rules, writes them atomically, reloads the daemon, confirms the daemon
 * took them, and puts the old file back when it did not. One apply runs at
 * a time.
 */
export class MirrorService {
  private readonly host: DaemonHost
  private readonly run: CommandRunner
  private readonly listeners = new Set<Listener>()
  private queue: Promise<unknown> = Promise.resolve()

  constructor(private readonly options: MirrorServiceOptions) {
    this.run = options.run ?? runCommand
    this.host = new DaemonHost({
      engine: options.engine,
      paths: options.paths,
      helperPath: options.helperPath,
      elevate: options.elevate ?? ['pkexec'],
      run: this.run,
    })
  }

  onActivity(listener: Listener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  async settings(): Promise<MirrorSettings> {
    const paths = this.host.paths()
    return this.describe(paths, await readDaemonFile(paths.daemonJson))
  }

  async check(change: DaemonJsonChange): Promise<MirrorCheck> {
    const file = await readDaemonFile(this.host.paths().daemonJson)
    const { expected: _expected, ...check } = planChange(file, change, this.host.rules())
    return check
  }

  probe(mirrors: string[], timeoutMs = 5000): Promise<ProbeResult[]> {
    return probeMirrors(mirrors, { timeoutMs, concurrency: 4 })
  }

  async history(): Promise<HistoryEntry[]> {
    const backups = await listBackups(this.host.paths().daemonJson)
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
      const paths = this.host.paths()
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
      const paths = this.host.paths()
      const readOnly = this.host.readOnlyReason(paths)
      if (readOnly) throw new BerthError({ code: 'conflict', message: readOnly })

      if (!this.host.info()) {
        throw new BerthError({
          code: 'engine-unavailable',
          message:
            'Berth applies settings only while it is connected to the engine, so that it can ' +
            'confirm the engine took them. Connect, then apply.',
        })
      }

      const current = await readDaemonFile(paths.daemonJson)
      if (current.hash !== fileHash) {
        throw new BerthError({
          code: 'conflict',
          message: `${paths.daemonJson} changed since it was read. Look at it again, then apply.`,
        })
      }
      const plan = planChange(current, change, this.host.rules())
      if (plan.issues.length > 0 || plan.document === undefined) throw refusal(plan.issues)

      const method = await this.host.reloader(paths).method()
      const restartNeeded = plan.restartKeys.length > 0
      if (restartNeeded) checkRestart(plan.restartKeys, restart, method)
      // A file the daemon cannot be made to read would wait, unconfirmed, for its next start.
      if (method.kind === 'none') await this.host.reloader(paths).reload(method)

      const unchanged = plan.document === current.text
      const access = await this.host.access(paths, current.exists)
      if (!unchanged && access === 'none') {
        throw new BerthError({
          code: 'permission-denied',
          message: noWriteAccess(paths.daemonJson),
        })
      }
      if (unchanged && (await this.reports(plan.expected))) {
        return { outcome: 'unchanged', settings: await this.describe(paths, current) }
      }

      let backup: string | undefined
      if (!unchanged) {
        await this.validate(plan.document)
        this.step('writing')
        backup = await this.host.write(paths, access, plan.document, true)
        log.info('daemon.json written', { path: paths.daemonJson, keys: plan.changedKeys })
      }

      const failure = await this.confirm(method, restartNeeded, plan.expected).catch(
        async (error: unknown) => {
          // The reload could not even be asked for (a dismissed password prompt, a daemon
          // gone): the old file goes back, so the next start reads what runs now.
          if (!unchanged) await this.host.write(paths, access, restorable(current), false)
          throw error
        },
      )
      const kept = backup ? { backup } : {}
      if (failure === undefined) {
        const settings = await this.describe(paths, await readDaemonFile(paths.daemonJson))
        return { outcome: 'applied', ...kept, settings }
      }

      log.warn('the daemon refused the new daemon.json', { path: paths.daemonJson, failure })
      if (unchanged) throw new BerthError({ code: 'engine-error', message: failure })
      this.step('rolling-back')
      await this.rollBack(paths, access, method, restartNeeded, current, backup, failure)
      const settings = await this.describe(paths, await readDaemonFile(paths.daemonJson))
      return { outcome: 'rolled-back', reason: failure, ...kept, settings }
    } finally {
      this.step('done')
    }
  }

  /** Puts the previous file back and makes the daemon take it again; throws if even that fails. */
  private async rollBack(
    paths: DaemonPaths,
    access: WriteAccess,
    method: ReloadMethod,
    restart: boolean,
    previous: FileRead,
    backup: string | undefined,
    reason: string,
  ): Promise<void> {
    const oldText = restorable(previous)
    await this.host.write(paths, access, oldText, false)

    const oldDocument = readDaemonDocument(oldText)
    const expected: Partial<RegistryLists> = {}
    const checked = checkLists(listsOf(oldDocument), this.host.rules())
    if (oldDocument.issues.length === 0 && checked.issues.length === 0) {
      if (oldDocument.mirrors) expected.mirrors = checked.normalized.mirrors
      if (oldDocument.insecureRegistries) {
        expected.insecureRegistries = checked.normalized.insecureRegistries
      }
    }

    const second = await this.confirm(method, restart, expected)
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

  private confirm(
    method: ReloadMethod,
    restart: boolean,
    expected: Partial<RegistryLists>,
  ): Promise<string | undefined> {
    return confirmEffect(this.host, {
      method,
      restart,
      expected,
      reloadTimeoutMs: this.options.verifyTimeoutMs ?? 15_000,
      restartTimeoutMs: this.options.restartTimeoutMs ?? 90_000,
      onStep: (step) => this.step(step),
    })
  }

  /** Runs `dockerd --validate` on the candidate where the engine has it. */
  private async validate(text: string): Promise<void> {
    if (!this.host.validateSupport().available) return
    this.step('validating')
    const outcome = await validateWithDockerd(findProgram('dockerd')!, text, this.run)
    if (outcome.kind === 'unsupported') {
      this.options.log.warn('dockerd has no --validate despite its version; skipped')
    } else if (outcome.kind === 'invalid') {
      throw refusal([
        {
          list: 'file',
          code: 'engine-rejected',
          params: { output: outcome.message },
          message: `dockerd --validate refused the file: ${outcome.message}`,
        },
      ])
    }
  }

  /** Whether the daemon already reports what a document asks for. */
  private async reports(expected: Partial<RegistryLists>): Promise<boolean> {
    try {
      return listsMatch(await appliedLists(this.host.engine.client), expected)
    } catch {
      return false
    }
  }

  private async describe(paths: DaemonPaths, file: FileRead): Promise<MirrorSettings> {
    const info = this.host.info()
    const rules = this.host.rules()

    // A missing file holds no lists; a file dockerd cannot read holds none Berth can show.
    const document = file.exists ? readDaemonDocument(file.text) : undefined
    const issues = [...(document?.issues ?? [])]
    let pending: RegistryLists | undefined = { mirrors: [], insecureRegistries: [] }
    let normalized: RegistryLists | undefined = pending
    if (document && document.issues.length === 0) {
      pending = listsOf(document)
      const checked = checkLists(pending, rules)
      issues.push(...checked.issues)
      normalized = checked.issues.length === 0 ? checked.normalized : undefined
    } else if (document) {
      pending = normalized = undefined
    }

    const applied = info
      ? await appliedLists(this.host.engine.client).catch(() => undefined)
      : undefined
    const readOnlyReason = this.host.readOnlyReason(paths)
    const access = readOnlyReason ? 'none' : await this.host.access(paths, file.exists)
    const settings: MirrorSettings = {
      file: { path: paths.daemonJson, ...file, issues },
      pending,
      applied,
      inSync: !!normalized && !!applied && listsMatch(applied, normalized),
      engine: {
        connected: !!info,
        ...(info ? { version: info.version } : {}),
        rootless: info?.rootless ?? false,
        mirrorPaths: rules.mirrorPaths,
      },
      validate: this.host.validateSupport(),
      reload: await this.host.reloader(paths).method(),
      access,
      suggestions: mirrorSuggestions,
    }
    const reason = readOnlyReason ?? (access === 'none' ? noWriteAccess(paths.daemonJson) : '')
    if (reason) settings.readOnlyReason = reason
    return settings
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

/** The text to put back: the file as it was, or `{}` for a file that was missing or empty. */
function restorable(previous: FileRead): string {
  return previous.text.trim() === '' ? emptySettings : previous.text
}

/** A change that takes a restart goes on only when the user agreed and systemd can do it. */
function checkRestart(keys: string[], confirmed: boolean, method: ReloadMethod): void {
  const named = keys.join(', ')
  if (!confirmed) {
    throw new BerthError({
      code: 'conflict',
      message:
        `Changing ${named} takes an engine restart, which stops running containers unless ` +
        `live-restore is on. Confirm the restart to go on.`,
    })
  }
  if (method.kind !== 'systemd') {
    throw new BerthError({
      code: 'conflict',
      message:
        `Changing ${named} takes an engine restart, and Berth restarts only an engine that ` +
        `systemd runs. Make this change outside Berth.`,
    })
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
