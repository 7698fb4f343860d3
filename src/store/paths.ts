import { join } from 'node:path';
import envPaths from 'env-paths';

/** `--db`, else `CRM_DB`, else the per-user data directory (`~/.local/share/pocket-crm/crm.sqlite` on Linux). */
export function resolveDatabasePath(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (option) return option;
  if (env.CRM_DB) return env.CRM_DB;
  return join(envPaths('pocket-crm', { suffix: '' }).data, 'crm.sqlite');
}
