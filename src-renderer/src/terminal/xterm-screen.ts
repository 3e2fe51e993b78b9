import '@xterm/xterm/css/xterm.css'

import { FitAddon } from '@xterm/addon-fit'
import { Terminal, type ITheme } from '@xterm/xterm'

import type { TerminalScreen } from './terminal-session'

/** Lines a terminal keeps above its screen. */
export const terminalScrollback = 5000

/**
 * xterm.js as a session's screen, with the fit addon. Its element is made
 * once and moved between pages: xterm cannot be opened twice, and a screen
 * that outlives its view keeps its scrollback.
 */
export class XtermScreen implements TerminalScreen {
  readonly term: Terminal
  readonly element: HTMLDivElement
  private readonly fitAddon = new FitAddon()
  private opened = false

  constructor(label: string) {
    this.term = new Terminal({
      scrollback: terminalScrollback,
      cursorBlink: true,
      fontFamily: "ui-monospace, 'DejaVu Sans Mono', 'Noto Sans Mono', monospace",
      fontSize: 13,
      allowProposedApi: false,
    })
    this.term.loadAddon(this.fitAddon)
    this.element = document.createElement('div')
    this.element.className = 'xterm-host'
    this.element.setAttribute('aria-label', label)
    this.element.setAttribute('role', 'region')
  }

  get cols(): number {
    return this.term.cols
  }

  get rows(): number {
    return this.term.rows
  }

  write(data: string, painted: () => void): void {
    this.term.write(data, painted)
  }

  onData(listener: (data: string) => void): void {
    this.term.onData(listener)
  }

  onResize(listener: (size: { cols: number; rows: number }) => void): void {
    this.term.onResize(listener)
  }

  setPlainOutput(plain: boolean): void {
    this.term.options.convertEol = plain
  }

  setInputEnabled(enabled: boolean): void {
    this.term.options.disableStdin = !enabled
  }

  /** Puts the screen into a view's host element, opening it the first time. */
  mount(host: HTMLElement): void {
    host.appendChild(this.element)
    if (!this.opened) {
      this.term.open(this.element)
      this.opened = true
    }
    this.fit()
  }

  unmount(): void {
    this.element.remove()
  }

  /** Fits the grid to the element; a hidden element has no size to fit. */
  fit(): void {
    if (!this.element.isConnected || this.element.clientWidth === 0) return
    this.fitAddon.fit()
  }

  focus(): void {
    this.term.focus()
  }

  setTheme(theme: ITheme): void {
    this.term.options.theme = theme
  }

  dispose(): void {
    this.term.dispose()
    this.element.remove()
  }
}

/** Terminal colours from the app's theme variables; the 16 ANSI colours are the log view's. */
export function themeFromCss(style: CSSStyleDeclaration): ITheme {
  const read = (name: string): string => style.getPropertyValue(name).trim()
  const ansi = (name: string): string => read(`--ansi-${name}`)
  return {
    background: read('--terminal-bg'),
    foreground: read('--terminal-fg'),
    cursor: read('--terminal-fg'),
    selectionBackground: read('--terminal-selection'),
    black: ansi('black'),
    red: ansi('red'),
    green: ansi('green'),
    yellow: ansi('yellow'),
    blue: ansi('blue'),
    magenta: ansi('magenta'),
    cyan: ansi('cyan'),
    white: ansi('white'),
    brightBlack: ansi('bright-black'),
    brightRed: ansi('bright-red'),
    brightGreen: ansi('bright-green'),
    brightYellow: ansi('bright-yellow'),
    brightBlue: ansi('bright-blue'),
    brightMagenta: ansi('bright-magenta'),
    brightCyan: ansi('bright-cyan'),
    brightWhite: ansi('bright-white'),
  }
}
