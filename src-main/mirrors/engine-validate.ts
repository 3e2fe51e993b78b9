import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import type { EngineEndpoint, ValidateSupport } from '../../src-preload/contract'
import { validateFlagVersion, versionAtLeast } from './engine-version'
import type { CommandRunner } from './run-command'

/**
 * Whether `dockerd --validate` can check a candidate file: the engine must
 * run on this machine, be 23.0 or later, and its dockerd be on PATH.
 */
export function validateSupport(
  endpoint: EngineEndpoint,
  version: string | undefined,
  dockerdPath: string | undefined,
): ValidateSupport {
  if (!endpoint.host.startsWith('unix://')) return { available: false, reason: 'remote-engine' }
  if (version === undefined) return { available: false, reason: 'unknown-version' }
  if (!versionAtLeast(version, validateFlagVersion)) {
    return { available: false, reason: 'old-engine', version }
  }
  if (!dockerdPath) return { available: false, reason: 'no-dockerd' }
  return { available: true }
}

export type ValidateOutcome =
  | { kind: 'valid' }
  | { kind: 'invalid'; message: string }
  /** The flag turned out not to exist after all, whatever the engine's version said. */
  | { kind: 'unsupported' }

/** Runs `dockerd --validate` on a candidate, written to a private temporary folder. */
export async function validateWithDockerd(
  dockerd: string,
  text: string,
  run: CommandRunner,
): Promise<ValidateOutcome> {
  const folder = await mkdtemp(join(tmpdir(), 'berth-validate-'))
  try {
    const file = join(folder, 'daemon.json')
    await writeFile(file, text, { mode: 0o600 })
    const result = await run(dockerd, ['--validate', '--config-file', file], { timeoutMs: 30_000 })
    if (result.code === 0) return { kind: 'valid' }
    const output = `${result.stderr}\n${result.stdout}`.trim()
    if (/unknown flag: --validate/.test(output)) return { kind: 'unsupported' }
    return { kind: 'invalid', message: output.replaceAll(file, 'daemon.json') }
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}
