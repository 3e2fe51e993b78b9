import { homedir } from 'node:os'
import { join } from 'node:path'

/** Where Berth keeps its settings and logs: the same folder Electron would pick. */
export function dataDir(env: Record<string, string | undefined> = process.env): string {
  if (env.BERTH_DATA_DIR) return env.BERTH_DATA_DIR
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'Berth')
}

export function logFile(dir: string): string {
  return join(dir, 'logs', 'berth.log')
}

export function settingsFile(dir: string): string {
  return join(dir, 'settings.json')
}
