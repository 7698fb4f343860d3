/** Types of test/postgres-copy.mjs. */
export function copyRows(path: string, address: string): Promise<void>;
export function addressOf(admin: string, name: string): string;
export function createDatabase(admin: string, template: string, prefix: string): Promise<string>;
export function dropDatabases(admin: string, names: string[]): Promise<void>;
export function copyDatabase(client: import('pg').Client, name: string, template: string): Promise<void>;
