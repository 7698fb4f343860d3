import type { Db } from '../../src/store/db.js';

/** A deterministic pseudo-random generator (mulberry32), so that every run seeds the same data. */
export function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY_MS = 86_400_000;

function isoDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function dayOf(iso: string): number {
  return Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
}

export interface LargeSeedOptions {
  clients: number;
  visits: number;
  deals: number;
  answers: number;
  /** The last day with data; history reaches five years back. */
  lastDay: string;
}

/**
 * Fills `db` with a business of the size the performance targets name (by default 100,000 clients and 1,000,000
 * visits over five years), inserted in date order as daily use would.
 */
export function seedLargeDataset(db: Db, options: LargeSeedOptions): void {
  const random = randomSource(20261122);
  const last = dayOf(options.lastDay);
  const first = last - 5 * 365;
  const sources = ['Instagram', 'Сайт', 'Яндекс.Карты', 'Сарафанное радио', 'VK', null];
  const services = ['Стрижка', 'Окрашивание', 'Маникюр', 'Педикюр', 'Укладка', 'Консультация'];
  const stagesAfterLead = ['qualified', 'deal', 'won'] as const;

  db.transaction(() => {
    const insertClient = db.prepare(
      "INSERT INTO clients (id, name, name_key, source, created) VALUES (?, ?, ?, ?, '2021-01-01')",
    );
    const insertPhone = db.prepare(
      "INSERT INTO client_contacts (client_id, kind, value, raw, valid, position, search) VALUES (?, 'phone', ?, ?, 1, 0, ?)",
    );
    for (let id = 1; id <= options.clients; id++) {
      const name = `Клиент ${id}`;
      insertClient.run(id, name, name.toLowerCase(), sources[Math.floor(random() * sources.length)]);
      const phone = `+7912${String(id).padStart(7, '0')}`;
      insertPhone.run(id, phone, phone, phone.slice(1));
    }
    for (let tag = 1; tag <= 10; tag++)
      db.prepare('INSERT INTO tags (name, name_key) VALUES (?, ?)').run(`tag${tag}`, `tag${tag}`);
    const insertTag = db.prepare('INSERT OR IGNORE INTO client_tags (client_id, tag_id) VALUES (?, ?)');
    for (let id = 1; id <= options.clients; id++) {
      if (random() < 0.3) insertTag.run(id, 1 + Math.floor(random() * 10));
    }

    // Visits in date order: each day picks clients at random, so every client's visits spread over the years.
    const insertVisit = db.prepare('INSERT INTO visits (client_id, date, amount, service) VALUES (?, ?, ?, ?)');
    const perDay = options.visits / (last - first + 1);
    let made = 0;
    for (let day = first; day <= last && made < options.visits; day++) {
      const today = isoDay(day);
      const count = Math.min(options.visits - made, Math.round(perDay * (0.5 + random())));
      for (let i = 0; i < count; i++) {
        const client = 1 + Math.floor(random() ** 1.5 * options.clients);
        const free = random() < 0.1;
        const amount = free ? 0 : 50_000 + Math.floor(random() * 50) * 10_000;
        insertVisit.run(client, today, amount, services[Math.floor(random() * services.length)]);
      }
      made += count;
    }

    const insertDeal = db.prepare(
      'INSERT INTO deals (client_id, title, amount, source, stage, created) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const insertStage = db.prepare('INSERT INTO deal_stages (deal_id, stage, date, reason) VALUES (?, ?, ?, ?)');
    for (let i = 0; i < options.deals; i++) {
      const created = first + Math.floor(((i + random()) / options.deals) * (last - first));
      const reached = Math.floor(random() * 4);
      const outcome = random();
      const stages: Array<[string, number, string | null]> = [['lead', created, null]];
      let day = created;
      for (let s = 0; s < reached; s++) {
        day += 1 + Math.floor(random() * 10);
        stages.push([stagesAfterLead[s]!, day, null]);
      }
      if (reached < 3 && outcome < 0.5) stages.push(['lost', day + 3, random() < 0.5 ? 'Дорого' : null]);
      else if (reached === 0 && outcome < 0.7) stages.push(['junk', day, null]);
      const stage = stages[stages.length - 1]![0];
      const amount = random() < 0.1 ? null : 100_000 + Math.floor(random() * 100) * 10_000;
      const dealId = insertDeal.run(
        1 + Math.floor(random() * options.clients),
        `Сделка ${i}`,
        amount,
        sources[Math.floor(random() * sources.length)],
        stage,
        isoDay(created),
      ).lastInsertRowid;
      for (const [name, at, reason] of stages) insertStage.run(dealId, name, isoDay(Math.min(at, last)), reason);
    }

    const insertAnswer = db.prepare('INSERT INTO nps_answers (client_id, date, score) VALUES (?, ?, ?)');
    for (let i = 0; i < options.answers; i++) {
      const day = first + Math.floor(((i + random()) / options.answers) * (last - first));
      insertAnswer.run(1 + Math.floor(random() * options.clients), isoDay(day), Math.floor(random() * 11));
    }
  })();
}
