import { defineStore } from 'pinia'
import { ref, watch } from 'vue'

import { i18n, systemLocale, type Locale } from '../i18n'

export type ThemeChoice = 'system' | 'light' | 'dark'
export type LocaleChoice = 'system' | Locale

const storageKey = 'berth.preferences'

interface Saved {
  theme?: ThemeChoice
  locale?: LocaleChoice
}

function load(): Saved {
  try {
    return JSON.parse(localStorage.getItem(storageKey) ?? '{}') as Saved
  } catch {
    return {}
  }
}

/** Theme and language: follow the system unless the user picked one. */
export const usePreferencesStore = defineStore('preferences', () => {
  const saved = load()
  const theme = ref<ThemeChoice>(saved.theme ?? 'system')
  const locale = ref<LocaleChoice>(saved.locale ?? 'system')

  watch(
    [theme, locale],
    () => {
      localStorage.setItem(storageKey, JSON.stringify({ theme: theme.value, locale: locale.value }))
      const root = document.documentElement
      if (theme.value === 'system') delete root.dataset.theme
      else root.dataset.theme = theme.value

      const active = locale.value === 'system' ? systemLocale() : locale.value
      i18n.global.locale.value = active
      root.lang = active
    },
    { immediate: true },
  )

  return { theme, locale }
})
