import { parseTree, printParseErrorCode, visit, type Node } from 'jsonc-parser'

import { mirrorLimits, type MirrorIssue, type MirrorIssueCode } from '../../src-preload/contract'
import { insecureKey, knownDaemonKeys, mirrorsKey } from './daemon-keys'

/** A daemon.json as read: its text, its value when it is sound, and what is wrong with it. */
export interface DaemonDocument {
  text: string
  /** The parsed object; undefined when the text is not a JSON object. */
  value: Record<string, unknown> | undefined
  /** What stops dockerd from reading the file; empty when it is sound. */
  issues: MirrorIssue[]
  /** The two lists as written, when present and lists of anything. */
  mirrors: unknown[] | undefined
  insecureRegistries: unknown[] | undefined
}

const byteOrderMark = '\uFEFF'

/**
 * Reads a daemon.json by dockerd's rules: plain JSON (no comments, no
 * trailing commas, no byte-order mark), an object, only keys dockerd knows,
 * each at most once. An empty text is reported too: dockerd stops on it.
 */
export function readDaemonDocument(text: string): DaemonDocument {
  const result: DaemonDocument = {
    text,
    value: undefined,
    issues: [],
    mirrors: undefined,
    insecureRegistries: undefined,
  }
  const fail = (code: MirrorIssueCode, message: string, params?: MirrorIssue['params']) => {
    result.issues.push({ list: 'file', code, message, ...(params ? { params } : {}) })
    return result
  }

  if (Buffer.byteLength(text) > mirrorLimits.documentBytes) {
    return fail('too-large', `daemon.json is larger than ${mirrorLimits.documentBytes} bytes`)
  }
  if (text.trim() === '') {
    return fail('empty-file', 'daemon.json is empty, and dockerd does not start with an empty file')
  }
  if (text.startsWith(byteOrderMark)) {
    return fail(
      'byte-order-mark',
      'daemon.json starts with a byte-order mark; dockerd cannot read it',
    )
  }

  const syntax = syntaxProblem(text)
  if (syntax) return fail(syntax.code, syntax.message, syntax.params)

  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    // jsonc-parser is more lenient than JSON itself in a few corners; JSON.parse is not.
    return fail('json-syntax', `daemon.json is not valid JSON: ${(error as Error).message}`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = value === null ? 'null' : Array.isArray(value) ? 'a list' : `a ${typeof value}`
    return fail('not-object', `daemon.json holds ${kind}, not an object of settings`, { kind })
  }
  result.value = value as Record<string, unknown>

  const seen = new Set<string>()
  for (const key of topLevelKeys(text)) {
    if (seen.has(key)) {
      fail('duplicate-key', `daemon.json names "${key}" twice; keep one of them`, { key })
    }
    seen.add(key)
  }
  for (const key of Object.keys(result.value)) {
    if (!knownDaemonKeys.has(key)) {
      fail(
        'unknown-key',
        `daemon.json has the key "${key}", which dockerd does not know and refuses to start with`,
        { key },
      )
    }
  }

  for (const [key, field] of [
    [mirrorsKey, 'mirrors'],
    [insecureKey, 'insecureRegistries'],
  ] as const) {
    if (!(key in result.value)) continue
    const list = result.value[key]
    if (Array.isArray(list) && list.every((entry) => typeof entry === 'string')) {
      result[field] = list
    } else {
      fail('wrong-type', `"${key}" in daemon.json must be a list of strings`, { key })
    }
  }
  return result
}

interface SyntaxProblem {
  code: MirrorIssueCode
  message: string
  params: Record<string, string | number>
}

function syntaxProblem(text: string): SyntaxProblem | undefined {
  let comment: { line: number; column: number } | undefined
  let error: { code: number; line: number; column: number } | undefined
  visit(
    text,
    {
      onComment: (_offset, _length, line, column) => {
        comment ??= { line: line + 1, column: column + 1 }
      },
      onError: (code, _offset, _length, line, column) => {
        error ??= { code, line: line + 1, column: column + 1 }
      },
    },
    { disallowComments: false, allowTrailingComma: false },
  )
  if (comment) {
    return {
      code: 'comments',
      message: `daemon.json has a comment at line ${comment.line}; dockerd reads plain JSON only`,
      params: { ...comment },
    }
  }
  if (error) {
    const { line, column } = error
    const what = describeParseError(error.code)
    return {
      code: 'json-syntax',
      message: `daemon.json is not valid JSON: ${what} at line ${line}, column ${column}`,
      params: { what, line, column },
    }
  }
  return undefined
}

function describeParseError(code: number): string {
  const name = printParseErrorCode(code)
  const words: Record<string, string> = {
    PropertyNameExpected: 'a key (or a trailing comma)',
    ValueExpected: 'a value (or a trailing comma)',
    CommaExpected: 'a missing comma',
    ColonExpected: 'a missing colon',
    CloseBraceExpected: 'a missing }',
    CloseBracketExpected: 'a missing ]',
    EndOfFileExpected: 'text after the end',
    InvalidSymbol: 'an unexpected character',
    UnexpectedEndOfString: 'an unfinished string',
    UnexpectedEndOfNumber: 'an unfinished number',
  }
  return words[name] ?? name
}

function topLevelKeys(text: string): string[] {
  const root = parseTree(text)
  if (root?.type !== 'object') return []
  return (root.children ?? []).flatMap((property) => {
    const name = property.children?.[0]
    return typeof name?.value === 'string' ? [name.value] : []
  })
}

/**
 * Sets top-level keys to new values by changing only their own text: every
 * other byte of the document stays as it was. A key that is not there yet
 * is added after the last one, indented like its neighbours. The document
 * must be a sound object (see `readDaemonDocument`), or empty.
 */
export function setTopLevelValues(text: string, values: ReadonlyArray<[string, string[]]>): string {
  if (text.trim() === '') {
    const fresh = Object.fromEntries(values)
    return JSON.stringify(fresh, null, 2) + '\n'
  }

  let result = text
  for (const [key, value] of values) result = setOne(result, key, value)
  return result
}

function setOne(text: string, key: string, value: string[]): string {
  const root = parseTree(text)
  if (root?.type !== 'object') throw new Error('daemon.json is not an object')
  const style = layoutOf(text, root)
  const properties = root.children ?? []
  const existing = properties.find((property) => property.children?.[0]?.value === key)

  if (existing) {
    const valueNode = existing.children![1]!
    const replacement = formatList(value, style, 1)
    return splice(text, valueNode.offset, valueNode.length, replacement)
  }

  const entry = `${JSON.stringify(key)}:${style.multiline ? ' ' : ''}${formatList(value, style, 1)}`
  const last = properties.at(-1)
  if (!last) {
    // An object with no keys: its braces and whatever is between them make way for one key.
    const body = `{${style.eol}${style.indent}${entry}${style.eol}}`
    return splice(text, root.offset, root.length, body)
  }
  const end = last.offset + last.length
  const insertion = style.multiline ? `,${style.eol}${style.indent}${entry}` : `,${entry}`
  return splice(text, end, 0, insertion)
}

interface Layout {
  multiline: boolean
  /** One level of indentation, as the file writes it. */
  indent: string
  eol: string
}

function layoutOf(text: string, root: Node): Layout {
  const eol = text.includes('\r\n') ? '\r\n' : '\n'
  const first = root.children?.[0]
  if (!first) return { multiline: true, indent: '  ', eol }
  const lineStart = text.lastIndexOf('\n', first.offset) + 1
  const lead = text.slice(lineStart, first.offset)
  const multiline = lineStart > root.offset && /^[ \t]*$/.test(lead)
  return { multiline, indent: multiline && lead !== '' ? lead : '  ', eol }
}

function formatList(value: string[], style: Layout, depth: number): string {
  if (value.length === 0) return '[]'
  const items = value.map((item) => JSON.stringify(item))
  if (!style.multiline) return `[${items.join(',')}]`
  const inner = style.indent.repeat(depth + 1)
  const outer = style.indent.repeat(depth)
  const rows = items.map((item) => inner + item).join(`,${style.eol}`)
  return `[${style.eol}${rows}${style.eol}${outer}]`
}

function splice(text: string, offset: number, length: number, insertion: string): string {
  return text.slice(0, offset) + insertion + text.slice(offset + length)
}
