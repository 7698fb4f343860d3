import { connectStore, serverRoles } from '../store/store.js';

export interface InitResult {
  /** The database as messages name it. */
  where: string;
  /** Whether crm's roles were created and granted their rights. */
  roles: boolean;
}

/**
 * `crm init`: crm's tables in the database at `address` (an empty server database, or a SQLite file), and with
 * `roles` the server's roles for a team: crm_owner holding the tables, crm_user to read and write, crm_reports to
 * read. Safe to run again.
 */
export async function initDatabase(address: string, options: { roles?: boolean } = {}): Promise<InitResult> {
  const store = await connectStore(address, { create: true });
  const where = store.path;
  await store.close();
  if (options.roles) await serverRoles(address, true);
  return { where, roles: options.roles ?? false };
}

/** The SQL `crm init --roles` runs, for an administrator to read or to run by hand. */
export function rolesSql(address: string): Promise<string> {
  return serverRoles(address, false);
}
