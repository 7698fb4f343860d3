/** The English catalogue: its shape is `Catalogue`, which every other language's catalogue must have. */
import { config } from './config.js';
import { counts } from './counts.js';
import { commander, help } from './help.js';
import { reports } from './reports.js';

export const en = { help, commander, config, counts, reports };

export type Catalogue = typeof en;
