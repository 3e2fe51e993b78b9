import { describe, expect, it } from 'vitest'

import { isAppUrl, mainWindowOptions } from '../../src-main/app/window-options'

describe('main window options', () => {
  const prefs = mainWindowOptions('/opt/berth/preload/index.cjs').webPreferences!

  it('isolates and sandboxes the renderer and gives it no Node.js', () => {
    expect(prefs).toMatchObject({
      preload: '/opt/berth/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
    })
  })

  it('keeps the window hidden until its page is ready', () => {
    expect(mainWindowOptions('/p.cjs').show).toBe(false)
  })
})

describe('isAppUrl', () => {
  const packaged = 'file:///opt/berth/renderer/index.html'
  const dev = 'http://localhost:5173/'

  it("accepts the app's own page, with any query or fragment", () => {
    expect(isAppUrl(packaged, packaged)).toBe(true)
    expect(isAppUrl(`${packaged}#/containers`, packaged)).toBe(true)
    expect(isAppUrl('http://localhost:5173/?lang=zh-CN', dev)).toBe(true)
  })

  it('refuses another file, another origin, another port and garbage', () => {
    expect(isAppUrl('file:///etc/passwd', packaged)).toBe(false)
    expect(isAppUrl('file:///opt/berth/renderer/other.html', packaged)).toBe(false)
    expect(isAppUrl('https://evil.example/', dev)).toBe(false)
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false)
    expect(isAppUrl('http://localhost:5173/admin', dev)).toBe(false)
    expect(isAppUrl('not a url', dev)).toBe(false)
    expect(isAppUrl('', packaged)).toBe(false)
  })
})
