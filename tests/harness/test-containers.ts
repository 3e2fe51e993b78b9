import type Docker from 'dockerode'

import { testLabel, testRunId } from './labels'
import { testImage } from './test-image'

export interface TestContainerOptions {
  name?: string
  cmd: string[]
  /** Start it after creating it; false unless given. */
  start?: boolean
  labels?: Record<string, string>
  tty?: boolean
  /** The run to label it with; this run unless given. */
  runId?: string
}

/**
 * Creates a container of the test image, labelled with the run id. Its stop
 * timeout is one second: busybox as PID 1 ignores SIGTERM, and the tests
 * should not wait ten seconds for every stop.
 */
export async function createTestContainer(
  docker: Docker,
  options: TestContainerOptions,
): Promise<Docker.Container> {
  const container = await docker.createContainer({
    Image: testImage,
    Cmd: options.cmd,
    Tty: options.tty ?? false,
    OpenStdin: options.tty ?? false,
    StopTimeout: 1,
    Labels: { ...options.labels, [testLabel]: options.runId ?? testRunId },
    HostConfig: { NetworkMode: 'none' },
    ...(options.name ? { name: options.name } : {}),
  })
  if (options.start) await container.start()
  return container
}
