import { createPinia } from 'pinia'
import { createApp } from 'vue'

import { provideClient } from './api'
import { connectBridge, createClient } from './api/client'
import App from './App.vue'
import { i18n } from './i18n'
import { createAppRouter } from './routes'
import './styles/theme.css'

const app = createApp(App)
provideClient(app, createClient(connectBridge()))
app.use(createPinia())
app.use(i18n)
app.use(createAppRouter())
app.mount('#app')
