import { isIPv4, isIPv6 } from 'node:net'

/**
 * The network of a CIDR written the way the daemon prints it: host bits
 * cleared, IPv6 in its shortest form. "10.1.2.3/8" becomes "10.0.0.0/8".
 * Undefined when the text is not a CIDR.
 */
export function normalizeCidr(text: string): string | undefined {
  const slash = text.indexOf('/')
  if (slash < 0) return undefined
  const address = text.slice(0, slash)
  const prefixText = text.slice(slash + 1)
  if (!/^\d{1,3}$/.test(prefixText)) return undefined
  const prefix = Number(prefixText)

  if (isIPv4(address)) {
    if (prefix > 32) return undefined
    const octets = address.split('.').map(Number)
    return `${mask(octets, 8, prefix).join('.')}/${prefix}`
  }
  if (isIPv6(address) && !address.includes('.')) {
    if (prefix > 128) return undefined
    const groups = mask(expandIPv6(address), 16, prefix)
    return `${compressIPv6(groups)}/${prefix}`
  }
  return undefined
}

/** Whether the text is an address with a prefix length at all, valid or not. */
export function looksLikeCidr(text: string): boolean {
  return /^[0-9a-fA-F:.]+\/\d*$/.test(text)
}

function mask(parts: number[], bits: number, prefix: number): number[] {
  return parts.map((part, index) => {
    const keep = Math.max(0, Math.min(bits, prefix - index * bits))
    const partMask = keep === 0 ? 0 : ((2 ** bits - 1) << (bits - keep)) & (2 ** bits - 1)
    return part & partMask
  })
}

function expandIPv6(address: string): number[] {
  const [head = '', tail] = address.split('::')
  const left = head ? head.split(':') : []
  const right = tail !== undefined && tail !== '' ? tail.split(':') : []
  const zeros =
    tail === undefined ? [] : new Array<string>(8 - left.length - right.length).fill('0')
  return [...left, ...zeros, ...right].map((group) => parseInt(group, 16))
}

function compressIPv6(groups: number[]): string {
  // The longest run of two or more zero groups becomes "::", as Go and RFC 5952 write it.
  let bestStart = -1
  let bestLength = 1
  for (let i = 0; i < groups.length;) {
    if (groups[i] !== 0) {
      i++
      continue
    }
    let j = i
    while (j < groups.length && groups[j] === 0) j++
    if (j - i > bestLength) {
      bestStart = i
      bestLength = j - i
    }
    i = j
  }
  const hex = groups.map((group) => group.toString(16))
  if (bestStart < 0) return hex.join(':')
  const before = hex.slice(0, bestStart).join(':')
  const after = hex.slice(bestStart + bestLength).join(':')
  return `${before}::${after}`
}
