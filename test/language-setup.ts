/**
 * Every test file starts in English, as a process whose language is not chosen otherwise: renderers and use cases
 * called directly write their messages in it. A file that runs the CLI in Russian (runCli with LANG=ru_RU.UTF-8)
 * gets English back after each run (cli-harness.ts), and the next file starts here again.
 */
import { useLanguage } from '../src/i18n/index.js';

await useLanguage('en');
