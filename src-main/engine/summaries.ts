import type Docker from 'dockerode'

import {
  containerStates,
  type ContainerState,
  type ContainerSummary,
  type PortMapping,
} from '../../src-preload/contract'

const composeProjectLabel = 'com.docker.compose.project'
const composeServiceLabel = 'com.docker.compose.service'

/** Converts one entry of `GET /containers/json` to the renderer's row shape. */
export function toSummary(info: Docker.ContainerInfo): ContainerSummary {
  const labels = info.Labels ?? {}
  const summary: ContainerSummary = {
    id: info.Id,
    name: (info.Names?.[0] ?? info.Id.slice(0, 12)).replace(/^\//, ''),
    image: info.Image,
    command: info.Command ?? '',
    state: toState(info.State),
    status: info.Status ?? '',
    created: info.Created,
    ports: toPorts(info.Ports ?? []),
    labels,
  }
  const project = labels[composeProjectLabel]
  const service = labels[composeServiceLabel]
  if (project) summary.composeProject = project
  if (service) summary.composeService = service
  return summary
}

export function toState(value: string | undefined): ContainerState {
  const state = (value ?? '').toLowerCase()
  return (containerStates as readonly string[]).includes(state) ? (state as ContainerState) : 'dead'
}

function toPorts(ports: Docker.Port[]): PortMapping[] {
  const seen = new Set<string>()
  const result: PortMapping[] = []
  for (const port of ports) {
    // The engine lists a published port once per address family; show it once.
    const key = `${port.PrivatePort}/${port.Type}/${port.PublicPort ?? ''}`
    if (seen.has(key)) continue
    seen.add(key)
    const mapping: PortMapping = { privatePort: port.PrivatePort, protocol: port.Type }
    if (port.PublicPort) mapping.publicPort = port.PublicPort
    if (port.IP) mapping.ip = port.IP
    result.push(mapping)
  }
  return result
}
