#!/usr/bin/env node
// Berth's privileged helper for the Docker engine's daemon.json.
//
// Run through pkexec when the user cannot write the file. It reads the new
// document on stdin, checks it again by dockerd's rules, and replaces the
// file atomically with a timestamped backup of the old one. It does nothing
// else: no other file, no reload, no shell. It depends on Node.js alone, so
// it runs without Berth's own modules.
//
// Usage: daemon-json-helper.mjs [--check] [--mirror-paths] [--target PATH]
// --target is honoured only when not run through pkexec; under pkexec the
// file is always /etc/docker/daemon.json.
//
// Prints one line of JSON: {"ok":true,"backup":…} or {"ok":false,"code":…,"message":…}.

import { randomBytes } from 'node:crypto'
import { open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises'
import { isIP } from 'node:net'
import { basename, dirname, isAbsolute, join } from 'node:path'

const defaultTarget = '/etc/docker/daemon.json'
const maxBytes = 1024 * 1024
const maxEntries = 100
const keepBackups = 20

class Refusal extends Error {
  constructor(code, message) {
    super(message)
    this.code = code
  }
}

function parseArgs(argv) {
  const options = { check: false, mirrorPaths: false, target: defaultTarget }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--check') options.check = true
    else if (arg === '--mirror-paths') options.mirrorPaths = true
    else if (arg === '--target' && i + 1 < argv.length) {
      if (process.env.PKEXEC_UID !== undefined) {
        throw new Refusal('usage', '--target is not accepted through pkexec')
      }
      options.target = argv[++i]
    } else throw new Refusal('usage', `unknown argument ${JSON.stringify(arg)}`)
  }
  if (!isAbsolute(options.target) || !options.target.endsWith('.json')) {
    throw new Refusal('usage', 'the target must be an absolute path to a .json file')
  }
  return options
}

/** The document's checks, by dockerd's rules; throws a Refusal naming the first problem. */
function checkDocument(text, { mirrorPaths = false } = {}) {
  if (Buffer.byteLength(text) > maxBytes)
    throw new Refusal('too-large', 'the document is too large')
  if (text.trim() === '') throw new Refusal('empty-file', 'the document is empty')
  if (text.startsWith('\uFEFF')) {
    throw new Refusal('byte-order-mark', 'the document starts with a byte-order mark')
  }
  let value
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new Refusal('json-syntax', `the document is not valid JSON: ${error.message}`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Refusal('not-object', 'the document is not a JSON object')
  }
  checkList(value, 'registry-mirrors', 'Mirror', (entry) => checkMirror(entry, mirrorPaths))
  checkList(value, 'insecure-registries', 'Insecure registry', checkInsecure)
}

function checkList(value, key, label, check) {
  if (!(key in value)) return
  const list = value[key]
  if (!Array.isArray(list) || !list.every((entry) => typeof entry === 'string')) {
    throw new Refusal('wrong-type', `"${key}" must be a list of strings`)
  }
  if (list.length > maxEntries) {
    throw new Refusal('too-many', `"${key}" has ${list.length} entries; at most ${maxEntries}`)
  }
  const seen = new Set()
  list.forEach((entry, index) => {
    const problem = check(entry)
    if (problem) throw new Refusal(problem[0], `${label} ${index + 1} "${entry}": ${problem[1]}`)
    const key = entry.toLowerCase().replace(/\/+$/, '')
    if (seen.has(key)) throw new Refusal('duplicate', `${label} ${index + 1} "${entry}": repeated`)
    seen.add(key)
  })
}

function checkMirror(entry, mirrorPaths) {
  if (entry.trim() === '') return ['empty', 'is empty']
  if (/[\s\p{Cc}]/u.test(entry)) return ['whitespace', 'contains a space or control character']
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(entry)
  if (!scheme) return ['no-scheme', 'has no http:// or https://']
  if (!['http', 'https'].includes(scheme[1].toLowerCase())) {
    return ['scheme', 'only http:// and https:// mirrors are allowed']
  }
  let url
  try {
    url = new URL(entry)
  } catch {
    return ['invalid-url', 'is not a valid URL']
  }
  if (url.hostname === '') return ['no-host', 'has no host name']
  if (url.username || url.password || entry.slice(scheme[0].length).includes('@')) {
    return ['credentials', 'must not contain a user name or password']
  }
  if (entry.includes('?')) return ['query', 'must not have a query']
  if (entry.includes('#')) return ['fragment', 'must not have a fragment']
  if (url.pathname !== '/' && url.pathname !== '' && !mirrorPaths) {
    return ['path-unsupported', 'has a path, which this engine does not accept']
  }
  return undefined
}

function checkInsecure(entry) {
  if (entry.trim() === '') return ['empty', 'is empty']
  if (/[\s\p{Cc}]/u.test(entry)) return ['whitespace', 'contains a space or control character']
  if (entry.includes('://')) return ['insecure-scheme', 'takes no scheme']
  const slash = entry.indexOf('/')
  if (slash >= 0) {
    const family = isIP(entry.slice(0, slash))
    const prefix = entry.slice(slash + 1)
    const max = family === 4 ? 32 : 128
    if (family && /^\d{1,3}$/.test(prefix) && Number(prefix) <= max) return undefined
    return ['insecure-cidr', 'is not a valid CIDR']
  }
  const match = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?$/.exec(entry)
  if (!match) return ['insecure-invalid', 'is not host[:port] or a CIDR']
  if (match[2] !== undefined && (Number(match[2]) < 1 || Number(match[2]) > 65535)) {
    return ['insecure-port', 'has a port outside 1 to 65535']
  }
  return undefined
}

// Test hooks for the crash-safety test; pkexec clears the environment, so they are inert there.
function fault(step) {
  if (process.env.BERTH_WRITE_FAULT === step) process.kill(process.pid, 'SIGKILL')
}

function trace(what) {
  if (process.env.BERTH_WRITE_TRACE === '1') process.stderr.write(`${what}\n`)
}

async function replace(path, bytes, mode, owner, onStep) {
  const temp = join(
    dirname(path),
    `.${basename(path)}.berth-tmp-${process.pid}-${randomBytes(4).toString('hex')}`,
  )
  const handle = await open(temp, 'wx', mode)
  let renamed = false
  try {
    onStep('temp-opened')
    const half = Math.floor(bytes.length / 2)
    await handle.write(bytes, 0, half, 0)
    onStep('temp-half-written')
    await handle.write(bytes, half, bytes.length - half, half)
    onStep('temp-written')
    await handle.chmod(mode)
    if (owner && process.getuid() === 0) await handle.chown(owner.uid, owner.gid)
    await handle.sync()
    onStep('temp-synced')
    await handle.close()
    await rename(temp, path)
    renamed = true
    onStep('renamed')
  } finally {
    if (!renamed) {
      await handle.close().catch(() => {})
      await unlink(temp).catch(() => {})
    }
  }
}

/** Temporaries, of the file or its backups, of writers that died; a live writer's stay. */
async function removeStaleTemps(folder, name) {
  for (const entry of await readdir(folder).catch(() => [])) {
    const mark = entry.lastIndexOf('.berth-tmp-')
    if (!entry.startsWith(`.${name}`) || mark < 0) continue
    const pid = Number(entry.slice(mark + '.berth-tmp-'.length).split('-')[0])
    if (pid > 0 && pid !== process.pid && isAlive(pid)) continue
    await unlink(join(folder, entry)).catch(() => {})
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return error.code === 'EPERM'
  }
}

async function writeAtomic(path, text) {
  const folder = dirname(path)
  const name = basename(path)
  await removeStaleTemps(folder, name)
  trace('ready')
  let old
  try {
    const [bytes, info] = await Promise.all([readFile(path), stat(path)])
    old = { bytes, mode: info.mode & 0o7777, owner: { uid: info.uid, gid: info.gid } }
  } catch (error) {
    if (error.code !== 'ENOENT') throw error
  }

  let backup
  if (old && old.bytes.length > 0) {
    const stamp = new Date().toISOString().replace(/[-:]/g, '')
    backup = join(folder, `${name}.berth-backup-${stamp}-${randomBytes(2).toString('hex')}`)
    await replace(backup, old.bytes, old.mode, old.owner, () => {})
    fault('backup-written')
  }

  await replace(path, Buffer.from(text, 'utf8'), old?.mode ?? 0o644, old?.owner, fault)
  const handle = await open(folder, 'r')
  await handle.sync().finally(() => handle.close())
  fault('folder-synced')

  const prefix = `${name}.berth-backup-`
  const backups = (await readdir(folder)).filter((entry) => entry.startsWith(prefix)).sort()
  for (const stale of backups.slice(0, Math.max(backups.length - keepBackups, 0))) {
    await unlink(join(folder, stale)).catch(() => {})
  }
  return backup
}

async function readStdin() {
  const chunks = []
  let size = 0
  for await (const chunk of process.stdin) {
    size += chunk.length
    if (size > maxBytes) throw new Refusal('too-large', 'the document is too large')
    chunks.push(chunk)
  }
  const bytes = Buffer.concat(chunks)
  const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes)
  return text
}

async function main() {
  try {
    const options = parseArgs(process.argv.slice(2))
    const text = await readStdin().catch((error) => {
      throw error instanceof Refusal ? error : new Refusal('encoding', 'stdin is not UTF-8 text')
    })
    checkDocument(text, { mirrorPaths: options.mirrorPaths })
    if (options.check) {
      process.stdout.write(JSON.stringify({ ok: true }) + '\n')
      return
    }
    const backup = await writeAtomic(options.target, text)
    process.stdout.write(JSON.stringify({ ok: true, ...(backup ? { backup } : {}) }) + '\n')
  } catch (error) {
    const refused = error instanceof Refusal
    const code = refused ? error.code : (error.code ?? 'internal')
    process.stdout.write(JSON.stringify({ ok: false, code, message: error.message }) + '\n')
    process.exitCode = refused ? 2 : 1
  }
}

await main()
