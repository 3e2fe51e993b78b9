import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'
import { defineConfigWithVueTs, vueTsConfigs } from '@vue/eslint-config-typescript'
import prettier from 'eslint-config-prettier'

const layer = (name, forbidden) => ({
  files: [`${name}/**/*.{ts,vue}`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: forbidden.map((other) => ({
          group: [`**/${other}/**`, `**/${other}`],
          message: `${name} may not import from ${other}; share code through src-preload/contract.`,
        })),
      },
    ],
  },
})

// The settings alone: a vueTsConfigs entry carries a marker that makes defineConfigWithVueTs
// move its own generated configs after it, and a list spread into an object gives a key "0".
const untyped = vueTsConfigs.disableTypeChecked[0]

export default defineConfigWithVueTs(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  pluginVue.configs['flat/recommended'],
  vueTsConfigs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        // The root tsconfig only references the three real ones; name them so
        // each file is checked with its own layer's options.
        projectService: false,
        project: ['./tsconfig.node.json', './tsconfig.web.json', './tsconfig.e2e.json'],
        extraFileExtensions: ['.vue'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Handlers are async by contract even when their answer is at hand.
      '@typescript-eslint/require-await': 'off',
      'no-console': 'error',
    },
  },
  {
    files: ['src-main/**/*.ts', 'tests/**/*.ts', '*.ts', '*.js'],
    languageOptions: { globals: globals.node },
  },
  { files: ['src-renderer/**/*.{ts,vue}'], languageOptions: { globals: globals.browser } },
  { files: ['tests/**/*.ts', '*.config.ts', '*.js'], rules: { 'no-console': 'off' } },
  // Plain JavaScript (this file, and the privileged helper in resources/, which runs on Node
  // alone) is outside the TypeScript projects, so it is linted without type information.
  {
    files: ['*.js', 'resources/**/*.mjs'],
    rules: untyped.rules,
    languageOptions: { ...untyped.languageOptions, globals: globals.node },
  },
  layer('src-main', ['src-renderer']),
  layer('src-renderer', ['src-main']),
  layer('src-preload', ['src-main', 'src-renderer']),
  prettier,
)
