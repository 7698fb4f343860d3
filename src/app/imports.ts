import type { Batch, ImportProfile, Store, UndoneImport, UndoResult } from '../store/store.js';
import { withAutoBackup } from './backup.js';

/** `crm import undo`: the state before the undo is copied to backups/ first, since the undo deletes rows. */
export async function undoImport(store: Store, batchId: number): Promise<UndoResult & { backup: string | null }> {
  const { result, backup } = await withAutoBackup(store, 'undo', () => store.imports.undo(batchId));
  return { ...result, backup };
}

/** `crm import profiles`: the saved settings, by name. */
export function listProfiles(store: Store): Promise<ImportProfile[]> {
  return store.imports.listProfiles();
}

/** What `crm import list` shows: every import there is, and the imports undone, whose numbers stay taken. */
export interface ImportHistory {
  batches: Batch[];
  undone: UndoneImport[];
}

/** `crm import list`: every import, oldest first, and the undone ones, so that a missing number is explained. */
export function listBatches(store: Store): Promise<ImportHistory> {
  return store.snapshot(async (tx) => ({ batches: await tx.batches.list(), undone: await tx.batches.undone() }));
}
