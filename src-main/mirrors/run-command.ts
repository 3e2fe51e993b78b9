import { spawn } from 'node:child_process'

export interface CommandResult {
  /** The exit code; null when a signal ended the program. */
  code: number | null
  stdout: string
  stderr: string
}

export interface CommandOptions {
  stdin?: string
  timeoutMs?: number
  env?: NodeJS.ProcessEnv
}

/** Runs a program with an argument list, never through a shell. */
export type CommandRunner = (
  program: string,
  args: readonly string[],
  options?: CommandOptions,
) => Promise<CommandResult>

/** Runs a program and collects its output; a program that cannot be started rejects (ENOENT). */
export const runCommand: CommandRunner = (program, args, options = {}) =>
  new Promise((resolve, reject) => {
    const child = spawn(program, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: options.env ?? process.env,
    })
    let stdout = ''
    let stderr = ''
    const cap = 256 * 1024
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (stdout.length < cap) stdout += chunk
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr.length < cap) stderr += chunk
    })
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => child.kill('SIGKILL'), options.timeoutMs)
    child.once('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.once('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr })
    })
    // A program that exits without reading its input must not crash us with EPIPE.
    child.stdin.on('error', () => {})
    child.stdin.end(options.stdin ?? '')
  })
