import { createApp } from 'vue';
import App from './App.vue';
import { createPlenaryI18n, loadMessages, preferredLocale, type Locale } from './i18n/index.ts';
import { createPlenaryRouter } from './router.ts';
import './styles/base.css';

const saved = window.localStorage.getItem('plenary.locale');
const locale: Locale = saved === 'en' || saved === 'ru' ? saved : preferredLocale(navigator.languages);
document.documentElement.lang = locale;

// The router starts loading the route's code as it is installed, so the language's strings and
// the route's chunks download side by side; index.html's shell stays on screen until the mount.
const app = createApp(App).use(createPlenaryRouter());
app.use(createPlenaryI18n(locale, await loadMessages(locale))).mount('#app');
