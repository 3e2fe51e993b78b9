import { isIPv4, isIPv6 } from 'node:net'

import {
  mirrorLimits,
  type MirrorIssue,
  type MirrorIssueCode,
  type RegistryLists,
} from '../../src-preload/contract'
import { looksLikeCidr, normalizeCidr } from './cidr'

/** What the rules depend on: the connected engine's abilities. */
export interface RuleContext {
  /** The engine accepts a mirror with a path (24.0.8 and later). */
  mirrorPaths: boolean
  /** The engine's version, to say why a path is refused; undefined when unknown. */
  engineVersion?: string
}

export interface CheckedLists {
  /** The lists in the form the daemon reports them; only meaningful without issues. */
  normalized: RegistryLists
  issues: MirrorIssue[]
}

type ListName = 'mirrors' | 'insecureRegistries'

const listLabel: Record<ListName, string> = {
  mirrors: 'Mirror',
  insecureRegistries: 'Insecure registry',
}

/** Checks both lists by the daemon's own rules and normalizes what passes. */
export function checkLists(lists: RegistryLists, context: RuleContext): CheckedLists {
  const mirrors = checkList('mirrors', lists.mirrors, (entry, at) =>
    checkMirror(entry, at, context),
  )
  const insecure = checkList('insecureRegistries', lists.insecureRegistries, checkInsecure)
  return {
    normalized: { mirrors: mirrors.normalized, insecureRegistries: insecure.normalized },
    issues: [...mirrors.issues, ...insecure.issues],
  }
}

type EntryCheck = { normalized: string } | { issue: MirrorIssue }

function checkList(
  list: ListName,
  entries: readonly unknown[],
  checkEntry: (entry: string, position: number) => EntryCheck,
): { normalized: string[]; issues: MirrorIssue[] } {
  if (entries.length > mirrorLimits.entries) {
    const count = entries.length
    const plural = list === 'mirrors' ? 'mirrors' : 'insecure registries'
    return {
      normalized: [],
      issues: [
        {
          list,
          code: 'too-many',
          params: { count, limit: mirrorLimits.entries },
          message: `${count} ${plural}: at most ${mirrorLimits.entries} are allowed`,
        },
      ],
    }
  }

  const normalized: string[] = []
  const issues: MirrorIssue[] = []
  const firstSeen = new Map<string, number>()
  entries.forEach((entry, index) => {
    const position = index + 1
    if (typeof entry !== 'string') {
      issues.push(issue(list, position, String(entry), 'wrong-type', 'is not a string'))
      return
    }
    const result = checkEntry(entry, position)
    if ('issue' in result) {
      issues.push(result.issue)
      return
    }
    const earlier = firstSeen.get(result.normalized)
    if (earlier !== undefined) {
      const what = `repeats ${listLabel[list].toLowerCase()} ${earlier} (${result.normalized})`
      issues.push(issue(list, position, entry, 'duplicate', what, { first: earlier }))
      return
    }
    firstSeen.set(result.normalized, position)
    normalized.push(result.normalized)
  })
  return { normalized, issues }
}

/**
 * A mirror as dockerd's `ValidateMirror` takes it: an http or https URL with
 * a host, without credentials, query or fragment, and without a path unless
 * the engine accepts one. The result ends with a slash, as `/info` shows it.
 */
export function checkMirror(entry: string, position: number, context: RuleContext): EntryCheck {
  const fail = (code: MirrorIssueCode, what: string, params?: MirrorIssue['params']) => ({
    issue: issue('mirrors', position, entry, code, what, params),
  })

  if (entry.trim() === '') return fail('empty', 'is empty')
  if (entry.length > mirrorLimits.entryLength) {
    return fail('too-long', `is longer than ${mirrorLimits.entryLength} characters`)
  }
  if (/[\s\p{Cc}]/u.test(entry)) return fail('whitespace', 'contains a space or control character')

  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(entry)
  if (!scheme) {
    return fail('no-scheme', `has no scheme; write it as https://${entry.replace(/^\/+/, '')}`)
  }
  const protocol = scheme[1]!.toLowerCase()
  if (protocol !== 'http' && protocol !== 'https') {
    return fail('scheme', 'only http:// and https:// mirrors are allowed', { scheme: protocol })
  }

  let url: URL
  try {
    url = new URL(entry)
  } catch {
    return fail('invalid-url', 'is not a valid URL')
  }
  if (url.hostname === '') return fail('no-host', 'has no host name')
  if (url.username !== '' || url.password !== '' || entry.slice(scheme[0].length).includes('@')) {
    return fail('credentials', 'must not contain a user name or password; use docker login')
  }
  if (entry.includes('?')) return fail('query', 'must not have a query (?…)')
  if (entry.includes('#')) return fail('fragment', 'must not have a fragment (#…)')

  const path = url.pathname === '/' ? '' : url.pathname
  if (path !== '' && !context.mirrorPaths) {
    const version = context.engineVersion
    const why = version
      ? `Docker Engine ${version} does not accept a path; that needs 24.0.8 or later`
      : `a path needs Docker Engine 24.0.8 or later, and the engine's version is not known`
    return fail('path-unsupported', `has a path (${path}): ${why}`, {
      path,
      version: version ?? '',
    })
  }

  const withSlash = path === '' ? '/' : path.endsWith('/') ? path : `${path}/`
  return { normalized: `${url.protocol}//${url.host}${withSlash}` }
}

/** An insecure registry as dockerd takes it: `host[:port]` or a CIDR. */
export function checkInsecure(entry: string, position: number): EntryCheck {
  const fail = (code: MirrorIssueCode, what: string, params?: MirrorIssue['params']) => ({
    issue: issue('insecureRegistries', position, entry, code, what, params),
  })

  if (entry.trim() === '') return fail('empty', 'is empty')
  if (entry.length > 255) return fail('too-long', 'is longer than 255 characters')
  if (/[\s\p{Cc}]/u.test(entry)) return fail('whitespace', 'contains a space or control character')

  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(entry)
  if (scheme) {
    const bare = entry.slice(scheme[0].length).replace(/\/+$/, '')
    return fail('insecure-scheme', `takes no scheme; write it as ${bare}`, { suggestion: bare })
  }

  if (entry.includes('/')) {
    const cidr = normalizeCidr(entry)
    if (cidr) return { normalized: cidr }
    if (looksLikeCidr(entry)) {
      return fail('insecure-cidr', 'is not a valid CIDR; the prefix length is out of range')
    }
    return fail('insecure-invalid', 'is not host[:port] or a CIDR such as 10.0.0.0/8')
  }

  const hostPort = splitHostPort(entry)
  if (!hostPort) {
    return fail('insecure-invalid', 'is not host[:port] or a CIDR such as 10.0.0.0/8')
  }
  const { host, port } = hostPort
  if (port !== undefined) {
    const number = Number(port)
    if (!/^\d{1,5}$/.test(port) || number < 1 || number > 65535) {
      return fail('insecure-port', 'has a port outside 1 to 65535', { port })
    }
  }
  if (!isHostName(host) && !isIPv4(host) && !(host.startsWith('[') && isIPv6(host.slice(1, -1)))) {
    return fail('insecure-invalid', 'is not host[:port] or a CIDR such as 10.0.0.0/8')
  }
  return { normalized: entry.toLowerCase() }
}

function splitHostPort(entry: string): { host: string; port?: string } | undefined {
  if (entry.startsWith('[')) {
    const close = entry.indexOf(']')
    if (close < 0) return undefined
    const rest = entry.slice(close + 1)
    if (rest === '') return { host: entry.slice(0, close + 1) }
    if (!rest.startsWith(':')) return undefined
    return { host: entry.slice(0, close + 1), port: rest.slice(1) }
  }
  const parts = entry.split(':')
  if (parts.length === 1) return { host: entry }
  if (parts.length === 2) return { host: parts[0]!, port: parts[1]! }
  return undefined
}

function isHostName(host: string): boolean {
  if (host.length === 0 || host.length > 253) return false
  return host
    .split('.')
    .every((label) => /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(label))
}

function issue(
  list: ListName,
  position: number,
  entry: string,
  code: MirrorIssueCode,
  what: string,
  params?: MirrorIssue['params'],
): MirrorIssue {
  const shown = entry.length > 80 ? `${entry.slice(0, 77)}…` : entry
  const subject =
    code === 'empty'
      ? `${listLabel[list]} ${position}`
      : `${listLabel[list]} ${position} "${shown}"`
  const separator = code === 'empty' ? ' ' : ': '
  return {
    list,
    code,
    position,
    entry,
    ...(params ? { params } : {}),
    message: `${subject}${separator}${what}`,
  }
}

/** Two lists in the daemon's form hold the same entries in the same order. */
export function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((entry, index) => entry === b[index])
}
