// `crm config`: a setting is read and written as stored; the command checks a new value (domain/config.ts) before
// it opens the database.
export { getSetting, listSettings, setSetting, unsetSetting } from '../store/settings.js';
