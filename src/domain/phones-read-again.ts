import type { Client, Contact } from './client.js';
import { type DuplicateReason, SAME_PHONE } from './matching.js';
import { normalisePhone } from './phone.js';

/**
 * A stored phone kept as written (`8 (912) 345-67-89` read with no region) that the database's region, once known,
 * reads as a valid number: the contact (its client and spelling) and the number it is.
 */
export interface PhoneReadAgain {
  clientId: number;
  raw: string;
  value: string;
}

/** Two clients that a phone read again gave the same number: for `crm client merge` to list, never merged. */
export interface ReadAgainPair {
  clientId: number;
  otherId: number;
  reason: DuplicateReason;
}

export interface PhonesReadAgain {
  /** The clients given, each whose phones changed replaced by a copy with the numbers read (in the same order). */
  clients: Client[];
  phones: PhoneReadAgain[];
  pairs: ReadAgainPair[];
}

/** Whether any of the client's phones was kept as written: the only clients worth reading again. */
export function hasPhoneKeptAsWritten(client: Pick<Client, 'phones'>): boolean {
  return client.phones.some((phone) => !phone.valid);
}

/**
 * The clients' phones kept as written that read as valid numbers in `region`, and each number so read that another
 * of the clients has (pairs are listed once, the client whose phone was read again first). A phone kept as written
 * because it is no number of the region stays so: reading it again in the region it was read in changes nothing.
 * `clients` must hold every client with one of the numbers read (all of them, or those a store finds by number).
 */
export function readPhonesAgain(clients: readonly Client[], region: string): PhonesReadAgain {
  const phones: PhoneReadAgain[] = [];
  const out: Client[] = [];
  for (const client of clients) {
    if (!hasPhoneKeptAsWritten(client)) {
      out.push(client);
      continue;
    }
    let changed = false;
    const read: Contact[] = client.phones.map((phone) => {
      if (phone.valid) return phone;
      const number = normalisePhone(phone.raw, region);
      if (!number.valid) return phone;
      changed = true;
      phones.push({ clientId: client.id, raw: phone.raw, value: number.value });
      return { ...phone, value: number.value, valid: true };
    });
    if (!changed) {
      out.push(client);
      continue;
    }
    // A number the client had already (written both ways) is one phone.
    const seen = new Set<string>();
    out.push({ ...client, phones: read.filter((phone) => !seen.has(phone.value) && seen.add(phone.value)) });
  }
  return { clients: out, phones, pairs: pairsOf(out, phones) };
}

function pairsOf(clients: readonly Client[], phones: readonly PhoneReadAgain[]): ReadAgainPair[] {
  if (phones.length === 0) return [];
  const holders = new Map<string, number[]>();
  for (const phone of phones) holders.set(phone.value, []);
  for (const client of clients) {
    for (const phone of client.phones) {
      const ids = phone.valid ? holders.get(phone.value) : undefined;
      if (ids && !ids.includes(client.id)) ids.push(client.id);
    }
  }
  const pairs: ReadAgainPair[] = [];
  const listed = new Set<string>();
  for (const { clientId, value } of phones) {
    for (const otherId of holders.get(value)!) {
      if (otherId === clientId) continue;
      const key = clientId < otherId ? `${clientId} ${otherId}` : `${otherId} ${clientId}`;
      if (listed.has(key)) continue;
      listed.add(key);
      pairs.push({ clientId, otherId, reason: SAME_PHONE });
    }
  }
  return pairs;
}

/** What a write that read phones in a region the database had none of stored, for the person to be told once. */
export interface RegionLearned {
  region: string;
  /** Where it came from: the locale variable that named it (`LANG`), or the file that did. */
  from: string;
  /** Phones kept as written that the region read as numbers. */
  phonesReadAgain: number;
  /** Pairs of clients those numbers made, listed for `crm client merge`. */
  possibleDuplicates: number;
}
