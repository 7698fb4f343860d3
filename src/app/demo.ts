import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '../domain/client.js';
import type { RecordKind } from '../domain/kinds.js';
import { openStore } from '../store/store.js';
import { type ImportClientsReport, importClients } from './import-clients.js';
import type { RecordImportReport } from './import-common.js';
import { importRecords } from './import-records.js';

/** The bundled sample files `crm demo` imports: one per dialect we read. */
export const DEMO_CLIENT_FILES = [
  'clients/csv-calc-cp1251.csv',
  'clients/csv-excel-utf8bom.csv',
  'clients/csv-english-comma.csv',
  'clients/csv-google-contacts.csv',
  'clients/csv-outlook.csv',
  'clients/csv-excel-unicode.txt',
  'clients/vcard-android-21-qp.vcf',
  'clients/vcard-nokia-21-cp1251.vcf',
  'clients/vcard-iphone-30.vcf',
  'clients/vcard-google-40.vcf',
];

/** Journals imported after the clients: a salon's year of visits, its deals and NPS answers. */
export const DEMO_RECORD_FILES: Array<{ kind: RecordKind; file: string }> = [
  { kind: 'visits', file: 'visits/visits-calc-ru.csv' },
  { kind: 'visits', file: 'visits/visits-english.csv' },
  { kind: 'deals', file: 'deals/deals-ru.csv' },
  { kind: 'deals', file: 'deals/deals-english.csv' },
  { kind: 'nps', file: 'nps/nps-ru.csv' },
  { kind: 'nps', file: 'nps/nps-english.csv' },
];

/** The installed package's root, found from wherever the bundler put this chunk. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'pocket-crm')
      return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the pocket-crm package root');
    dir = parent;
  }
}

export interface DemoResult {
  databasePath: string;
  imports: ImportClientsReport[];
  journals: RecordImportReport[];
  clients: Client[];
  kept: boolean;
}

/** Imports the bundled fixtures into a throw-away database (never the user's own) and reports what landed. */
export async function runDemo(keep: boolean): Promise<DemoResult> {
  const dir = mkdtempSync(join(tmpdir(), 'pocket-crm-demo-'));
  const databasePath = join(dir, 'crm.sqlite');
  const store = openStore(databasePath);
  try {
    await store.settings.set('region', 'RU');
    const fixtures = join(packageRoot(), 'fixtures');
    const imports: ImportClientsReport[] = [];
    for (const file of DEMO_CLIENT_FILES) {
      const rejects = join(dir, `rejects-${file.replace('/', '-')}.csv`);
      imports.push(await importClients(store, { file: join(fixtures, file), rejects }));
    }
    const journals: RecordImportReport[] = [];
    for (const { kind, file } of DEMO_RECORD_FILES) {
      const rejects = join(dir, `rejects-${file.replace('/', '-')}.csv`);
      journals.push(await importRecords(store, kind, { file: join(fixtures, file), rejects }));
    }
    return { databasePath, imports, journals, clients: await store.clients.load(), kept: keep };
  } finally {
    await store.close();
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}
