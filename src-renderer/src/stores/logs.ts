import { defineStore } from 'pinia'
import { markRaw, ref, watch } from 'vue'

import { useClient } from '../api'
import { defaultScrollback, scrollbackChoices } from '../logs/log-buffer'
import { LogSession } from '../logs/log-session'

const storageKey = 'berth.logs.scrollback'

function savedScrollback(): number {
  const saved = Number(localStorage.getItem(storageKey))
  return (scrollbackChoices as readonly number[]).includes(saved) ? saved : defaultScrollback
}

/**
 * The log views' sessions, one per container whose log is open. A session
 * lives while its view does; the scrollback, which bounds each session's
 * memory, is the user's choice and is remembered.
 */
export const useLogsStore = defineStore('logs', () => {
  const client = useClient()
  const sessions = new Map<string, LogSession>()
  const scrollback = ref(savedScrollback())

  watch(scrollback, (lines) => {
    localStorage.setItem(storageKey, String(lines))
    for (const session of sessions.values()) session.setScrollback(lines)
  })

  /** The container's session, created on first use; it reads nothing until opened. */
  function session(containerId: string): LogSession {
    let found = sessions.get(containerId)
    if (!found) {
      found = markRaw(new LogSession(containerId, client, scrollback.value))
      sessions.set(containerId, found)
    }
    return found
  }

  /** Stops reading a container's log and forgets what was read. */
  function release(containerId: string): void {
    sessions.get(containerId)?.dispose()
    sessions.delete(containerId)
  }

  return { scrollback, session, release }
})
