import { createI18n } from 'vue-i18n'

import { en } from './en'
import { zhCN } from './zh-CN'

export const locales = ['en', 'zh-CN'] as const
export type Locale = (typeof locales)[number]

/** The system's language when Berth speaks it, English otherwise. */
export function systemLocale(languages: readonly string[] = navigator.languages): Locale {
  for (const language of languages) {
    if (/^zh(-CN|-Hans|-SG)?$/i.test(language) || /^zh-Hans/i.test(language)) return 'zh-CN'
    if (/^en\b/i.test(language)) return 'en'
  }
  return 'en'
}

export const i18n = createI18n({
  legacy: false,
  locale: systemLocale(),
  fallbackLocale: 'en',
  messages: { en, 'zh-CN': zhCN },
})
