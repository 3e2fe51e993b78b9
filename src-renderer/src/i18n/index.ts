import { createI18n } from 'vue-i18n'

import { appMessages } from './messages/app'
import { containerMessages } from './messages/containers'
import { engineConnectionMessages } from './messages/engine-connection'
import { logMessages } from './messages/logs'
import { mirrorMessages } from './messages/mirrors'
import { terminalMessages } from './messages/terminal'

export const locales = ['en', 'zh-CN'] as const
export type Locale = (typeof locales)[number]

/** Each feature's texts, English and Simplified Chinese side by side. */
export const messages = {
  en: {
    ...appMessages.en,
    ...containerMessages.en,
    ...engineConnectionMessages.en,
    ...mirrorMessages.en,
    ...logMessages.en,
    ...terminalMessages.en,
  },
  'zh-CN': {
    ...appMessages['zh-CN'],
    ...containerMessages['zh-CN'],
    ...engineConnectionMessages['zh-CN'],
    ...mirrorMessages['zh-CN'],
    ...logMessages['zh-CN'],
    ...terminalMessages['zh-CN'],
  },
}

/** The system's language when Berth speaks it, English otherwise. */
export function systemLocale(languages: readonly string[] = navigator.languages): Locale {
  for (const language of languages) {
    if (/^zh(-CN|-SG|-Hans.*)?$/i.test(language)) return 'zh-CN'
    if (/^en\b/i.test(language)) return 'en'
  }
  return 'en'
}

export const i18n = createI18n({
  legacy: false,
  locale: systemLocale(),
  fallbackLocale: 'en',
  messages,
})
