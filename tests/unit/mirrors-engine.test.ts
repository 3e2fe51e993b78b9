import { describe, expect, it } from 'vitest'

import { listsFromInfo, listsMatch } from '../../src-main/mirrors/applied-state'
import { daemonPaths } from '../../src-main/mirrors/daemon-file'
import { validateSupport, validateWithDockerd } from '../../src-main/mirrors/engine-validate'
import { PrivilegedWriter } from '../../src-main/mirrors/privileged-writer'
import { Reloader, type ReloaderOptions } from '../../src-main/mirrors/reloader'
import type { CommandResult, CommandRunner } from '../../src-main/mirrors/run-command'
import type { EngineEndpoint } from '../../src-preload/contract'

/** A command runner that records what it was asked and answers from a script. */
function fakeRunner(answer: (program: string, args: readonly string[]) => Partial<CommandResult>) {
  const calls: Array<{ program: string; args: readonly string[]; stdin?: string }> = []
  const run: CommandRunner = async (program, args, options) => {
    calls.push({ program, args, ...(options?.stdin !== undefined ? { stdin: options.stdin } : {}) })
    return { code: 0, stdout: '', stderr: '', ...answer(program, args) }
  }
  return { run, calls }
}

const local: EngineEndpoint = { host: 'unix:///var/run/docker.sock', source: 'default-socket' }

describe('where the engine’s files are', () => {
  const base = { homeDir: '/home/ada', env: {}, uid: 1000 }

  it('uses /etc/docker for a rootful engine and the user’s folders for a rootless one', () => {
    expect(daemonPaths(base, false)).toEqual({
      daemonJson: '/etc/docker/daemon.json',
      pidFile: '/var/run/docker.pid',
      daemonJsonGiven: false,
      pidFileGiven: false,
    })
    expect(daemonPaths(base, true)).toMatchObject({
      daemonJson: '/home/ada/.config/docker/daemon.json',
      pidFile: '/run/user/1000/docker.pid',
    })
    const xdg = { ...base, env: { XDG_CONFIG_HOME: '/cfg', XDG_RUNTIME_DIR: '/rt' } }
    expect(daemonPaths(xdg, true)).toMatchObject({
      daemonJson: '/cfg/docker/daemon.json',
      pidFile: '/rt/docker.pid',
    })
  })

  it('lets a setting override both', () => {
    const given = { ...base, daemonJson: '/tmp/d/daemon.json', pidFile: '/tmp/d/dockerd.pid' }
    expect(daemonPaths(given, true)).toEqual({
      daemonJson: '/tmp/d/daemon.json',
      pidFile: '/tmp/d/dockerd.pid',
      daemonJsonGiven: true,
      pidFileGiven: true,
    })
  })
})

describe('dockerd --validate', () => {
  it('is used only on a local engine from 23.0 with dockerd on PATH', () => {
    expect(validateSupport(local, '20.10.24+dfsg1', '/usr/sbin/dockerd')).toEqual({
      available: false,
      reason: 'old-engine',
      version: '20.10.24+dfsg1',
    })
    expect(validateSupport(local, '23.0.0', '/usr/bin/dockerd')).toEqual({ available: true })
    expect(validateSupport(local, '27.3.1', undefined)).toEqual({
      available: false,
      reason: 'no-dockerd',
    })
    expect(validateSupport(local, undefined, '/usr/bin/dockerd')).toMatchObject({
      reason: 'unknown-version',
    })
    const remote: EngineEndpoint = { host: 'tcp://10.0.0.5:2376', source: 'setting' }
    expect(validateSupport(remote, '27.3.1', '/usr/bin/dockerd')).toMatchObject({
      reason: 'remote-engine',
    })
  })

  it('passes the candidate as a file argument and reads the answer', async () => {
    const ok = fakeRunner(() => ({ code: 0, stdout: 'configuration OK' }))
    expect(await validateWithDockerd('/usr/bin/dockerd', '{}', ok.run)).toEqual({ kind: 'valid' })
    expect(ok.calls[0]!.args.slice(0, 2)).toEqual(['--validate', '--config-file'])
    expect(ok.calls[0]!.args[2]).toMatch(/berth-validate-.*\/daemon\.json$/)

    const refused = fakeRunner((_p, args) => ({
      code: 1,
      stderr: `unable to configure the Docker daemon with file ${args[2]}: invalid mirror`,
    }))
    expect(await validateWithDockerd('/usr/bin/dockerd', '{}', refused.run)).toEqual({
      kind: 'invalid',
      message: 'unable to configure the Docker daemon with file daemon.json: invalid mirror',
    })

    const old = fakeRunner(() => ({ code: 125, stderr: 'unknown flag: --validate' }))
    expect(await validateWithDockerd('dockerd', '{}', old.run)).toEqual({ kind: 'unsupported' })
  })
})

describe('reloading the daemon', () => {
  const files: Record<string, string> = {
    '/run/docker.pid': '4242\n',
    '/proc/4242/comm': 'dockerd\n',
    '/run/stale.pid': '4343',
    '/proc/4343/comm': 'bash\n',
  }
  const options = (overrides: Partial<ReloaderOptions>): ReloaderOptions => ({
    pidFile: '/run/docker.pid',
    pidFileGiven: false,
    rootless: () => false,
    run: fakeRunner(() => ({ code: 3 })).run,
    elevate: ['pkexec'],
    systemdBooted: () => false,
    readText: (path) => files[path],
    ...overrides,
  })

  it('goes through systemd where systemd runs docker.service', async () => {
    const runner = fakeRunner(() => ({ code: 0 }))
    const reloader = new Reloader(options({ systemdBooted: () => true, run: runner.run }))
    const method = await reloader.method()
    expect(method).toEqual({ kind: 'systemd', unit: 'docker.service', user: false })
    await reloader.reload(method)
    await reloader.restart(method)
    expect(runner.calls.map((call) => [call.program, ...call.args])).toEqual([
      ['systemctl', 'is-active', '--quiet', 'docker.service'],
      ['systemctl', 'reload', 'docker.service'],
      ['systemctl', 'restart', 'docker.service'],
    ])
  })

  it('uses the user’s systemd for a rootless engine', async () => {
    const runner = fakeRunner(() => ({ code: 0 }))
    const reloader = new Reloader(
      options({ systemdBooted: () => true, rootless: () => true, run: runner.run }),
    )
    expect(await reloader.method()).toMatchObject({ kind: 'systemd', user: true })
    expect(runner.calls[0]!.args).toEqual(['--user', 'is-active', '--quiet', 'docker.service'])
  })

  it('sends SIGHUP to the pid in the pid file, and only to a dockerd', async () => {
    const sent: Array<[number, string]> = []
    const reloader = new Reloader(options({ kill: (pid, signal) => sent.push([pid, signal]) }))
    const method = await reloader.method()
    expect(method).toEqual({ kind: 'signal', pid: 4242, pidFile: '/run/docker.pid' })
    await reloader.reload(method)
    expect(sent).toEqual([[4242, 'SIGHUP']])

    const stale = new Reloader(options({ pidFile: '/run/stale.pid' }))
    const none = await stale.method()
    expect(none).toEqual({ kind: 'none', pidFile: '/run/stale.pid' })
    await expect(stale.reload(none)).rejects.toMatchObject({ code: 'conflict' })
  })

  it('asks pkexec to signal a daemon of another user, with an argument list', async () => {
    const runner = fakeRunner(() => ({ code: 0 }))
    const denied = Object.assign(new Error('EPERM'), { code: 'EPERM' })
    const reloader = new Reloader(
      options({
        run: runner.run,
        kill: () => {
          throw denied
        },
      }),
    )
    await reloader.reload({ kind: 'signal', pid: 4242, pidFile: '/run/docker.pid' })
    expect(runner.calls).toEqual([{ program: 'pkexec', args: ['/bin/kill', '-HUP', '4242'] }])
  })

  it('never restarts a daemon that systemd does not run', async () => {
    const reloader = new Reloader(options({}))
    await expect(
      reloader.restart({ kind: 'signal', pid: 4242, pidFile: '/run/docker.pid' }),
    ).rejects.toMatchObject({ code: 'conflict' })
  })
})

describe('the privileged helper’s client', () => {
  it('puts the document on stdin and every argument in its own list entry', async () => {
    const runner = fakeRunner(() => ({ code: 0, stdout: '{"ok":true,"backup":"/etc/x.bak"}\n' }))
    const writer = new PrivilegedWriter({
      helperPath: '/opt/Berth/resources/daemon-json-helper.mjs',
      elevate: ['pkexec'],
      run: runner.run,
    })
    const text = '{"registry-mirrors": ["https://a.example/; rm -rf /"]}'
    expect(await writer.write('/etc/docker/daemon.json', text, true)).toEqual({
      backup: '/etc/x.bak',
    })
    const [call] = runner.calls
    expect(call!.program).toBe('pkexec')
    expect(call!.args.at(-2)).toBe('/opt/Berth/resources/daemon-json-helper.mjs')
    expect(call!.args.at(-1)).toBe('--mirror-paths')
    expect(call!.stdin).toBe(text)
    expect(call!.args.join(' ')).not.toContain('rm -rf')
  })

  it('turns pkexec’s answers into Berth’s errors', async () => {
    const writer = (code: number, stdout = '', stderr = '') =>
      new PrivilegedWriter({
        helperPath: '/h.mjs',
        elevate: ['pkexec'],
        run: fakeRunner(() => ({ code, stdout, stderr })).run,
      })
    await expect(writer(126).write('/etc/docker/daemon.json', '{}', false)).rejects.toMatchObject({
      code: 'cancelled',
    })
    await expect(
      writer(127, '', 'Not authorized').write('/etc/docker/daemon.json', '{}', false),
    ).rejects.toMatchObject({ code: 'permission-denied' })
    const refused = '{"ok":false,"code":"scheme","message":"Mirror 1 \\"ftp://x\\": bad"}'
    await expect(
      writer(2, refused).write('/etc/docker/daemon.json', '{}', false),
    ).rejects.toMatchObject({ code: 'invalid-argument', message: /Mirror 1 "ftp:\/\/x"/ })
    const failed = '{"ok":false,"code":"EROFS","message":"read-only file system"}'
    await expect(
      writer(1, failed).write('/etc/docker/daemon.json', '{}', false),
    ).rejects.toMatchObject({ code: 'internal' })
  })
})

describe('what the daemon reports', () => {
  it('reads mirrors and insecure registries from /info, leaving out the built-in loopback', () => {
    const lists = listsFromInfo({
      Mirrors: ['http://127.0.0.1:5000/'],
      InsecureRegistryCIDRs: ['127.0.0.0/8', '10.1.0.0/16'],
      IndexConfigs: {
        'docker.io': { Name: 'docker.io', Secure: true, Official: true },
        'registry.local:5000': { Name: 'registry.local:5000', Secure: false, Official: false },
      },
    })
    expect(lists).toEqual({
      mirrors: ['http://127.0.0.1:5000/'],
      insecureRegistries: ['10.1.0.0/16', 'registry.local:5000'],
    })
    expect(listsMatch(lists, { mirrors: ['http://127.0.0.1:5000/'] })).toBe(true)
    expect(listsMatch(lists, { insecureRegistries: ['registry.local:5000', '10.1.0.0/16'] })).toBe(
      true,
    )
    expect(listsMatch(lists, { mirrors: [] })).toBe(false)
    expect(listsFromInfo({ Mirrors: null, InsecureRegistryCIDRs: null })).toEqual({
      mirrors: [],
      insecureRegistries: [],
    })
  })
})
