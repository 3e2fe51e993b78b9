import { randomBytes } from 'node:crypto'

import type Docker from 'dockerode'

/** Marks everything the tests create, with the run that created it as value. */
export const testLabel = 'berth.test'

const runIdVariable = 'BERTH_TEST_RUN_ID'

/**
 * This run's id. The global setup picks it and hands it to the test workers
 * through the environment, so its teardown can find what every file made.
 */
export const testRunId: string = (process.env[runIdVariable] ??= newRunId())

export function newRunId(): string {
  return `run-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`
}

/** Removes, by force, every container labelled with the run id, and nothing else. */
export async function removeTestResources(docker: Docker, runId: string): Promise<number> {
  const labelled = await docker.listContainers({
    all: true,
    filters: { label: [`${testLabel}=${runId}`] },
  })
  // A few at a time: a thousand removals at once make the daemon drop connections.
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < labelled.length) {
      const info = labelled[next++]!
      try {
        await docker.getContainer(info.Id).remove({ force: true, v: true })
      } catch (error) {
        // Already gone, or already being removed: both are what was wanted.
        const status = (error as { statusCode?: number }).statusCode
        if (status !== 404 && status !== 409) throw error
      }
    }
  }
  await Promise.all(Array.from({ length: 6 }, worker))
  return labelled.length
}
