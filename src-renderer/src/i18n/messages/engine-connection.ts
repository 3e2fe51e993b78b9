import type { Messages } from './types'

const en = {
  engineConnection: {
    title: 'Engine connection',
    current: 'Connected to {host}.',
    currentOffline: 'Trying {host}.',
    source: {
      setting: 'the address you chose',
      DOCKER_HOST: 'the DOCKER_HOST variable',
      context: 'the docker context “{context}”',
      'default-socket': 'the standard socket',
      'rootless-socket': 'the rootless socket',
      'podman-socket': 'Podman’s socket',
    },
    from: 'Found through {source}.',
    address: 'Engine address',
    placeholder: 'unix:///var/run/docker.sock or tcp://host:2375',
    connect: 'Connect',
    automatic: 'Find automatically',
    automaticHint:
      'Berth looks where the docker CLI does: DOCKER_HOST, the current docker context, then ' +
      'the usual sockets of Docker and Podman.',
    rootWarning:
      'Whoever can use the engine’s socket controls this machine as root. Connect only to ' +
      'engines you trust, and grant access to the socket only to people you would give root.',
    failed: 'Could not switch: {message}',
  },
}

const zhCN: Messages<typeof en> = {
  engineConnection: {
    title: '引擎连接',
    current: '已连接到 {host}。',
    currentOffline: '正在尝试 {host}。',
    source: {
      setting: '你指定的地址',
      DOCKER_HOST: 'DOCKER_HOST 环境变量',
      context: 'docker 上下文“{context}”',
      'default-socket': '标准套接字',
      'rootless-socket': 'rootless 套接字',
      'podman-socket': 'Podman 的套接字',
    },
    from: '来源：{source}。',
    address: '引擎地址',
    placeholder: 'unix:///var/run/docker.sock 或 tcp://host:2375',
    connect: '连接',
    automatic: '自动查找',
    automaticHint:
      'Berth 按 docker 命令行的顺序查找：DOCKER_HOST、当前 docker 上下文，然后是 Docker 和 Podman 的常用套接字。',
    rootWarning:
      '能使用引擎套接字的人就能以 root 身份控制本机。只连接你信任的引擎，也只把套接字的访问权限授予你愿意给 root 权限的人。',
    failed: '无法切换：{message}',
  },
}

export const engineConnectionMessages = { en, 'zh-CN': zhCN }
