/** The two lists of the engine's daemon.json that the mirror editor owns. */
export interface RegistryLists {
  /** `registry-mirrors`: tried in order before Docker Hub. */
  mirrors: string[]
  /** `insecure-registries`: `host[:port]` or CIDR entries reached without TLS checks. */
  insecureRegistries: string[]
}

/** Why one entry, or the file as a whole, cannot be written. */
export const mirrorIssueCodes = [
  'empty',
  'whitespace',
  'too-long',
  'no-scheme',
  'scheme',
  'invalid-url',
  'no-host',
  'credentials',
  'query',
  'fragment',
  'path-unsupported',
  'duplicate',
  'too-many',
  'insecure-scheme',
  'insecure-invalid',
  'insecure-port',
  'insecure-cidr',
  'json-syntax',
  'comments',
  'byte-order-mark',
  'not-object',
  'empty-file',
  'unknown-key',
  'duplicate-key',
  'wrong-type',
  'too-large',
  'engine-rejected',
] as const

export type MirrorIssueCode = (typeof mirrorIssueCodes)[number]

/**
 * A broken rule, named precisely enough for the user to find it: the list,
 * the entry's position (from 1, as the user counts) and its text. `message`
 * is the English sentence; the renderer words it from `code` and `params`.
 */
export interface MirrorIssue {
  list: 'mirrors' | 'insecureRegistries' | 'file'
  code: MirrorIssueCode
  /** Position in the list, counted from 1. */
  position?: number
  entry?: string
  params?: Record<string, string | number>
  message: string
}

/** Whether the engine can check a candidate file itself (`dockerd --validate`). */
export type ValidateSupport =
  | { available: true }
  | { available: false; reason: 'old-engine'; version: string }
  | { available: false; reason: 'remote-engine' | 'no-dockerd' | 'unknown-version' }

/** How Berth asks the engine to read its file again. */
export type ReloadMethod =
  | { kind: 'systemd'; unit: string; user: boolean }
  | { kind: 'signal'; pid: number; pidFile: string }
  | { kind: 'none'; pidFile: string }

/** How Berth writes the file: itself, or through the privileged helper. */
export type WriteAccess = 'direct' | 'helper' | 'none'

export interface MirrorSuggestion {
  url: string
  /** Who runs it, shown beside the address. */
  operator: string
  /** An i18n key for a short note on where it helps. */
  note: 'global' | 'china'
}

export interface DaemonFileState {
  path: string
  exists: boolean
  /** The file's text as it is on disk, for the read-only view. */
  text: string
  /** SHA-256 of `text`; an apply names it so a file changed meanwhile is not overwritten. */
  hash: string
  /** What stops the file from being used as it is; empty when it is sound. */
  issues: MirrorIssue[]
}

/** Everything the engine settings page shows. */
export interface MirrorSettings {
  file: DaemonFileState
  /** What the file says; undefined when the file cannot be read as a daemon.json. */
  pending: RegistryLists | undefined
  /** What the running daemon reports in `GET /info`; undefined when it cannot be asked. */
  applied: RegistryLists | undefined
  /** True when pending and applied agree. */
  inSync: boolean
  engine: {
    connected: boolean
    version?: string
    rootless: boolean
    /** Mirrors may have a path (Docker Engine 24.0.8 and later). */
    mirrorPaths: boolean
  }
  validate: ValidateSupport
  reload: ReloadMethod
  access: WriteAccess
  /** Why the page is read-only, when it is: a remote engine, Podman, no helper. */
  readOnlyReason?: string
  suggestions: MirrorSuggestion[]
}

/** A change: the two lists edited, or the whole document as raw JSON. */
export type DaemonJsonChange = RegistryLists | { raw: string }

export interface MirrorCheck {
  /** Every broken rule; the change can be applied when this is empty. */
  issues: MirrorIssue[]
  /** The whole document as the engine would read it; absent when it cannot be built. */
  document?: string
  /** Top-level keys whose value the change alters. */
  changedKeys: string[]
  /** Keys among those that the daemon reads only when it starts. */
  restartKeys: string[]
}

export type ApplyStep =
  'checking' | 'validating' | 'writing' | 'reloading' | 'verifying' | 'rolling-back' | 'done'

export interface MirrorActivity {
  step: ApplyStep
  /** Epoch milliseconds. */
  at: number
}

export interface ApplyResult {
  /** `rolled-back`: the engine refused the new file and the old one is back in force. */
  outcome: 'applied' | 'unchanged' | 'rolled-back'
  /** The engine's reason for a roll-back. */
  reason?: string
  /** The backup of the previous file, when one was made. */
  backup?: string
  settings: MirrorSettings
}

export interface ProbeResult {
  mirror: string
  status: 'reachable' | 'needs-auth' | 'error'
  /** Time to the answer's headers. */
  latencyMs?: number
  httpStatus?: number
  reason?: string
}

/** One earlier version of the file, kept as a backup when it was replaced. */
export interface HistoryEntry {
  id: string
  /** When this version was replaced, in epoch milliseconds. */
  replacedAt: number
  size: number
  /** Undefined when the backup is not a readable daemon.json. */
  lists?: RegistryLists
}

export interface MirrorRequests {
  'mirrors.get': { args: Record<string, never>; result: MirrorSettings }
  'mirrors.check': { args: { change: DaemonJsonChange }; result: MirrorCheck }
  'mirrors.apply': {
    args: { change: DaemonJsonChange; fileHash: string; restart?: boolean }
    result: ApplyResult
  }
  'mirrors.probe': { args: { mirrors: string[]; timeoutMs?: number }; result: ProbeResult[] }
  'mirrors.history': { args: Record<string, never>; result: HistoryEntry[] }
  'mirrors.restore': { args: { id: string; restart?: boolean }; result: ApplyResult }
}

export interface MirrorStreams {
  /** The steps of any apply or restore, as they happen. */
  'mirrors.activity': { args: Record<string, never>; event: MirrorActivity }
}

export const mirrorRequestNames = {
  'mirrors.get': true,
  'mirrors.check': true,
  'mirrors.apply': true,
  'mirrors.probe': true,
  'mirrors.history': true,
  'mirrors.restore': true,
} as const satisfies Record<keyof MirrorRequests, true>

export const mirrorStreamNames = {
  'mirrors.activity': true,
} as const satisfies Record<keyof MirrorStreams, true>

/** Limits the editor and main both enforce. */
export const mirrorLimits = {
  entries: 100,
  entryLength: 2048,
  documentBytes: 1024 * 1024,
} as const
