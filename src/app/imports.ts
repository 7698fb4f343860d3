import { type UndoResult, undoBatch } from '../store/batches.js';
import { storeOnConnection } from '../store/connection.js';
import type { Db } from '../store/db.js';
import { autoBackup } from './backup.js';

// `crm import list` and `crm import profiles` show what the store keeps, as it keeps it.
export { listBatches } from '../store/batches.js';
export { listProfiles } from '../store/profiles.js';

/** `crm import undo`: the state before the undo is copied to backups/ first, since the undo deletes rows. */
export async function undoImport(
  db: Db,
  databasePath: string,
  batchId: number,
): Promise<UndoResult & { backup: string | null }> {
  const backup = await autoBackup(storeOnConnection(db, databasePath), 'undo');
  return { ...undoBatch(db, batchId), backup };
}
