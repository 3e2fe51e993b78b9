import { BerthError } from '../../src-preload/contract'

export interface ExecAttempt {
  command: string[]
  user?: string
  workingDir?: string
  container: string
}

/** What went wrong when the engine could not start a program in a container. */
export type ExecFailureKind = 'missing-program' | 'unknown-user' | 'missing-folder' | 'other'

/**
 * When an exec cannot start, the engine says why only in the exec's output
 * ("OCI runtime exec failed: … executable file not found in $PATH") and
 * ends it with code 126 or 127. This tells the cases apart.
 */
export function classifyExecFailure(
  exitCode: number | null,
  output: string,
): ExecFailureKind | undefined {
  if (exitCode !== 126 && exitCode !== 127) return undefined
  if (/chdir to cwd|working directory/i.test(output)) return 'missing-folder'
  if (/unable to find (user|group)|no matching entries in (passwd|group)/i.test(output)) {
    return 'unknown-user'
  }
  if (/executable file not found|no such file or directory|not found in \$PATH/i.test(output)) {
    return 'missing-program'
  }
  if (/OCI runtime|exec failed|unable to start/i.test(output)) return 'other'
  return undefined
}

/** The user's words for a failure to start, naming what they gave. */
export function execFailureError(
  kind: ExecFailureKind,
  attempt: ExecAttempt,
  output: string,
): BerthError {
  const program = attempt.command[0] ?? ''
  switch (kind) {
    case 'missing-program':
      return new BerthError({
        code: 'not-found',
        message: `"${program}" was not found in ${attempt.container}.`,
      })
    case 'unknown-user':
      return new BerthError({
        code: 'invalid-argument',
        message: `There is no user "${attempt.user ?? ''}" in ${attempt.container}.`,
        path: 'user',
      })
    case 'missing-folder':
      return new BerthError({
        code: 'invalid-argument',
        message: `The folder "${attempt.workingDir ?? ''}" does not exist in ${attempt.container}.`,
        path: 'workingDir',
      })
    case 'other':
      return new BerthError({
        code: 'engine-error',
        message: `"${program}" could not be started in ${attempt.container}: ${output.trim()}`,
      })
  }
}
