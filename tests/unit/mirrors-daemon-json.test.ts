import { describe, expect, it } from 'vitest'

import { planChange } from '../../src-main/mirrors/change-plan'
import { readDaemonDocument, setTopLevelValues } from '../../src-main/mirrors/daemon-json'
import type { RuleContext } from '../../src-main/mirrors/mirror-rules'

const context: RuleContext = { mirrorPaths: false, engineVersion: '20.10.24' }
const file = (text: string) => ({ exists: true, text })

describe('reading daemon.json by dockerd’s rules', () => {
  it.each([
    ['', 'empty-file', 'daemon.json is empty'],
    ['  \n', 'empty-file', 'daemon.json is empty'],
    ['\uFEFF{}', 'byte-order-mark', 'byte-order mark'],
    ['{\n  // mirrors\n  "debug": true\n}', 'comments', 'has a comment at line 2'],
    ['{ /* x */ }', 'comments', 'has a comment at line 1'],
    ['{"debug": true,}', 'json-syntax', 'not valid JSON'],
    ['{"debug": true', 'json-syntax', 'a missing }'],
    ['not json', 'json-syntax', 'not valid JSON'],
    ['[1, 2]', 'not-object', 'holds a list, not an object'],
    ['"text"', 'not-object', 'holds a string'],
    ['null', 'not-object', 'holds null'],
    ['{"debug": true, "debug": false}', 'duplicate-key', 'names "debug" twice'],
    ['{"mirrors": []}', 'unknown-key', 'has the key "mirrors", which dockerd does not know'],
    ['{"registry-mirrors": "https://a"}', 'wrong-type', 'must be a list of strings'],
    ['{"insecure-registries": [1]}', 'wrong-type', 'must be a list of strings'],
  ])('%j is refused as %s', (text, code, message) => {
    const document = readDaemonDocument(text)
    expect(document.issues[0]).toMatchObject({ list: 'file', code })
    expect(document.issues[0]!.message).toContain(message)
  })

  it('finds every unknown key of a file with several', () => {
    const document = readDaemonDocument('{"debug": true, "foo": 1, "bar": 2}')
    expect(document.issues.map((issue) => issue.params?.key)).toEqual(['foo', 'bar'])
  })

  it('reads a sound file and its lists', () => {
    const document = readDaemonDocument(
      '{"registry-mirrors": ["https://a/"], "insecure-registries": ["h:5000"], "debug": true}',
    )
    expect(document.issues).toEqual([])
    expect(document.mirrors).toEqual(['https://a/'])
    expect(document.insecureRegistries).toEqual(['h:5000'])
  })
})

describe('editing the lists, and nothing else', () => {
  const original = [
    '{',
    '    "debug": true,',
    '    "log-opts": {"max-size": "10m",   "max-file": "3"},',
    '    "registry-mirrors": ["https://old.example"],',
    '    "storage-driver": "overlay2"',
    '}',
    '',
  ].join('\n')

  it('replaces only the mirrors value; every other byte stays', () => {
    const plan = planChange(
      file(original),
      { mirrors: ['https://new.example', 'http://127.0.0.1:5000'], insecureRegistries: [] },
      context,
    )
    expect(plan.issues).toEqual([])
    const expected = original.replace(
      '["https://old.example"]',
      '[\n        "https://new.example/",\n        "http://127.0.0.1:5000/"\n    ]',
    )
    expect(plan.document).toBe(expected)
    expect(plan.changedKeys).toEqual(['registry-mirrors'])
    expect(plan.restartKeys).toEqual([])
  })

  it('adds a missing key after the last one, indented like its neighbours', () => {
    const plan = planChange(
      file(original),
      { mirrors: ['https://old.example'], insecureRegistries: ['registry.local:5000'] },
      context,
    )
    expect(plan.document).toBe(
      original.replace(
        '"storage-driver": "overlay2"',
        '"storage-driver": "overlay2",\n    "insecure-registries": [\n' +
          '        "registry.local:5000"\n    ]',
      ),
    )
    // The mirror list is the same once normalized, so its text is not churned.
    expect(plan.document).toContain('["https://old.example"]')
  })

  it('clears mirrors with an empty list, never by removing the key', () => {
    const plan = planChange(file(original), { mirrors: [], insecureRegistries: [] }, context)
    expect(plan.document).toBe(original.replace('["https://old.example"]', '[]'))
  })

  it('keeps a one-line file on one line', () => {
    const plan = planChange(
      file('{"debug":true}'),
      { mirrors: ['https://a.example'], insecureRegistries: [] },
      context,
    )
    expect(plan.document).toBe('{"debug":true,"registry-mirrors":["https://a.example/"]}')
  })

  it('keeps Windows line ends and tabs', () => {
    const text = '{\r\n\t"debug": true\r\n}\r\n'
    const plan = planChange(
      file(text),
      { mirrors: ['https://a.example'], insecureRegistries: [] },
      context,
    )
    expect(plan.document).toBe(
      '{\r\n\t"debug": true,\r\n\t"registry-mirrors": [\r\n' +
        '\t\t"https://a.example/"\r\n\t]\r\n}\r\n',
    )
  })

  it('writes a whole document for a missing or empty file', () => {
    for (const current of [
      { exists: false, text: '' },
      { exists: true, text: '' },
    ]) {
      const plan = planChange(
        current,
        { mirrors: ['https://a.example'], insecureRegistries: [] },
        context,
      )
      expect(plan.document).toBe('{\n  "registry-mirrors": [\n    "https://a.example/"\n  ]\n}\n')
    }
  })

  it('fills an empty object', () => {
    expect(setTopLevelValues('{ }\n', [['registry-mirrors', []]])).toBe(
      '{\n  "registry-mirrors": []\n}\n',
    )
  })

  it('refuses to edit the lists of a file dockerd cannot read, naming the problem', () => {
    const plan = planChange(
      file('{\n  // note\n  "debug": true\n}'),
      { mirrors: ['https://a.example'], insecureRegistries: [] },
      context,
    )
    expect(plan.document).toBeUndefined()
    expect(plan.issues[0]).toMatchObject({ list: 'file', code: 'comments' })
  })

  it('leaves the text alone when nothing changes', () => {
    const plan = planChange(
      file(original),
      { mirrors: ['https://old.example/'], insecureRegistries: [] },
      context,
    )
    expect(plan.document).toBe(original)
    expect(plan.changedKeys).toEqual([])
  })
})

describe('a raw document', () => {
  it('is taken byte for byte when sound', () => {
    const raw = '{ "registry-mirrors" : [ "https://a.example" ] , "debug":false }'
    const plan = planChange(file('{}'), { raw }, context)
    expect(plan.document).toBe(raw)
    expect(plan.changedKeys).toEqual(['debug', 'registry-mirrors'])
    expect(plan.expected).toEqual({ mirrors: ['https://a.example/'] })
  })

  it('is refused when not JSON, naming where', () => {
    const plan = planChange(file('{}'), { raw: '{"debug": true,\n "x": }' }, context)
    expect(plan.document).toBeUndefined()
    expect(plan.issues[0]!.message).toMatch(/not valid JSON: .* at line 2, column \d+/)
  })

  it('is refused when empty, so an empty file is never written', () => {
    const plan = planChange(file('{}'), { raw: '' }, context)
    expect(plan.issues[0]).toMatchObject({ code: 'empty-file' })
  })

  it('has its lists checked by the same rules', () => {
    const plan = planChange(file('{}'), { raw: '{"registry-mirrors": ["ftp://x"]}' }, context)
    expect(plan.issues[0]!.message).toBe(
      'Mirror 1 "ftp://x": only http:// and https:// mirrors are allowed',
    )
  })

  it('names the keys that take a restart', () => {
    const plan = planChange(
      file('{"debug": false}'),
      { raw: '{"debug": true, "data-root": "/srv/docker"}' },
      context,
    )
    expect(plan.changedKeys).toEqual(['data-root', 'debug'])
    expect(plan.restartKeys).toEqual(['data-root'])
  })
})
