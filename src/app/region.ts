import type { Client } from '../domain/client.js';
import { defaultRegion, localeRegion } from '../domain/phone.js';
import {
  hasPhoneKeptAsWritten,
  type PhonesReadAgain,
  type RegionLearned,
  readPhonesAgain,
} from '../domain/phones-read-again.js';
import type { StoreAccess } from '../store/store.js';

export type { RegionLearned };

// A database keeps the region its phones were read in. Numbers written without a country code (`8 (912) 345-67-89`)
// are read in the configured region, else in the locale's; a write that read them in the locale's stores it as the
// database's, so that cron (LANG=C) and a colleague under another locale read the next ones the same way. Once a
// region is known, the phones stored while there was none are read again in it.

/** The region a write reads phones in, and the one it is to store when the database has none yet. */
export interface WriteRegion {
  region: string | undefined;
  learns?: { region: string; from: string };
}

/**
 * The region a write reads phones in, from the database's setting as read holding the write lock: the stored one
 * always wins (the first write decided it); else the file's (our export names it), else the locale's, to be stored.
 */
export function writeRegion(stored: string | undefined, file?: { region: string; name: string }): WriteRegion {
  if (stored) return { region: defaultRegion(stored) };
  const learnt = file ? { region: file.region, from: file.name } : localeFrom();
  return learnt ? { region: learnt.region, learns: learnt } : { region: undefined };
}

function localeFrom(): { region: string; from: string } | undefined {
  const locale = localeRegion();
  return locale && { region: locale.region, from: locale.variable };
}

export async function writeRegionIn(tx: StoreAccess): Promise<WriteRegion> {
  return writeRegion(await tx.settings.get('region'));
}

/**
 * For a write that matches against every stored client (an import): the clients as the region reads their phones
 * kept as written, when the write learns it; what `rememberRegion` then stores. Nothing changes otherwise: with a
 * region stored, those phones were read again when it was.
 */
export function clientsInRegion(clients: Client[], region: WriteRegion): PhonesReadAgain {
  if (!region.learns) return { clients, phones: [], pairs: [] };
  return readPhonesAgain(clients, region.learns.region);
}

/** Stores a learnt region, the phones it read again and the pairs they made, in the write's transaction. */
export async function rememberRegion(
  tx: StoreAccess,
  learns: { region: string; from: string },
  read: Pick<PhonesReadAgain, 'phones' | 'pairs'>,
): Promise<RegionLearned> {
  await tx.settings.set('region', learns.region);
  await storeReadAgain(tx, read);
  return learnedOf(learns, read);
}

export function learnedOf(
  learns: { region: string; from: string },
  read: Pick<PhonesReadAgain, 'phones' | 'pairs'>,
): RegionLearned {
  return { ...learns, phonesReadAgain: read.phones.length, possibleDuplicates: read.pairs.length };
}

async function storeReadAgain(tx: StoreAccess, read: Pick<PhonesReadAgain, 'phones' | 'pairs'>): Promise<void> {
  await tx.clients.storePhonesReadAgain(read.phones);
  await tx.imports.recordDuplicateCandidates(read.pairs, null);
}

/**
 * For a write that reads only the clients it needs (`crm client add`, `edit`): the region it reads phones in,
 * stored when learnt, with the phones kept as written read again in the database before anything is matched.
 */
export async function settleRegion(tx: StoreAccess): Promise<{ region: string | undefined; learned?: RegionLearned }> {
  const region = await writeRegionIn(tx);
  if (!region.learns) return { region: region.region };
  await tx.settings.set('region', region.learns.region);
  const read = await readStoredPhonesAgain(tx, region.learns.region);
  return { region: region.region, learned: learnedOf(region.learns, read) };
}

/**
 * Reads the stored phones kept as written again in `region`, in the database: the clients that have one, and those
 * that have a number one of them reads as (the pairs it makes), are all that is loaded.
 */
export async function readStoredPhonesAgain(
  tx: StoreAccess,
  region: string,
): Promise<Pick<PhonesReadAgain, 'phones' | 'pairs'>> {
  const ids = await tx.clients.withPhonesKeptAsWritten();
  if (ids.length === 0) return { phones: [], pairs: [] };
  const kept = (await tx.clients.load(ids)).filter(hasPhoneKeptAsWritten);
  const numbers = readPhonesAgain(kept, region).phones.map((phone) => phone.value);
  if (numbers.length === 0) return { phones: [], pairs: [] };
  const holders = await tx.clients.matchCandidates({ phones: numbers, emails: [], names: [], nameStarts: [] });
  const keptIds = new Set(ids);
  const others = holders.filter((id) => !keptIds.has(id));
  const read = readPhonesAgain([...kept, ...(await tx.clients.load(others))], region);
  await storeReadAgain(tx, read);
  return read;
}
