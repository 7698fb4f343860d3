import { type Client, clientToJson } from '../domain/client.js';
import type { Deal, NpsAnswer, Visit } from '../domain/stored-records.js';
import { batchListing } from '../render/batches.js';
import { dealListing, npsListing, visitListing } from '../render/records.js';
import type { Batch } from '../store/batches.js';

export interface ExportData {
  clients: Client[];
  visits: Visit[];
  deals: Deal[];
  answers: NpsAnswer[];
  batches: Batch[];
}

/**
 * The JSON files: one array per kind, each object with the keys of that kind's `--json` listing (amounts in major
 * units, 1500.5), deals also with their full stage history and note. Ids link visits, deals and answers to clients.
 */
export function jsonDocuments(data: ExportData, today: string): Record<string, unknown[]> {
  // As the listings name a client: a nameless one by its phone or e-mail.
  const names = new Map(data.clients.map((c) => [c.id, c.name || c.phones[0]?.raw || c.emails[0]?.value || '']));
  const deals = dealListing(data.deals, names, today).json as Array<Record<string, unknown>>;
  return {
    clients: data.clients.map(clientToJson),
    visits: visitListing(data.visits, names).json as unknown[],
    deals: deals.map((deal, i) => ({ ...deal, note: data.deals[i]!.note, history: data.deals[i]!.history })),
    nps: npsListing(data.answers, names).json as unknown[],
    imports: batchListing(data.batches).json as unknown[],
  };
}

export function writeJson(document: unknown[]): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
