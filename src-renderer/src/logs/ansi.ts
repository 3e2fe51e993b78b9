import Anser from 'anser'

/** A stretch of a line in one style. */
export interface StyledSegment {
  text: string
  /** One of the 16 theme colours, as a class such as `ansi-red` or `ansi-bright-blue`. */
  fgClass?: string
  bgClass?: string
  /** Any other colour, as `r, g, b`. */
  fgRgb?: string
  bgRgb?: string
  bold?: boolean
  dim?: boolean
  italic?: boolean
  underline?: boolean
}

const named = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white']
const cube = [0, 95, 135, 175, 215, 255]

/** The xterm 256-colour palette beyond the 16 named colours, as `r, g, b`. */
export function paletteRgb(index: number): string {
  if (index >= 232) {
    const level = 8 + (index - 232) * 10
    return `${level}, ${level}, ${level}`
  }
  const n = index - 16
  return `${cube[Math.floor(n / 36)]}, ${cube[Math.floor(n / 6) % 6]}, ${cube[n % 6]}`
}

/** Anser's colour (with classes on) as a theme class or an rgb value. */
function colour(
  name: string | null,
  truecolor: string | null,
): { className?: string; rgb?: string } {
  if (!name) return {}
  if (name === 'ansi-truecolor') return truecolor ? { rgb: truecolor } : {}
  const palette = /^ansi-palette-(\d+)$/.exec(name)
  if (!palette) return { className: name }
  const index = Number(palette[1])
  if (index < 8) return { className: `ansi-${named[index]}` }
  if (index < 16) return { className: `ansi-bright-${named[index - 8]}` }
  return { rgb: paletteRgb(index) }
}

// CSI and OSC sequences, and lone escapes; what a terminal would not print.
const escapes = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g

/** The text of a line as it reads, without escape sequences. */
export function plainText(line: string): string {
  return line.includes('\x1b') ? line.replace(escapes, '') : line
}

/** A line cut into styled segments by its SGR codes; other escapes are dropped. */
export function styledSegments(line: string): StyledSegment[] {
  if (!line.includes('\x1b')) return [{ text: line }]
  const entries = Anser.ansiToJson(line, { json: true, remove_empty: true, use_classes: true })
  return entries.map((entry) => {
    const segment: StyledSegment = { text: entry.content }
    const fg = colour(entry.fg, entry.fg_truecolor)
    const bg = colour(entry.bg, entry.bg_truecolor)
    if (fg.className) segment.fgClass = fg.className
    if (fg.rgb) segment.fgRgb = fg.rgb
    if (bg.className) segment.bgClass = bg.className
    if (bg.rgb) segment.bgRgb = bg.rgb
    const decorations = entry.decorations ?? []
    if (decorations.includes('bold')) segment.bold = true
    if (decorations.includes('dim')) segment.dim = true
    if (decorations.includes('italic')) segment.italic = true
    if (decorations.includes('underline')) segment.underline = true
    return segment
  })
}

/** A segment's share of a highlighted match. */
export interface MarkedSegment extends StyledSegment {
  match: boolean
}

/**
 * Splits styled segments further where search matches start and end, so a
 * match can be marked without losing its colours. Ranges are offsets into
 * the plain text, sorted and not overlapping.
 */
export function markRanges(
  segments: StyledSegment[],
  ranges: ReadonlyArray<readonly [number, number]>,
): MarkedSegment[] {
  if (ranges.length === 0) return segments.map((s) => ({ ...s, match: false }))
  const out: MarkedSegment[] = []
  let offset = 0
  let r = 0
  for (const segment of segments) {
    const end = offset + segment.text.length
    let cursor = offset
    while (cursor < end) {
      while (r < ranges.length && ranges[r]![1] <= cursor) r++
      const range = ranges[r]
      let stop: number
      let match: boolean
      if (range && range[0] <= cursor) {
        stop = Math.min(end, range[1])
        match = true
      } else {
        stop = Math.min(end, range ? range[0] : end)
        match = false
      }
      out.push({ ...segment, text: segment.text.slice(cursor - offset, stop - offset), match })
      cursor = stop
    }
    offset = end
  }
  return out
}
