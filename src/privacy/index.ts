export { DailyKeyer } from './daily-keyer.ts';
