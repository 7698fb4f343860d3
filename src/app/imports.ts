import type { Batch, ImportProfile, Store, UndoResult } from '../store/store.js';
import { autoBackup } from './backup.js';

/** `crm import undo`: the state before the undo is copied to backups/ first, since the undo deletes rows. */
export async function undoImport(store: Store, batchId: number): Promise<UndoResult & { backup: string | null }> {
  const backup = await autoBackup(store, 'undo');
  return { ...(await store.imports.undo(batchId)), backup };
}

/** `crm import profiles`: the saved settings, by name. */
export function listProfiles(store: Store): Promise<ImportProfile[]> {
  return store.imports.listProfiles();
}

/** `crm import list`: every import, oldest first. */
export function listBatches(store: Store): Promise<Batch[]> {
  return store.batches.list();
}
