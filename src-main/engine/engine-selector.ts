import type { EngineEndpoint } from '../../src-preload/contract'
import type { SettingsFile } from '../app/settings'
import type { EngineConnection } from './connection'
import { discoverEngine, type DiscoveryEnvironment } from './discovery'

/**
 * Decides which engine Berth talks to: the address given at start or saved by
 * the user, else the one the docker CLI would find; and moves the connection
 * when the user names another.
 */
export class EngineSelector {
  private explicit: string | undefined

  constructor(
    private readonly sys: DiscoveryEnvironment,
    private readonly settings: SettingsFile | undefined,
    given: string | undefined,
  ) {
    this.explicit = given ?? settings?.current.engineHost
  }

  resolve(): EngineEndpoint {
    return discoverEngine(this.explicit, this.sys)
  }

  /** Remembers the user's choice, null for "find it", and connects to it. */
  async connectTo(engine: EngineConnection, host: string | null): Promise<EngineEndpoint> {
    await this.settings?.update({ engineHost: host ?? undefined })
    this.explicit = host ?? undefined
    const endpoint = this.resolve()
    engine.switchTo(endpoint)
    return endpoint
  }
}
