import { createApp } from 'vue';
import App from './App.vue';
import { createPlenaryI18n, preferredLocale, type Locale } from './i18n/index.ts';
import { createPlenaryRouter } from './router.ts';
import './styles/base.css';

const saved = window.localStorage.getItem('plenary.locale');
const locale: Locale = saved === 'en' || saved === 'ru' ? saved : preferredLocale(navigator.languages);
document.documentElement.lang = locale;

createApp(App).use(createPlenaryRouter()).use(createPlenaryI18n(locale)).mount('#app');
