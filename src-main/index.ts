import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

import { app, BrowserWindow, dialog, ipcMain, shell } from 'electron'

import { isAppUrl, mainWindowOptions } from './app/window-options'
import { logFile, settingsFile } from './app/paths'
import { createCore, type BerthCore } from './core'
import { consoleSink, createLogger, fileSink } from './log/logger'
import { attachElectronIpc } from './transport/electron-ipc'

const devServerUrl = process.env.ELECTRON_RENDERER_URL
const rendererUrl =
  devServerUrl ?? pathToFileURL(join(import.meta.dirname, '../renderer/index.html')).href

const log = createLogger({
  level: devServerUrl || process.env.BERTH_LOG_LEVEL === 'debug' ? 'debug' : 'info',
  sinks: [fileSink(logFile(app.getPath('userData'))), ...(devServerUrl ? [consoleSink()] : [])],
})

let core: BerthCore | undefined
let window: BrowserWindow | undefined

function createWindow(): void {
  window = new BrowserWindow(mainWindowOptions(join(import.meta.dirname, '../preload/index.cjs')))
  window.once('ready-to-show', () => window?.show())
  window.on('closed', () => (window = undefined))

  // The page may not leave the app, and may not open windows of its own;
  // http(s) links open in the user's browser instead.
  window.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, rendererUrl)) event.preventDefault()
  })
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })

  void window.loadURL(rendererUrl)
}

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (!window) return
    if (window.isMinimized()) window.restore()
    window.focus()
  })

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault())
  })

  void app.whenReady().then(() => {
    core = createCore({
      engineHost: process.env.BERTH_ENGINE,
      settingsFile: settingsFile(app.getPath('userData')),
      log,
    })
    core.logs.useSavePicker(async (suggestedName) => {
      const options = { defaultPath: join(app.getPath('downloads'), suggestedName) }
      const choice = window
        ? await dialog.showSaveDialog(window, options)
        : await dialog.showSaveDialog(options)
      return choice.canceled || !choice.filePath ? undefined : choice.filePath
    })
    attachElectronIpc({
      ipcMain,
      router: core.router,
      log: log.child('ipc'),
      isTrustedUrl: (url) => isAppUrl(url, rendererUrl),
    })
    createWindow()
  })

  app.on('window-all-closed', () => {
    core?.dispose()
    app.quit()
  })
}
