/** A daemon version as three numbers; "20.10.24+dfsg1" reads as [20, 10, 24]. */
export type VersionTriple = readonly [number, number, number]

export function parseEngineVersion(version: string | undefined): VersionTriple | undefined {
  const match = /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(version?.trim() ?? '')
  if (!match) return undefined
  return [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)]
}

export function versionAtLeast(version: string | undefined, minimum: VersionTriple): boolean {
  const parsed = parseEngineVersion(version)
  if (!parsed) return false
  for (let i = 0; i < 3; i++) {
    if (parsed[i]! !== minimum[i]!) return parsed[i]! > minimum[i]!
  }
  return true
}

/** The first engine that accepts a mirror with a path, such as `https://host/docker/`. */
export const mirrorPathVersion: VersionTriple = [24, 0, 8]

/** The first engine with `dockerd --validate`. */
export const validateFlagVersion: VersionTriple = [23, 0, 0]
