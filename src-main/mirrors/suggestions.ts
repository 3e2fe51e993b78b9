import type { MirrorSuggestion } from '../../src-preload/contract'

/**
 * Public Docker Hub mirrors known to serve anonymous pulls when this list
 * was made. They are only offered: none is added unless the user picks it,
 * and "Test mirrors" shows whether one answers from where the user is.
 */
export const mirrorSuggestions: MirrorSuggestion[] = [
  { url: 'https://mirror.gcr.io/', operator: 'Google', note: 'global' },
  { url: 'https://docker.m.daocloud.io/', operator: 'DaoCloud', note: 'china' },
  { url: 'https://docker.1ms.run/', operator: '1ms.run', note: 'china' },
]
