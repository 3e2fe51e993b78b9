import { contextBridge, ipcRenderer } from 'electron'

import {
  ipcChannels,
  isRequestName,
  isStreamName,
  type BerthBridge,
  type Envelope,
  type StreamMessage,
} from './contract'

const refuse = (what: string): Promise<Envelope<never>> =>
  Promise.resolve({ ok: false, error: { code: 'unknown-method', message: `No such ${what}.` } })

let receiver: ((message: StreamMessage) => void) | undefined
ipcRenderer.on(ipcChannels.stream, (_event, message: StreamMessage) => receiver?.(message))

/**
 * The page's only way to the main process: the contract's requests and
 * streams, nothing else of IPC.
 */
const bridge: BerthBridge = {
  invoke: (method, args) =>
    isRequestName(method)
      ? ipcRenderer.invoke(ipcChannels.invoke, method, args)
      : refuse('request'),
  openStream: (streamId, name, args) =>
    isStreamName(name)
      ? ipcRenderer.invoke(ipcChannels.open, streamId, name, args)
      : refuse('stream'),
  closeStream: (streamId) => ipcRenderer.send(ipcChannels.close, streamId),
  onStreamMessage: (listener) => {
    receiver = listener
    return () => {
      if (receiver === listener) receiver = undefined
    }
  },
}

contextBridge.exposeInMainWorld('berth', bridge)
