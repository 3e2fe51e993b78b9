/** One progress line of a pull, as the engine reports it. */
export interface PullProgress {
  /** The layer the line is about, when it is about one. */
  layer?: string
  /** The engine's own words: "Pulling fs layer", "Downloading", "Pull complete". */
  status: string
  current?: number
  total?: number
}

export type PullEvent =
  ({ type: 'progress' } & PullProgress) | { type: 'done'; reference: string; digest?: string }

export interface PullResult {
  reference: string
  digest?: string
}

export interface ImageRequests {
  /** Pulls an image to the end and answers then, without progress. */
  'images.pull': { args: { reference: string }; result: PullResult }
}

export interface ImageStreams {
  /** Pulls an image with progress; the stream ends with a `done` event or an error. */
  'images.pull': { args: { reference: string }; event: PullEvent }
}

export const imageRequestNames = {
  'images.pull': true,
} as const satisfies Record<keyof ImageRequests, true>

export const imageStreamNames = {
  'images.pull': true,
} as const satisfies Record<keyof ImageStreams, true>
