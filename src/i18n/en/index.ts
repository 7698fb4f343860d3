/** The English catalogue: its shape is `Catalogue`, which every other language's catalogue must have. */
import { config } from './config.js';
import { counts } from './counts.js';
import { commander, help } from './help.js';

export const en = { help, commander, config, counts };

export type Catalogue = typeof en;
