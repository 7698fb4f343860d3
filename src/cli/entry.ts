/** The process: what bin/crm.js runs. Everything it does is in main.ts, which tests also run in-process. */
import { exitOnInterrupt, main } from './main.js';

exitOnInterrupt();
const code = await main(process.argv);
// Let pending stdout writes drain before exiting (a pipe to `head` or a file).
process.stdout.write('', () => process.exit(code));
