import { readFileSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'

import { writeFileAtomic } from '../mirrors/atomic-write'

/** What the user chose in Berth and expects to find again next time. */
export interface Settings {
  /** The engine's address, when the user named one instead of letting Berth find it. */
  engineHost?: string
}

/** The settings file in Berth's data folder, read once and written whole. */
export class SettingsFile {
  private settings: Settings

  constructor(private readonly path: string) {
    this.settings = readSettings(path)
  }

  get current(): Settings {
    return { ...this.settings }
  }

  async update(patch: Partial<Settings>): Promise<void> {
    const next: Settings = { ...this.settings, ...patch }
    for (const key of Object.keys(next) as Array<keyof Settings>) {
      if (next[key] === undefined) delete next[key]
    }
    await mkdir(dirname(this.path), { recursive: true })
    await writeFileAtomic(this.path, JSON.stringify(next, null, 2) + '\n', { backup: false })
    this.settings = next
  }
}

function readSettings(path: string): Settings {
  try {
    const value: unknown = JSON.parse(readFileSync(path, 'utf8'))
    if (typeof value !== 'object' || value === null) return {}
    const { engineHost } = value as Record<string, unknown>
    return typeof engineHost === 'string' && engineHost ? { engineHost } : {}
  } catch {
    // Missing or unreadable: start from the defaults rather than not at all.
    return {}
  }
}
