// The admin UI's entry: the page styles, the language, then the shell (which renders in it).
import './app.css';
import { initLocale } from './i18n.ts';

// The language is set before the first render, so nobody sees English flash before French.
await initLocale();
await import('./ll-app.ts');
