import { isDeepStrictEqual } from 'node:util'

import type {
  DaemonJsonChange,
  MirrorCheck,
  MirrorIssue,
  RegistryLists,
} from '../../src-preload/contract'
import { readDaemonDocument, setTopLevelValues, type DaemonDocument } from './daemon-json'
import { insecureKey, mirrorsKey, reloadableDaemonKeys } from './daemon-keys'
import { checkLists, sameList, type RuleContext } from './mirror-rules'

/** A change worked out against the file as it is now. */
export interface ChangePlan extends MirrorCheck {
  /**
   * The lists the daemon should report once it has read the new document, in
   * its normalized form; a list the document does not name is left as the
   * daemon has it, so it is not checked.
   */
  expected: Partial<RegistryLists>
}

/**
 * Builds the document a change would write and checks it by dockerd's rules.
 * Edited lists change only their own keys' text; a raw document is taken
 * as the user wrote it, byte for byte.
 */
export function planChange(
  current: { exists: boolean; text: string },
  change: DaemonJsonChange,
  context: RuleContext,
): ChangePlan {
  const before = current.text.trim() === '' ? undefined : readDaemonDocument(current.text)
  const candidate = 'raw' in change ? change.raw : editLists(before, change, context)

  if (typeof candidate !== 'string') return { ...candidate, changedKeys: [], restartKeys: [] }

  const after = readDaemonDocument(candidate)
  const listIssues = after.value ? checkLists(listsOf(after), context) : undefined
  const issues = [...after.issues, ...(listIssues?.issues ?? [])]
  if (issues.length > 0) {
    return { issues, changedKeys: [], restartKeys: [], expected: {} }
  }

  const changedKeys = changedKeysOf(before?.value ?? {}, after.value ?? {})
  const expected: Partial<RegistryLists> = {}
  if (after.mirrors) expected.mirrors = listIssues!.normalized.mirrors
  if (after.insecureRegistries) {
    expected.insecureRegistries = listIssues!.normalized.insecureRegistries
  }
  return {
    issues: [],
    document: candidate,
    changedKeys,
    restartKeys: changedKeys.filter((key) => !reloadableDaemonKeys.has(key)),
    expected,
  }
}

function editLists(
  before: DaemonDocument | undefined,
  change: RegistryLists,
  context: RuleContext,
): string | { issues: MirrorIssue[]; expected: Partial<RegistryLists> } {
  const checked = checkLists(change, context)
  if (checked.issues.length > 0) return { issues: checked.issues, expected: {} }

  // A file dockerd cannot read is mended in the raw editor, where the user sees all of it.
  if (before && before.issues.length > 0) return { issues: before.issues, expected: {} }

  const old = before ? listsOf(before) : { mirrors: [], insecureRegistries: [] }
  const oldChecked = checkLists(old, context)
  const values: Array<[string, string[]]> = []
  const wanted = checked.normalized
  if (listChanged(before?.mirrors, oldChecked.normalized.mirrors, wanted.mirrors, false)) {
    values.push([mirrorsKey, wanted.mirrors])
  }
  const oldInsecure = oldChecked.normalized.insecureRegistries
  if (listChanged(before?.insecureRegistries, oldInsecure, wanted.insecureRegistries, true)) {
    values.push([insecureKey, wanted.insecureRegistries])
  }
  return values.length === 0 ? (before?.text ?? '') : setTopLevelValues(before?.text ?? '', values)
}

/**
 * Whether a list's key needs new text. An absent key stays absent while the
 * list is empty; a present one is rewritten only when its entries differ
 * once normalized, so `https://a` is not churned into `https://a/`.
 */
function listChanged(
  written: unknown[] | undefined,
  oldNormalized: string[],
  wanted: string[],
  unordered: boolean,
): boolean {
  if (written === undefined) return wanted.length > 0
  if (written.length !== oldNormalized.length) return true
  if (unordered) return !sameList([...oldNormalized].sort(), [...wanted].sort())
  return !sameList(oldNormalized, wanted)
}

export function listsOf(document: DaemonDocument): RegistryLists {
  return {
    mirrors: (document.mirrors ?? []) as string[],
    insecureRegistries: (document.insecureRegistries ?? []) as string[],
  }
}

function changedKeysOf(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)])
  return [...keys].filter((key) => !isDeepStrictEqual(before[key], after[key])).sort()
}
