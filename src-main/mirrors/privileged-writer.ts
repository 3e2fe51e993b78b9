import { accessSync, constants, existsSync } from 'node:fs'
import { delimiter, dirname, join, resolve } from 'node:path'

import { BerthError } from '../../src-preload/contract'
import type { CommandRunner } from './run-command'

export interface HelperOptions {
  /** The helper script, resources/daemon-json-helper.mjs. */
  helperPath: string
  /**
   * The program that raises privileges and its leading arguments: pkexec
   * unless given. Tests put a transparent stand-in (env) here.
   */
  elevate: readonly string[]
  run: CommandRunner
  /** Environment variables to search PATH in; the process's own unless given. */
  env?: NodeJS.ProcessEnv
}

interface HelperReply {
  ok: boolean
  backup?: string
  code?: string
  message?: string
}

/**
 * Writes daemon.json through the privileged helper: the document goes on
 * its standard input, never on a command line, and every argument is a
 * separate list entry. Only /etc/docker/daemon.json can be written this way;
 * the helper refuses another target under pkexec.
 */
export class PrivilegedWriter {
  constructor(private readonly options: HelperOptions) {}

  /** Whether the raising program is installed; without it Berth cannot write a root-owned file. */
  available(): boolean {
    return findProgram(this.options.elevate[0]!, this.options.env) !== undefined
  }

  async write(
    target: string,
    text: string,
    mirrorPaths: boolean,
  ): Promise<{ backup: string | undefined }> {
    const [program, ...lead] = this.options.elevate
    const args = [
      ...lead,
      ...this.runtime(),
      this.options.helperPath,
      ...(target === '/etc/docker/daemon.json' ? [] : ['--target', target]),
      ...(mirrorPaths ? ['--mirror-paths'] : []),
    ]
    const result = await this.options.run(program!, args, { stdin: text, timeoutMs: 5 * 60_000 })

    // pkexec: 126 when the user dismissed the password dialog, 127 when not authorized.
    if (result.code === 126) {
      throw new BerthError({ code: 'cancelled', message: 'The password prompt was dismissed.' })
    }
    if (result.code === 127 && !result.stdout.trim()) {
      throw new BerthError({
        code: 'permission-denied',
        message: `Not authorized to write ${target}. ${result.stderr.trim()}`.trim(),
      })
    }
    const reply = parseReply(result.stdout)
    if (!reply) {
      throw new BerthError({
        code: 'internal',
        message: `The privileged helper failed (exit ${result.code}): ${result.stderr.trim()}`,
      })
    }
    if (!reply.ok) {
      // The helper's own refusals have lower-case codes; a failing system call an errno (EACCES).
      const refused = /^[a-z-]+$/.test(reply.code ?? '') && reply.code !== 'internal'
      throw new BerthError({
        code: refused ? 'invalid-argument' : 'internal',
        message: `The privileged helper refused the file: ${reply.message ?? 'no reason given'}`,
      })
    }
    return { backup: reply.backup }
  }

  /**
   * How the helper is started. An executable helper with node on PATH runs
   * as itself, so a polkit action naming its path applies. Otherwise it runs
   * under this process's own runtime; in Electron that runtime is node only
   * with ELECTRON_RUN_AS_NODE, which pkexec would strip from the
   * environment, so it is passed through env(1) as an argument.
   */
  private runtime(): string[] {
    const executable = isExecutable(this.options.helperPath)
    if (executable && findProgram('node', this.options.env)) return []
    if (!process.versions.electron) return [process.execPath]
    return ['/usr/bin/env', 'ELECTRON_RUN_AS_NODE=1', process.execPath]
  }
}

function parseReply(stdout: string): HelperReply | undefined {
  const line = stdout.trim().split('\n').at(-1)
  if (!line) return undefined
  try {
    const reply = JSON.parse(line) as HelperReply
    return typeof reply.ok === 'boolean' ? reply : undefined
  } catch {
    return undefined
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** The full path of a program: itself when absolute, else the first match on PATH. */
export function findProgram(program: string, env: NodeJS.ProcessEnv = process.env) {
  if (program.startsWith('/')) return isExecutable(program) ? program : undefined
  for (const folder of (env.PATH ?? '').split(delimiter)) {
    if (!folder) continue
    const candidate = join(folder, program)
    if (isExecutable(candidate)) return candidate
  }
  return undefined
}

/**
 * Finds resources/daemon-json-helper.mjs from a module's folder: src-main/…
 * when run from source, out/main when built.
 */
export function locateHelper(from: string): string {
  let folder = resolve(from)
  for (let depth = 0; depth < 4; depth++) {
    const candidate = join(folder, 'resources', 'daemon-json-helper.mjs')
    if (existsSync(candidate)) return candidate
    folder = dirname(folder)
  }
  return join(resolve(from), 'resources', 'daemon-json-helper.mjs')
}
