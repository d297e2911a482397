import { createApp } from 'vue';
import App from './App.vue';
import { createPlenaryI18n, loadStrings, preferredLocale, type Locale } from './i18n/index.ts';
import { createPlenaryRouter } from './router.ts';
import './styles/base.css';

const saved = window.localStorage.getItem('plenary.locale');
const locale: Locale = saved === 'en' || saved === 'ru' ? saved : preferredLocale(navigator.languages);
document.documentElement.lang = locale;

const i18n = createPlenaryI18n(locale);
const router = createPlenaryRouter();
// The join page needs only its own strings; any other page waits for the rest, which download
// beside its code (started before, awaited after its components load).
const restOfStrings = () => loadStrings(i18n.global, i18n.global.locale.value as Locale, 'rest');
router.beforeEach((to) => {
  if (!to.meta.joinStrings) void restOfStrings().catch(() => undefined);
});
router.beforeResolve(async (to) => {
  if (!to.meta.joinStrings) await restOfStrings();
});

// The router starts loading the route's code as it is installed, so the strings and the route's
// chunks download side by side; index.html's shell stays on screen until the mount.
const app = createApp(App).use(router).use(i18n);
await loadStrings(i18n.global, locale, 'first');
app.mount('#app');
// While the person fills the join form, the next page's strings arrive.
void restOfStrings().catch(() => undefined);
