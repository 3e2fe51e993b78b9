import { describe, expect, it } from 'vitest'

import { discoverEngine, type DiscoveryEnvironment } from '../../src-main/engine/discovery'

const home = '/home/ada'
/** SHA-256 of "remote-box": the CLI keeps that context's metadata under it. */
const remoteBoxDigest = '9d5bdcb5c3dbdf417dc8dfd5bbaf7c245585089ac59d6b82395b35e6579ac0b7'

/** A machine with the given environment, files and sockets, and nothing else. */
function machine(
  options: {
    env?: Record<string, string>
    files?: Record<string, string>
    sockets?: string[]
  } = {},
): DiscoveryEnvironment {
  const files = options.files ?? {}
  const sockets = new Set(options.sockets ?? [])
  return {
    env: options.env ?? {},
    homeDir: home,
    uid: 1000,
    exists: (path) => sockets.has(path) || path in files,
    readText: (path) => files[path],
  }
}

const contextMeta = (host: string): string =>
  JSON.stringify({ Name: 'remote-box', Endpoints: { docker: { Host: host } } })

describe('engine discovery', () => {
  it('takes an explicit setting over everything else', () => {
    const sys = machine({
      env: { DOCKER_HOST: 'tcp://from-env:2375' },
      sockets: ['/var/run/docker.sock'],
    })

    expect(discoverEngine('unix:///srv/engine.sock', sys)).toEqual({
      host: 'unix:///srv/engine.sock',
      source: 'setting',
    })
  })

  it('takes DOCKER_HOST over a docker context and the sockets', () => {
    const sys = machine({
      env: { DOCKER_HOST: 'tcp://from-env:2375', DOCKER_CONTEXT: 'remote-box' },
      files: {
        [`${home}/.docker/contexts/meta/${remoteBoxDigest}/meta.json`]: contextMeta('ssh://a@b'),
      },
      sockets: ['/var/run/docker.sock'],
    })

    expect(discoverEngine(undefined, sys)).toEqual({
      host: 'tcp://from-env:2375',
      source: 'DOCKER_HOST',
    })
  })

  it('reads the context named by DOCKER_CONTEXT from its meta.json under the name digest', () => {
    const sys = machine({
      env: { DOCKER_CONTEXT: 'remote-box' },
      files: {
        [`${home}/.docker/contexts/meta/${remoteBoxDigest}/meta.json`]:
          contextMeta('ssh://ada@remote-box'),
      },
      sockets: ['/var/run/docker.sock'],
    })

    expect(discoverEngine(undefined, sys)).toEqual({
      host: 'ssh://ada@remote-box',
      source: 'context',
      context: 'remote-box',
    })
  })

  it("falls back to the config file's currentContext, in DOCKER_CONFIG when set", () => {
    const sys = machine({
      env: { DOCKER_CONFIG: '/etc/ada-docker' },
      files: {
        '/etc/ada-docker/config.json': JSON.stringify({ currentContext: 'remote-box' }),
        [`/etc/ada-docker/contexts/meta/${remoteBoxDigest}/meta.json`]:
          contextMeta('tcp://remote-box:2376'),
      },
      sockets: ['/var/run/docker.sock'],
    })

    expect(discoverEngine(undefined, sys)).toMatchObject({
      host: 'tcp://remote-box:2376',
      source: 'context',
    })
  })

  it('ignores the default context, a missing meta.json and an unreadable config', () => {
    const sockets = ['/var/run/docker.sock']
    const defaultContext = machine({ env: { DOCKER_CONTEXT: 'default' }, sockets })
    const noMeta = machine({ env: { DOCKER_CONTEXT: 'remote-box' }, sockets })
    const brokenConfig = machine({
      files: { [`${home}/.docker/config.json`]: '{ not json' },
      sockets,
    })

    for (const sys of [defaultContext, noMeta, brokenConfig]) {
      expect(discoverEngine(undefined, sys).source).toBe('default-socket')
    }
  })

  it('prefers the rootful socket to a rootless one', () => {
    const sys = machine({
      env: { XDG_RUNTIME_DIR: '/run/user/1000' },
      sockets: ['/var/run/docker.sock', '/run/user/1000/docker.sock'],
    })

    expect(discoverEngine(undefined, sys)).toEqual({
      host: 'unix:///var/run/docker.sock',
      source: 'default-socket',
    })
  })

  it('finds a rootless engine in XDG_RUNTIME_DIR, or in /run/user/<uid> without it', () => {
    const withXdg = machine({
      env: { XDG_RUNTIME_DIR: '/tmp/xdg-ada' },
      sockets: ['/tmp/xdg-ada/docker.sock'],
    })
    const withoutXdg = machine({ sockets: ['/run/user/1000/docker.sock'] })

    expect(discoverEngine(undefined, withXdg)).toEqual({
      host: 'unix:///tmp/xdg-ada/docker.sock',
      source: 'rootless-socket',
    })
    expect(discoverEngine(undefined, withoutXdg).host).toBe('unix:///run/user/1000/docker.sock')
  })

  it("finds Podman's socket, the user's before the system's", () => {
    const both = machine({
      env: { XDG_RUNTIME_DIR: '/run/user/1000' },
      sockets: ['/run/user/1000/podman/podman.sock', '/run/podman/podman.sock'],
    })
    const systemOnly = machine({ sockets: ['/run/podman/podman.sock'] })

    expect(discoverEngine(undefined, both)).toEqual({
      host: 'unix:///run/user/1000/podman/podman.sock',
      source: 'podman-socket',
    })
    expect(discoverEngine(undefined, systemOnly).host).toBe('unix:///run/podman/podman.sock')
  })

  it('points at the default socket when nothing is found, so the user hears it is missing', () => {
    expect(discoverEngine(undefined, machine())).toEqual({
      host: 'unix:///var/run/docker.sock',
      source: 'default-socket',
    })
  })
})
