import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router'

import ContainerLogsView from './views/ContainerLogsView.vue'
import ContainersView from './views/ContainersView.vue'
import ContainerTerminalView from './views/ContainerTerminalView.vue'
import EngineSettingsView from './views/EngineSettingsView.vue'

declare module 'vue-router' {
  interface RouteMeta {
    /** The i18n key of the route's entry in the navigation, if it has one. */
    nav?: string
  }
}

/** The app's pages; those with `meta.nav` appear in the navigation, in this order. */
export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/containers' },
  {
    path: '/containers',
    name: 'containers',
    component: ContainersView,
    meta: { nav: 'nav.containers' },
  },
  { path: '/containers/:id/logs', name: 'container-logs', component: ContainerLogsView },
  {
    path: '/containers/:id/terminal',
    name: 'container-terminal',
    component: ContainerTerminalView,
  },
  {
    path: '/settings/engine',
    name: 'engine-settings',
    component: EngineSettingsView,
    meta: { nav: 'nav.engineSettings' },
  },
]

export function createAppRouter() {
  // Hash history works both from file:// in Electron and over http.
  return createRouter({ history: createWebHashHistory(), routes })
}
