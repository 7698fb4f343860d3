/**
 * Marks a SQLite file as ours ('PCRM'), so restore and open can tell a pocket-crm database from any other. A module
 * of its own: the language setting is looked up before the SQLite driver loads (peek-setting.ts).
 */
export const APPLICATION_ID = 0x5043524d;
