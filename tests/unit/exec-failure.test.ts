import { describe, expect, it } from 'vitest'

import { classifyExecFailure, execFailureError } from '../../src-main/exec/exec-failure'
import { AckWindow } from '../../src-main/ipc/ack-window'
import { StreamSessions } from '../../src-main/ipc/stream-sessions'

describe('exec start failures', () => {
  const attempt = { command: ['zsh'], container: 'web', user: 'ghost', workingDir: '/nope' }

  it.each([
    [
      'OCI runtime exec failed: exec failed: unable to start container process: ' +
        'exec: "zsh": executable file not found in $PATH: unknown',
      'missing-program',
    ],
    ['unable to find user ghost: no matching entries in passwd file', 'unknown-user'],
    [
      'OCI runtime exec failed: exec failed: unable to start container process: ' +
        'chdir to cwd ("/nope") set in config.json failed: no such file or directory: unknown',
      'missing-folder',
    ],
    ['OCI runtime exec failed: something else entirely', 'other'],
  ])('tells "%s" as %s', (output, kind) => {
    expect(classifyExecFailure(126, output)).toBe(kind)
  })

  it('takes an ordinary exit for an ordinary exit', () => {
    expect(classifyExecFailure(0, 'executable file not found')).toBeUndefined()
    expect(classifyExecFailure(126, 'permission denied by my own script')).toBeUndefined()
    expect(classifyExecFailure(null, '')).toBeUndefined()
  })

  it('names what the user gave', () => {
    expect(execFailureError('missing-program', attempt, '').message).toBe(
      '"zsh" was not found in web.',
    )
    expect(execFailureError('unknown-user', attempt, '').toData()).toEqual({
      code: 'invalid-argument',
      message: 'There is no user "ghost" in web.',
      path: 'user',
    })
    expect(execFailureError('missing-folder', attempt, '').message).toBe(
      'The folder "/nope" does not exist in web.',
    )
  })
})

describe('AckWindow', () => {
  it('is full at its limit and opens again when acknowledged', () => {
    let opened = 0
    const window = new AckWindow(2, () => opened++)
    expect([window.next(), window.next()]).toEqual([1, 2])
    expect(window.full).toBe(true)
    window.ack(5)
    window.ack(0)
    expect(window.full).toBe(true)
    window.ack(1)
    expect(window.full).toBe(false)
    expect(opened).toBe(1)
    window.ack(1)
    expect(opened).toBe(1)
  })
})

describe('StreamSessions', () => {
  it('finds a session only for the peer that opened it', () => {
    const sessions = new StreamSessions<string>('terminal session')
    const alice = { id: 'alice', send: () => {} }
    const bob = { id: 'bob', send: () => {} }
    const remove = sessions.add({ peer: alice, streamId: 's1' }, 'shell')
    expect(sessions.get(alice, 's1')).toBe('shell')
    expect(() => sessions.get(bob, 's1')).toThrow('There is no open terminal session on stream s1.')
    remove()
    expect(sessions.size).toBe(0)
  })
})
