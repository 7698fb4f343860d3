/** The Russian catalogue, typed as the English one: a key or a plural form left out fails tsc. */
import type { Catalogue } from '../en/index.js';
import { config } from './config.js';
import { counts } from './counts.js';
import { errors } from './errors.js';
import { commander, help } from './help.js';
import { imports } from './imports.js';
import { records } from './records.js';
import { reports } from './reports.js';
import { rows } from './rows.js';
import { said } from './said.js';
import { store } from './store.js';

export const ru: Catalogue = { help, commander, config, counts, reports, records, imports, rows, said, errors, store };
