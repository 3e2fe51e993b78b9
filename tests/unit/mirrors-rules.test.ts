import { describe, expect, it } from 'vitest'

import { normalizeCidr } from '../../src-main/mirrors/cidr'
import { versionAtLeast, mirrorPathVersion } from '../../src-main/mirrors/engine-version'
import { checkLists, type RuleContext } from '../../src-main/mirrors/mirror-rules'

const old: RuleContext = { mirrorPaths: false, engineVersion: '20.10.24+dfsg1' }
const recent: RuleContext = { mirrorPaths: true, engineVersion: '24.0.8' }

const mirrorsOf = (mirrors: string[], context = old) =>
  checkLists({ mirrors, insecureRegistries: [] }, context)
const insecureOf = (insecureRegistries: string[]) =>
  checkLists({ mirrors: [], insecureRegistries }, old)

describe('mirror rules', () => {
  it.each([
    ['', 'empty', 'Mirror 1 is empty'],
    ['   ', 'empty', 'Mirror 1 is empty'],
    ['ftp://x', 'scheme', 'Mirror 1 "ftp://x": only http:// and https:// mirrors are allowed'],
    [
      'mirror.com',
      'no-scheme',
      'Mirror 1 "mirror.com": has no scheme; write it as https://mirror.com',
    ],
    ['http://u:p@h', 'credentials', 'Mirror 1 "http://u:p@h": must not contain a user name'],
    ['http://u@h', 'credentials', 'must not contain a user name or password'],
    ['http://h/?q', 'query', 'Mirror 1 "http://h/?q": must not have a query'],
    ['http://h/?', 'query', 'must not have a query'],
    ['https://h/#top', 'fragment', 'Mirror 1 "https://h/#top": must not have a fragment'],
    ['https://mirror example.com', 'whitespace', 'contains a space'],
    ['https://', 'invalid-url', 'is not a valid URL'],
    ['https://h:99999', 'invalid-url', 'is not a valid URL'],
    ['x'.repeat(3000), 'too-long', 'is longer than 2048 characters'],
  ])('refuses %j with a message naming it', (entry, code, message) => {
    const { issues } = mirrorsOf([entry])
    expect(issues).toHaveLength(1)
    expect(issues[0]).toMatchObject({ list: 'mirrors', code, position: 1, entry })
    expect(issues[0]!.message).toContain(message)
  })

  it('counts positions from 1 and names the entry at fault among good ones', () => {
    const { issues } = mirrorsOf(['https://a.example', 'ftp://x'])
    expect(issues.map((issue) => issue.message)).toEqual([
      'Mirror 2 "ftp://x": only http:// and https:// mirrors are allowed',
    ])
  })

  it('normalizes: lower-case host, no default port, a trailing slash', () => {
    const { normalized, issues } = mirrorsOf([
      'https://Mirror.Example.COM',
      'http://127.0.0.1:5000',
      'https://other.example:443/',
      'HTTP://[::1]:8080',
    ])
    expect(issues).toEqual([])
    expect(normalized.mirrors).toEqual([
      'https://mirror.example.com/',
      'http://127.0.0.1:5000/',
      'https://other.example/',
      'http://[::1]:8080/',
    ])
  })

  it('refuses duplicates once normalized, naming both positions', () => {
    const { issues } = mirrorsOf(['https://a.example', 'https://A.example/', 'https://b.example'])
    expect(issues).toHaveLength(1)
    expect(issues[0]).toMatchObject({ code: 'duplicate', position: 2, params: { first: 1 } })
    expect(issues[0]!.message).toBe(
      'Mirror 2 "https://A.example/": repeats mirror 1 (https://a.example/)',
    )
  })

  it('refuses 10,000 entries in one message instead of 10,000', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => `https://m${i}.example`)
    const { issues } = mirrorsOf(many)
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'too-many',
        message: '10000 mirrors: at most 100 are allowed',
      }),
    ])
  })

  it('refuses a path on an engine older than 24.0.8, saying why', () => {
    const { issues } = mirrorsOf(['https://proxy.example/docker-hub'], old)
    expect(issues[0]).toMatchObject({ code: 'path-unsupported', params: { path: '/docker-hub' } })
    expect(issues[0]!.message).toBe(
      'Mirror 1 "https://proxy.example/docker-hub": has a path (/docker-hub): ' +
        'Docker Engine 20.10.24+dfsg1 does not accept a path; that needs 24.0.8 or later',
    )
  })

  it('says the version is unknown when no engine is connected', () => {
    const { issues } = mirrorsOf(['https://proxy.example/p'], { mirrorPaths: false })
    expect(issues[0]!.message).toContain("the engine's version is not known")
  })

  it('accepts a path from 24.0.8 on, with a trailing slash added', () => {
    const { normalized, issues } = mirrorsOf(['https://proxy.example/docker-hub'], recent)
    expect(issues).toEqual([])
    expect(normalized.mirrors).toEqual(['https://proxy.example/docker-hub/'])
  })

  it('knows which versions take a path', () => {
    expect(versionAtLeast('24.0.7', mirrorPathVersion)).toBe(false)
    expect(versionAtLeast('24.0.8', mirrorPathVersion)).toBe(true)
    expect(versionAtLeast('25.0.0', mirrorPathVersion)).toBe(true)
    expect(versionAtLeast('20.10.24+dfsg1', mirrorPathVersion)).toBe(false)
    expect(versionAtLeast('not a version', mirrorPathVersion)).toBe(false)
  })
})

describe('insecure registry rules', () => {
  it.each([
    ['registry.local'],
    ['registry.local:5000'],
    ['10.1.2.3:5000'],
    ['[fd00::1]:5000'],
    ['10.0.0.0/8'],
    ['fd00::/8'],
  ])('accepts %j', (entry) => {
    expect(insecureOf([entry]).issues).toEqual([])
  })

  it.each([
    ['', 'empty'],
    ['http://registry.local:5000', 'insecure-scheme'],
    ['registry.local:0', 'insecure-port'],
    ['registry.local:70000', 'insecure-port'],
    ['registry.local:http', 'insecure-port'],
    ['10.0.0.0/33', 'insecure-cidr'],
    ['fd00::/129', 'insecure-cidr'],
    ['under_score.local', 'insecure-invalid'],
    ['a:b:c', 'insecure-invalid'],
    ['host/path', 'insecure-invalid'],
  ])('refuses %j', (entry, code) => {
    const { issues } = insecureOf([entry])
    expect(issues).toHaveLength(1)
    expect(issues[0]).toMatchObject({ list: 'insecureRegistries', code, position: 1 })
    expect(issues[0]!.message).toMatch(/^Insecure registry 1/)
  })

  it('suggests the entry without its scheme', () => {
    const { issues } = insecureOf(['http://registry.local:5000/'])
    expect(issues[0]!.message).toBe(
      'Insecure registry 1 "http://registry.local:5000/": takes no scheme; ' +
        'write it as registry.local:5000',
    )
  })

  it('normalizes CIDRs the way the daemon prints them and finds duplicates', () => {
    expect(normalizeCidr('10.1.2.3/8')).toBe('10.0.0.0/8')
    expect(normalizeCidr('192.168.1.77/24')).toBe('192.168.1.0/24')
    expect(normalizeCidr('fd00:0:0:0:0:0:0:1/64')).toBe('fd00::/64')
    expect(normalizeCidr('2001:db8:0:1:0:0:0:0/32')).toBe('2001:db8::/32')
    const { issues } = insecureOf(['10.0.0.0/8', '10.9.9.9/8'])
    expect(issues[0]).toMatchObject({ code: 'duplicate', position: 2 })
  })
})
