export interface CliOptions {
  port?: number
  engine?: string
}

/** Parses `--port N` and `--engine HOST`; anything else is an error worth stopping for. */
export function parseCliArgs(argv: string[]): CliOptions {
  const options: CliOptions = {}
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const [flag, inline] = arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg, undefined]
    const value = (): string => {
      const v = inline ?? argv[++i]
      if (v === undefined || v === '') throw new Error(`${flag} needs a value`)
      return v
    }
    switch (flag) {
      case '--port': {
        const raw = value()
        const port = Number(raw)
        if (!/^\d+$/.test(raw) || port < 0 || port > 65535) {
          throw new Error(`--port takes a number from 0 to 65535, not "${raw}"`)
        }
        options.port = port
        break
      }
      case '--engine':
        options.engine = value()
        break
      default:
        throw new Error(`Unknown option ${arg}. Options: --port N, --engine HOST`)
    }
  }
  return options
}
