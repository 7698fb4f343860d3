import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addMonths, firstDayOfMonth, monthOf } from '../domain/calendar.js';
import type { RecordKind } from '../domain/kinds.js';
import { type CsvValue, csvText } from '../exporters/csv-text.js';
import type { MonthlyReport } from '../reports/monthly.js';
import { lastFullMonth, type Period } from '../reports/period.js';
import { openStore } from '../store/store.js';
import { type DemoLanguage, type DemoYear, demoYear } from './demo-data.js';
import { importClients } from './import-clients.js';
import { importRecords } from './import-records.js';
import { type MoneySettings, moneySettings, monthly } from './reports.js';

export type { DemoLanguage } from './demo-data.js';

export interface DemoOptions {
  keep: boolean;
  language: DemoLanguage;
  today: string;
}

export interface DemoResult {
  databasePath: string;
  kept: boolean;
  /** The days the generated year covers. */
  year: Period;
  /** What the imports stored. */
  stored: { clients: number; visits: number; deals: number; answers: number };
  /** Rows an import refused: none, unless the generator and the importers disagree. */
  rejected: number;
  /** The monthly report of the last full month, as `crm report monthly` builds it. */
  report: MonthlyReport;
  money: MoneySettings;
  /** What the commands suggested next look at. */
  next: {
    /** Months long enough for the lost clients to show: from the fifth month of the year to the report's month. */
    churnPeriod: Period;
    /** A client who stayed away for months and came back in the report's month. */
    returnedClient: { id: number; name: string };
  };
}

const money = (minor: number | null) => (minor === null ? null : (minor / 100).toFixed(2));

/** The generated year as the four files an owner would import, in the columns crm reads. */
function demoFiles(year: DemoYear): Array<{ kind: 'clients' | RecordKind; name: string; rows: CsvValue[][] }> {
  const client = (index: number | null) => {
    const found = index === null ? undefined : year.clients[index];
    return [found?.name ?? null, found?.phone ?? null];
  };
  return [
    {
      kind: 'clients',
      name: 'clients.csv',
      rows: [
        ['Name', 'Phone', 'Email', 'Birthday', 'Source', 'Tags', 'Notes'],
        ...year.clients.map((c) => [c.name, c.phone, c.email, c.birthday, c.source, c.tags.join(', '), c.note]),
      ],
    },
    {
      kind: 'visits',
      name: 'visits.csv',
      rows: [
        ['Date', 'Client', 'Phone', 'Service', 'Amount', 'Note'],
        ...year.visits.map((v) => [v.date, ...client(v.client), v.service, money(v.amount), v.note]),
      ],
    },
    {
      kind: 'deals',
      name: 'deals.csv',
      rows: [
        [
          'Created',
          'Client',
          'Phone',
          'Title',
          'Amount',
          'Source',
          'Qualified',
          'Deal',
          'Won',
          'Lost',
          'Junk',
          'Reason',
        ],
        ...year.deals.map((d) => [
          d.created,
          ...client(d.client),
          d.title,
          money(d.amount),
          d.source,
          d.qualified,
          d.deal,
          d.won,
          d.lost,
          d.junk,
          d.reason,
        ]),
      ],
    },
    {
      kind: 'nps',
      name: 'nps.csv',
      rows: [
        ['Date', 'Client', 'Phone', 'Score', 'What could we improve', 'What did you like'],
        ...year.answers.map((a) => [a.date, ...client(a.client), a.score, a.improve, a.liked]),
      ],
    },
  ];
}

/**
 * `crm demo`: a generated year of a small salon, imported as an owner imports their files into a throw-away database
 * (never the user's own), and the monthly report of its last full month. `keep` leaves the database for other
 * commands to read.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const year = demoYear(options.today, options.language);
  const dir = mkdtempSync(join(tmpdir(), 'pocket-crm-demo-'));
  const databasePath = join(dir, 'crm.sqlite');
  const store = openStore(databasePath);
  try {
    for (const [key, value] of Object.entries(year.settings)) await store.settings.set(key, value);
    const stored = { clients: 0, visits: 0, deals: 0, answers: 0 };
    let rejected = 0;
    for (const { kind, name, rows } of demoFiles(year)) {
      const file = join(dir, name);
      writeFileSync(file, csvText(rows));
      const importOptions = { file, rejects: join(dir, `rejects-${name}`) };
      if (kind === 'clients') {
        const { counts } = (await importClients(store, importOptions)).plan;
        stored.clients += counts.created;
        rejected += counts.rejected;
      } else {
        const { counts } = (await importRecords(store, kind, importOptions)).plan;
        stored[kind === 'nps' ? 'answers' : kind] += counts.created;
        stored.clients += counts.new_clients;
        rejected += counts.rejected;
      }
    }
    const month = lastFullMonth(options.today);
    const returned = year.clients.find((client) => client.role === 'returned')!;
    const [returnedId] = await store.clients.findIds(returned.phone.replace(/\D/g, ''));
    return {
      databasePath,
      kept: options.keep,
      year: { from: year.from, to: year.to },
      stored,
      rejected,
      report: await monthly(store, month),
      money: await moneySettings(store),
      next: {
        churnPeriod: { from: firstDayOfMonth(addMonths(monthOf(year.from), 4)), to: month.to },
        returnedClient: { id: returnedId!, name: returned.name },
      },
    };
  } finally {
    await store.close();
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
  }
}
