import type { MirrorIssue } from '../../../src-preload/contract'

export type Translate = (key: string, named: Record<string, unknown>) => string

/**
 * An issue in the user's language, from its code and parameters. The main
 * process's English sentence is the fallback for an issue whose details
 * cannot be put into words here, so nothing is ever shown blank.
 */
export function issueText(issue: MirrorIssue, t: Translate): string {
  const params = issue.params ?? {}
  if (issue.code === 'json-syntax' && params.line === undefined) return issue.message

  const list = t(`mirrors.issues.list.${issue.list}`, {})
  const subject =
    issue.position === undefined
      ? list
      : issue.code === 'empty'
        ? t('mirrors.issues.subjectBare', { list, position: issue.position })
        : t('mirrors.issues.subject', {
            list,
            position: issue.position,
            entry: shorten(issue.entry ?? ''),
          })
  const version = params.version || t('mirrors.issues.unknownVersion', {})
  return t(`mirrors.issues.${issue.code}`, { ...params, subject, version })
}

function shorten(entry: string): string {
  return entry.length > 80 ? `${entry.slice(0, 77)}…` : entry
}
