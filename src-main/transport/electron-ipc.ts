import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'

import { BerthError, ipcChannels, type StreamMessage } from '../../src-preload/contract'
import type { Peer, Router } from '../ipc/router'
import type { Logger } from '../log/logger'

/**
 * Carries the router over Electron IPC. Only frames showing the app's own page
 * are answered; a window's streams close when it reloads or goes away.
 */
export function attachElectronIpc(options: {
  ipcMain: IpcMain
  router: Router
  log: Logger
  isTrustedUrl: (url: string) => boolean
}): () => void {
  const { ipcMain, router, log, isTrustedUrl } = options
  const peers = new Map<number, Peer>()

  const peerOf = (contents: WebContents): Peer => {
    const peer = peers.get(contents.id)
    if (peer) return peer
    const created: Peer = {
      id: `window-${contents.id}`,
      send: (message: StreamMessage) => {
        if (!contents.isDestroyed()) contents.send(ipcChannels.stream, message)
      },
    }
    peers.set(contents.id, created)
    const forget = (): void => {
      router.disconnect(created)
      peers.delete(contents.id)
    }
    contents.once('destroyed', forget)
    contents.on('did-start-navigation', (details) => {
      if (details.isMainFrame && !details.isSameDocument) router.disconnect(created)
    })
    return created
  }

  const trusted = (event: IpcMainInvokeEvent): boolean => {
    const url = event.senderFrame?.url ?? ''
    if (isTrustedUrl(url)) return true
    log.warn('refused IPC from an untrusted frame', { url })
    return false
  }

  const refusal = {
    ok: false,
    error: new BerthError({ code: 'permission-denied', message: 'Untrusted sender.' }).toData(),
  } as const

  ipcMain.handle(ipcChannels.invoke, (event, method: unknown, args: unknown) =>
    trusted(event) ? router.invoke(peerOf(event.sender), method, args) : refusal,
  )
  ipcMain.handle(ipcChannels.open, (event, streamId: unknown, name: unknown, args: unknown) =>
    trusted(event) ? router.open(peerOf(event.sender), streamId, name, args) : refusal,
  )
  ipcMain.on(ipcChannels.close, (event, streamId: unknown) => {
    if (isTrustedUrl(event.senderFrame?.url ?? '')) router.close(peerOf(event.sender), streamId)
  })

  return () => {
    ipcMain.removeHandler(ipcChannels.invoke)
    ipcMain.removeHandler(ipcChannels.open)
    ipcMain.removeAllListeners(ipcChannels.close)
  }
}
