import { describe, expect, it } from 'vitest';
import { addClient, editClient, mergeClients } from '../../src/app/clients.js';
import { getClient } from '../../src/store/clients.js';
import { openDatabase } from '../../src/store/db.js';
import { tempDbPath } from '../helpers.js';

/** Two connections to one database: the command under test, and another `crm` process writing beside it. */
function twoConnections() {
  const path = tempDbPath();
  const db = openDatabase(path);
  const other = openDatabase(path);
  return { path, db, other };
}

describe('client writes read the client again holding the write lock', () => {
  it('an edit adds its phone to the phones stored when it writes, not to those it read before', () => {
    const { db, other } = twoConnections();
    const { client } = addClient(db, { name: 'Иванова Мария', phones: ['+79001110001'] });
    // Found by the command, then another process adds a phone before the edit writes.
    editClient(other, client, { addPhones: ['+79001110002'] });
    const edited = editClient(db, client, { addPhones: ['+79001110003'] });
    expect(edited.phones.map((p) => p.value)).toEqual(['+79001110001', '+79001110002', '+79001110003']);
  });

  it('a merge takes the phone another process added to OTHER after it was found', () => {
    const { path, db, other } = twoConnections();
    const keep = addClient(db, { name: 'Иванова Мария Петровна', phones: ['+79001110001'] }).client;
    const merged = addClient(db, { name: 'Маша', phones: ['+79001110002'] }).client;
    editClient(other, merged, { addPhones: ['+79001110009'] });
    const result = mergeClients(db, keep, merged, path);
    expect(result.client.phones.map((p) => p.value)).toEqual(['+79001110001', '+79001110002', '+79001110009']);
    expect(getClient(db, merged.id)).toBeUndefined();
  });

  it('an edit of a client merged away meanwhile fails and writes nothing', () => {
    const { path, db, other } = twoConnections();
    const keep = addClient(db, { name: 'Иванова Мария Петровна' }).client;
    const merged = addClient(db, { name: 'Маша' }).client;
    mergeClients(other, keep, merged, path);
    expect(() => editClient(db, merged, { addPhones: ['+79001110002'] })).toThrow(/no client #2/);
    expect(getClient(db, keep.id)!.phones).toEqual([]);
  });
});

describe('a client name typed by hand', () => {
  it('is stored as an imported name is: runs of white space as one space', () => {
    const db = openDatabase(tempDbPath());
    const { client } = addClient(db, { name: ' Иванова  Мария\tПетровна ' });
    expect(getClient(db, client.id)?.name).toBe('Иванова Мария Петровна');
    const edited = editClient(db, client, { name: 'Иванова   Мария' });
    expect(edited.name).toBe('Иванова Мария');
  });
});
