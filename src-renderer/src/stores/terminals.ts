import { defineStore } from 'pinia'
import { markRaw, shallowRef } from 'vue'

import { useClient } from '../api'
import { TerminalSession, type TerminalRequest } from '../terminal/terminal-session'
import { XtermScreen } from '../terminal/xterm-screen'

export interface TerminalTab {
  session: TerminalSession
  screen: XtermScreen
  /** The name of the container, for the tab's title. */
  containerName: string
  /** A short title: the command, or "Attached". */
  title: string
}

/**
 * Open terminals, each with its screen and its session. They live here, not
 * in a view, so a terminal keeps its program running and its scrollback
 * while the user is on other pages, until its tab is closed.
 */
export const useTerminalsStore = defineStore('terminals', () => {
  const client = useClient()
  const tabs = shallowRef<TerminalTab[]>([])
  /** Per container, the id of the tab last shown. */
  const active = shallowRef(new Map<string, string>())

  /** Adds a tab; its session starts when its screen is first shown and sized. */
  function open(request: TerminalRequest, containerName: string, title: string): TerminalTab {
    const screen = new XtermScreen(title)
    const tab: TerminalTab = markRaw({
      session: markRaw(new TerminalSession(request, screen, client)),
      screen: markRaw(screen),
      containerName,
      title,
    })
    tabs.value = [...tabs.value, tab]
    select(request.container, tab.session.id)
    return tab
  }

  function forContainer(containerId: string): TerminalTab[] {
    return tabs.value.filter((tab) => tab.session.request.container === containerId)
  }

  function select(containerId: string, id: string): void {
    const next = new Map(active.value)
    next.set(containerId, id)
    active.value = next
  }

  function activeTab(containerId: string): TerminalTab | undefined {
    const shown = forContainer(containerId)
    return shown.find((tab) => tab.session.id === active.value.get(containerId)) ?? shown[0]
  }

  /** Ends the tab's session (detaching an attach) and frees its screen. */
  function close(id: string): void {
    const tab = tabs.value.find((t) => t.session.id === id)
    if (!tab) return
    tab.session.disconnect()
    tab.screen.dispose()
    tabs.value = tabs.value.filter((t) => t !== tab)
  }

  return { tabs, open, close, select, forContainer, activeTab }
})
