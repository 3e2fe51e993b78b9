import type { Messages } from './types'

const en = {
  app: {
    name: 'Berth',
    navigation: 'Sections',
    skipToContent: 'Skip to content',
  },
  nav: {
    containers: 'Containers',
    engineSettings: 'Engine settings',
  },
  preferences: {
    theme: 'Theme',
    language: 'Language',
    system: 'System',
    light: 'Light',
    dark: 'Dark',
    en: 'English',
    zhCN: '简体中文',
  },
  engine: {
    connecting: 'Connecting to the engine at {host}…',
    connected: 'Docker Engine {version} at {host}',
    retryIn: 'Trying again in {seconds} s.',
    retryNow: 'Retry now',
    lost: 'The connection to Berth was lost. Reload the page to reconnect.',
    reload: 'Reload',
    problem: {
      'socket-missing': {
        title: 'No container engine found',
        body:
          'There is no engine socket at {host}. Install Docker Engine or Podman, or start it, ' +
          'for example with “sudo systemctl start docker”.',
      },
      'not-running': {
        title: 'The container engine is not running',
        body:
          'The socket {host} exists but nothing answers on it. Start the engine, for example ' +
          'with “sudo systemctl start docker”.',
      },
      'permission-denied': {
        title: 'Permission denied on the engine socket',
        body:
          'Your user may not use {host}. Add yourself to the docker group (“sudo usermod -aG ' +
          'docker $USER”, then log in again). Anyone in that group can control the engine, ' +
          'which is the same as root access to this machine.',
      },
      'daemon-error': {
        title: 'The container engine reported an error',
        body: '{message}',
      },
    },
  },
  time: {
    justNow: 'just now',
  },
}

const zhCN: Messages<typeof en> = {
  app: {
    name: 'Berth',
    navigation: '导航',
    skipToContent: '跳到主要内容',
  },
  nav: {
    containers: '容器',
    engineSettings: '引擎设置',
  },
  preferences: {
    theme: '主题',
    language: '语言',
    system: '跟随系统',
    light: '浅色',
    dark: '深色',
    en: 'English',
    zhCN: '简体中文',
  },
  engine: {
    connecting: '正在连接 {host} 上的容器引擎…',
    connected: 'Docker Engine {version}，位于 {host}',
    retryIn: '{seconds} 秒后重试。',
    retryNow: '立即重试',
    lost: '与 Berth 的连接已断开。请重新加载页面。',
    reload: '重新加载',
    problem: {
      'socket-missing': {
        title: '未找到容器引擎',
        body: '{host} 处没有引擎套接字。请安装 Docker Engine 或 Podman，或启动它，例如运行“sudo systemctl start docker”。',
      },
      'not-running': {
        title: '容器引擎未运行',
        body: '套接字 {host} 存在，但没有服务应答。请启动引擎，例如运行“sudo systemctl start docker”。',
      },
      'permission-denied': {
        title: '没有访问引擎套接字的权限',
        body:
          '当前用户无权使用 {host}。请把自己加入 docker 组（“sudo usermod -aG docker ' +
          '$USER”，然后重新登录）。该组的成员可以完全控制引擎，等同于拥有本机的 root 权限。',
      },
      'daemon-error': {
        title: '容器引擎报告了错误',
        body: '{message}',
      },
    },
  },
  time: {
    justNow: '刚刚',
  },
}

export const appMessages = { en, 'zh-CN': zhCN }
