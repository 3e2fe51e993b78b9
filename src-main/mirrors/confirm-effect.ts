import type { ApplyStep, RegistryLists, ReloadMethod } from '../../src-preload/contract'
import { appliedLists, listsMatch, watchReload } from './applied-state'
import type { DaemonHost } from './daemon-host'

export interface ConfirmOptions {
  method: ReloadMethod
  /** Restart rather than reload: the change has keys a reload does not pick up. */
  restart: boolean
  /** The lists the daemon should report afterwards; a list not named is not checked. */
  expected: Partial<RegistryLists>
  reloadTimeoutMs: number
  restartTimeoutMs: number
  onStep: (step: ApplyStep) => void
}

/**
 * Makes the daemon read its file and waits for proof that it took it: after
 * a reload, the daemon's `reload` event (sent only for a file it accepted),
 * then `/info` reporting the expected lists; after a restart, `/info` again
 * once the daemon answers. Returns why it failed, or undefined on success.
 */
export async function confirmEffect(
  host: DaemonHost,
  options: ConfirmOptions,
): Promise<string | undefined> {
  const reloader = host.reloader(host.paths())
  options.onStep('reloading')

  if (options.restart) {
    await reloader.restart(options.method)
    options.onStep('verifying')
    return waitForLists(host, options.expected, options.restartTimeoutMs, true)
  }

  // Subscribed before the signal, so the event cannot come first and be missed.
  const watch = await watchReload(host.engine.client)
  try {
    await reloader.reload(options.method)
    options.onStep('verifying')
    if (!(await watch.received(options.reloadTimeoutMs))) {
      return (
        `the engine did not confirm a reload within ${options.reloadTimeoutMs / 1000} s, ` +
        `so it did not take the file; its log says why`
      )
    }
  } finally {
    watch.close()
  }
  return waitForLists(host, options.expected, 3000, false)
}

async function waitForLists(
  host: DaemonHost,
  expected: Partial<RegistryLists>,
  timeoutMs: number,
  afterRestart: boolean,
): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs
  let last: RegistryLists | undefined
  for (;;) {
    try {
      last = await appliedLists(host.engine.client)
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
