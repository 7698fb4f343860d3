/** The English catalogue: its shape is `Catalogue`, which every other language's catalogue must have. */
import { config } from './config.js';
import { commander, help } from './help.js';

export const en = { help, commander, config };

export type Catalogue = typeof en;
