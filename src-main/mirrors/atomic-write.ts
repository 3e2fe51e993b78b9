import { randomBytes } from 'node:crypto'
import { open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'

/**
 * The points of a write where a crash is most telling. A test's fault hook
 * may stop the writer at any of them; the file must then be either the old
 * document or the new one.
 */
export const writeSteps = [
  'backup-written',
  'temp-opened',
  'temp-half-written',
  'temp-written',
  'temp-synced',
  'renamed',
  'folder-synced',
] as const

export type WriteStep = (typeof writeSteps)[number]

export interface AtomicWriteOptions {
  /** Keep the replaced file as a timestamped backup beside it; true unless given. */
  backup?: boolean
  /** How many backups to keep; older ones are removed. 20 unless given. */
  keepBackups?: number
  /** Called after each step; a test hook that may kill the process. */
  fault?: (step: WriteStep) => void
  now?: () => Date
}

export interface AtomicWriteResult {
  /** The backup of the replaced file, when there was one. */
  backup?: string
}

const backupInfix = '.berth-backup-'
const tempInfix = '.berth-tmp-'

/**
 * Replaces a file so that a reader, or a crash at any moment, sees either the
 * whole old text or the whole new one: the new text goes to a temporary file
 * in the same folder, is flushed to disk, and is renamed over the old file;
 * then the folder itself is flushed so the rename survives a power cut.
 * Owner and mode of the old file are kept. An empty text is never written.
 */
export async function writeFileAtomic(
  path: string,
  text: string,
  options: AtomicWriteOptions = {},
): Promise<AtomicWriteResult> {
  if (text.trim() === '') throw new Error(`Refusing to write an empty ${basename(path)}`)
  const fault = options.fault ?? (() => {})
  const folder = dirname(path)
  const name = basename(path)

  await removeStaleTemps(folder, name)

  const old = await readExisting(path)
  const result: AtomicWriteResult = {}
  if (old && old.bytes.length > 0 && options.backup !== false) {
    const backup = join(folder, `${name}${backupInfix}${stampOf((options.now ?? nowDate)())}`)
    await replace(backup, old.bytes, old.mode, old.owner, () => {})
    result.backup = backup
    fault('backup-written')
  }

  await replace(path, Buffer.from(text, 'utf8'), old?.mode ?? 0o644, old?.owner, fault)
  await syncFolder(folder)
  fault('folder-synced')

  await pruneBackups(path, options.keepBackups ?? 20)
  return result
}

async function replace(
  path: string,
  bytes: Buffer,
  mode: number,
  owner: { uid: number; gid: number } | undefined,
  fault: (step: WriteStep) => void,
): Promise<void> {
  const temp = join(
    dirname(path),
    `.${basename(path)}${tempInfix}${process.pid}-${randomBytes(4).toString('hex')}`,
  )
  const handle = await open(temp, 'wx', mode)
  let renamed = false
  try {
    fault('temp-opened')
    const half = Math.floor(bytes.length / 2)
    await handle.write(bytes, 0, half, 0)
    fault('temp-half-written')
    await handle.write(bytes, half, bytes.length - half, half)
    fault('temp-written')
    // The mode argument of open is filtered by the umask; the old file's mode is wanted.
    await handle.chmod(mode)
    if (owner && process.getuid?.() === 0) await handle.chown(owner.uid, owner.gid)
    await handle.sync()
    fault('temp-synced')
    await handle.close()
    await rename(temp, path)
    renamed = true
    fault('renamed')
  } finally {
    if (!renamed) {
      await handle.close().catch(() => {})
      await unlink(temp).catch(() => {})
    }
  }
}

async function readExisting(
  path: string,
): Promise<{ bytes: Buffer; mode: number; owner: { uid: number; gid: number } } | undefined> {
  try {
    const [bytes, info] = await Promise.all([readFile(path), stat(path)])
    return { bytes, mode: info.mode & 0o7777, owner: { uid: info.uid, gid: info.gid } }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** Temporary files of writers that died before their rename; a live writer's are left alone. */
async function removeStaleTemps(folder: string, name: string): Promise<void> {
  // The temporaries of the file itself and of its backups.
  for (const entry of await readdir(folder).catch(() => [] as string[])) {
    const mark = entry.lastIndexOf(tempInfix)
    if (!entry.startsWith(`.${name}`) || mark < 0) continue
    const pid = Number(entry.slice(mark + tempInfix.length).split('-')[0])
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) continue
    await unlink(join(folder, entry)).catch(() => {})
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

export interface Backup {
  path: string
  id: string
  replacedAt: number
}

/** The backups of a file, newest first. */
export async function listBackups(path: string): Promise<Backup[]> {
  const folder = dirname(path)
  const prefix = `${basename(path)}${backupInfix}`
  const entries = await readdir(folder).catch(() => [] as string[])
  return entries
    .filter((entry) => entry.startsWith(prefix))
    .flatMap((entry) => {
      const replacedAt = timeOfStamp(entry.slice(prefix.length))
      return replacedAt === undefined ? [] : [{ path: join(folder, entry), id: entry, replacedAt }]
    })
    .sort((a, b) => b.replacedAt - a.replacedAt || b.id.localeCompare(a.id))
}

async function pruneBackups(path: string, keep: number): Promise<void> {
  const backups = await listBackups(path)
  for (const old of backups.slice(Math.max(keep, 0))) await unlink(old.path).catch(() => {})
}

function nowDate(): Date {
  return new Date()
}

/** 2026-12-03T18:52:15.614Z becomes 20261203T185215.614Z-3f2a: sortable, no colons. */
function stampOf(date: Date): string {
  const iso = date.toISOString().replace(/[-:]/g, '')
  return `${iso}-${randomBytes(2).toString('hex')}`
}

function timeOfStamp(stamp: string): number | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})\.(\d{3})Z-[0-9a-f]{4}$/.exec(stamp)
  if (!match) return undefined
  const [, y, mo, d, h, mi, s, ms] = match
  return Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!, +ms!)
}
