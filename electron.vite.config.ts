import { resolve } from 'node:path'

import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'electron-vite'

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve('src-main/index.ts'),
          web: resolve('src-main/web.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload is loaded as one classic script: no ES module syntax,
      // no shared chunks, and no require() of anything but electron.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src-preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: resolve('src-renderer'),
    build: {
      rollupOptions: { input: resolve('src-renderer/index.html') },
    },
    plugins: [vue()],
  },
})
