import type { IncomingMessage } from 'node:http'

import type Docker from 'dockerode'

import type { RegistryLists } from '../../src-preload/contract'
import { sameList } from './mirror-rules'

/** Loopback registries are always insecure; the daemon lists them without being told. */
const builtInInsecure = new Set(['127.0.0.0/8', '::1/128'])

interface RegistryInfo {
  Mirrors?: string[] | null
  InsecureRegistryCIDRs?: string[] | null
  IndexConfigs?: Record<string, { Name?: string; Secure?: boolean; Official?: boolean }> | null
}

/** What the running daemon reports under `RegistryConfig` in `GET /info`. */
export async function appliedLists(docker: Docker): Promise<RegistryLists> {
  const info = (await docker.info()) as { RegistryConfig?: RegistryInfo }
  return listsFromInfo(info.RegistryConfig ?? {})
}

export function listsFromInfo(config: RegistryInfo): RegistryLists {
  const cidrs = (config.InsecureRegistryCIDRs ?? []).filter((cidr) => !builtInInsecure.has(cidr))
  const hosts = Object.entries(config.IndexConfigs ?? {})
    .filter(([, index]) => index.Secure === false && !index.Official)
    .map(([name]) => name)
  return { mirrors: [...(config.Mirrors ?? [])], insecureRegistries: [...cidrs, ...hosts] }
}

/** Whether the daemon reports what a document asks for; insecure entries in any order. */
export function listsMatch(applied: RegistryLists, expected: Partial<RegistryLists>): boolean {
  if (expected.mirrors && !sameList(applied.mirrors, expected.mirrors)) return false
  if (expected.insecureRegistries) {
    const wanted = expected.insecureRegistries.filter((entry) => !builtInInsecure.has(entry))
    const have = applied.insecureRegistries
    if (!sameList([...have].sort(), [...wanted].sort())) return false
  }
  return true
}

/**
 * Listens for the daemon's `reload` event, which dockerd sends only after
 * it has read and taken a new configuration; a file it refuses yields none.
 * Subscribe before asking for the reload, then await `received`.
 */
export async function watchReload(
  docker: Docker,
): Promise<{ received: (timeoutMs: number) => Promise<boolean>; close(): void }> {
  const stream = (await docker.getEvents({
    filters: { type: ['daemon'], event: ['reload'] },
  })) as unknown as IncomingMessage
  let seen = false
  let wake: (() => void) | undefined
  stream.setEncoding('utf8')
  stream.on('data', (chunk: string) => {
    if (!chunk.includes('"reload"')) return
    seen = true
    wake?.()
  })
  stream.on('error', () => wake?.())

  return {
    received: (timeoutMs) =>
      new Promise<boolean>((resolve) => {
        if (seen) return resolve(true)
        const timer = setTimeout(() => resolve(seen), timeoutMs)
        wake = () => {
          clearTimeout(timer)
          resolve(seen)
        }
      }),
    close: () => stream.destroy(),
  }
}
