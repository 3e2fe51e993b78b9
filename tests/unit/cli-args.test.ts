import { describe, expect, it } from 'vitest'

import { parseCliArgs } from '../../src-main/app/args'

describe('berth web command line', () => {
  it('accepts no options', () => {
    expect(parseCliArgs([])).toEqual({})
  })

  it('reads --port and --engine, as separate words or with "="', () => {
    expect(parseCliArgs(['--port', '8080', '--engine', 'unix:///run/docker.sock'])).toEqual({
      port: 8080,
      engine: 'unix:///run/docker.sock',
    })
    expect(parseCliArgs(['--port=0', '--engine=tcp://10.0.0.2:2375'])).toEqual({
      port: 0,
      engine: 'tcp://10.0.0.2:2375',
    })
  })

  it('keeps an "=" inside a value', () => {
    expect(parseCliArgs(['--engine=ssh://ada@box?key=1'])).toEqual({
      engine: 'ssh://ada@box?key=1',
    })
  })

  it.each([
    [['--port', '65536'], /0 to 65535, not "65536"/],
    [['--port', '-1'], /0 to 65535/],
    [['--port', '80a'], /0 to 65535, not "80a"/],
    [['--port', '8.5'], /0 to 65535/],
    [['--port'], /--port needs a value/],
    [['--port='], /--port needs a value/],
    [['--engine'], /--engine needs a value/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(message)
  })

  it('refuses an unknown option and says which ones exist', () => {
    expect(() => parseCliArgs(['--host', '0.0.0.0'])).toThrow(
      'Unknown option --host. Options: --port N, --engine HOST',
    )
  })
})
