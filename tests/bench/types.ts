import type { Browser, BrowserContextOptions, Page } from 'playwright-core'
import type Docker from 'dockerode'

/** What every benchmark gets: the engine, a running `npm run web`, and a browser. */
export interface BenchContext {
  /** The engine's address, `unix:///…`. */
  dockerHost: string
  /** A raw Engine API client, for the baseline measurements. */
  docker: Docker
  /** The tokened address of a `npm run web` server against that engine. */
  berthUrl: string
  /** Debian Chromium, headless, shared by the benchmarks. */
  browser: Browser
  /**
   * A page ready for `page.evaluate` of functions written here: the bench
   * runs under tsx, whose output names functions through a `__name` helper
   * the page lacks, so the page is given one.
   */
  newPage(options?: BrowserContextOptions): Promise<Page>
  /** The run's label value; everything a benchmark creates carries `berth.test=<runId>`. */
  runId: string
  log(message: string): void
}

/** One measured figure: a goal may be set as the most or the least it may be. */
export interface BenchRow {
  suite: string
  name: string
  value: number
  unit: string
  goal?: { max?: number; min?: number }
}

export interface BenchSuite {
  name: string
  run(ctx: BenchContext): Promise<BenchRow[]>
}
