/** The English catalogue: its shape is `Catalogue`, which every other language's catalogue must have. */
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

export const en = { help, commander, config, counts, reports, records, imports, rows, said, errors, store };

export type Catalogue = typeof en;
