import type { BrowserWindowConstructorOptions } from 'electron'

/**
 * The main window's options. The renderer gets no Node.js, runs sandboxed in
 * an isolated world, and reaches the main process only through the preload
 * script's bridge.
 */
export function mainWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Berth',
    autoHideMenuBar: true,
    backgroundColor: '#1e1f22',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  }
}

/** True when a URL is the app's own page, so a navigation to it is allowed. */
export function isAppUrl(url: string, appUrl: string): boolean {
  try {
    const target = new URL(url)
    const app = new URL(appUrl)
    return target.origin === app.origin && target.pathname === app.pathname
  } catch {
    return false
  }
}
