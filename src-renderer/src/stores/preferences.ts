import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'

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

  // The store lives as long as the page, and so does this listener.
  const darkQuery = window.matchMedia('(prefers-color-scheme: dark)')
  const systemDark = ref(darkQuery.matches)
  darkQuery.addEventListener('change', (event) => (systemDark.value = event.matches))
  const systemLanguage = ref(systemLocale())
  window.addEventListener('languagechange', () => (systemLanguage.value = systemLocale()))
  /** The theme in force: the user's choice, or the system's. */
  const resolvedTheme = computed<'light' | 'dark'>(() =>
    theme.value === 'system' ? (systemDark.value ? 'dark' : 'light') : theme.value,
  )

  watch(
    [theme, resolvedTheme, locale, systemLanguage],
    () => {
      localStorage.setItem(storageKey, JSON.stringify({ theme: theme.value, locale: locale.value }))
      const root = document.documentElement
      root.dataset.theme = resolvedTheme.value

      const active = locale.value === 'system' ? systemLanguage.value : locale.value
      i18n.global.locale.value = active
      root.lang = active
    },
    { immediate: true },
  )

  return { theme, resolvedTheme, locale }
})
