/**
 * Numbered schema migrations. Each runs in its own transaction and is recorded in schema_migrations; a database
 * whose highest recorded version is above the last one here was written by a newer pocket-crm and is refused.
 * Never edit a migration that has shipped: add the next number.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      -- One row per import; rows created by an import carry its id so that undo can find them.
      -- status 'running' survives only when a process died mid-import: such a batch is rolled back on next open.
      CREATE TABLE import_batches (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('clients', 'visits', 'deals', 'nps')),
        file TEXT NOT NULL,
        file_sha256 TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        status TEXT NOT NULL CHECK (status IN ('running', 'done')),
        settings TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(settings)),
        rows_read INTEGER NOT NULL DEFAULT 0,
        created INTEGER NOT NULL DEFAULT 0,
        updated INTEGER NOT NULL DEFAULT 0,
        unchanged INTEGER NOT NULL DEFAULT 0,
        rejected INTEGER NOT NULL DEFAULT 0
      ) STRICT;

      -- What an import changed in rows it did not create: the columns before and after, for undo.
      CREATE TABLE batch_changes (
        id INTEGER PRIMARY KEY,
        batch_id INTEGER NOT NULL REFERENCES import_batches(id) ON DELETE CASCADE,
        table_name TEXT NOT NULL,
        row_id INTEGER NOT NULL,
        before TEXT NOT NULL CHECK (json_valid(before)),
        after TEXT NOT NULL CHECK (json_valid(after))
      ) STRICT;
      CREATE INDEX batch_changes_batch ON batch_changes(batch_id);

      CREATE TABLE import_profiles (
        name TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        settings TEXT NOT NULL CHECK (json_valid(settings)),
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE clients (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        -- Case-folded name: SQLite here has no ICU, so lower()/LIKE do not fold Cyrillic.
        name_key TEXT NOT NULL,
        source TEXT,
        birthday TEXT,
        note TEXT,
        extra TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(extra)),
        created TEXT NOT NULL,
        archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
        batch_id INTEGER REFERENCES import_batches(id)
      ) STRICT;
      CREATE INDEX clients_name_key ON clients(name_key);

      -- Phones and e-mails, several per client; position 0 is the primary one.
      -- value: E.164 phone or lower-cased e-mail when valid, else the phone's digits / the trimmed e-mail.
      CREATE TABLE client_contacts (
        id INTEGER PRIMARY KEY,
        client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('phone', 'email')),
        value TEXT NOT NULL,
        raw TEXT NOT NULL,
        label TEXT,
        valid INTEGER NOT NULL CHECK (valid IN (0, 1)),
        position INTEGER NOT NULL,
        -- Phones: the digits as written and as normalised, so a search by any part of the number finds it.
        search TEXT NOT NULL,
        batch_id INTEGER REFERENCES import_batches(id)
      ) STRICT;
      CREATE INDEX client_contacts_value ON client_contacts(kind, value);
      CREATE INDEX client_contacts_client ON client_contacts(client_id, kind, position);

      CREATE TABLE tags (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL UNIQUE,
        batch_id INTEGER REFERENCES import_batches(id)
      ) STRICT;

      CREATE TABLE client_tags (
        id INTEGER PRIMARY KEY,
        client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        tag_id INTEGER NOT NULL REFERENCES tags(id),
        batch_id INTEGER REFERENCES import_batches(id),
        UNIQUE (client_id, tag_id)
      ) STRICT;
      CREATE INDEX client_tags_tag ON client_tags(tag_id);

      -- Pairs an import could not decide on (same name, contradicting phone or e-mail): for crm client merge.
      CREATE TABLE duplicate_candidates (
        id INTEGER PRIMARY KEY,
        client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        other_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        reason TEXT NOT NULL,
        batch_id INTEGER REFERENCES import_batches(id),
        UNIQUE (client_id, other_id)
      ) STRICT;

      -- A visit is a purchase when amount > 0; amount is in minor units (kopecks, cents).
      CREATE TABLE visits (
        id INTEGER PRIMARY KEY,
        client_id INTEGER NOT NULL REFERENCES clients(id),
        date TEXT NOT NULL,
        amount INTEGER NOT NULL CHECK (amount >= 0),
        service TEXT,
        note TEXT,
        -- Columns of an imported journal that map to no field, keyed by header.
        extra TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(extra)),
        batch_id INTEGER REFERENCES import_batches(id)
      ) STRICT;
            -- Repeat rate, churn, RFM and due read each client's purchases by date; with the amount in the index they
      -- never touch the table (measured on a million visits: RFM 2.6 s -> 0.7 s).
      CREATE INDEX visits_client_date ON visits(client_id, date, amount);
            -- Period reports scan a date range and sum amounts per client: covering, they never read the table.
      CREATE INDEX visits_date ON visits(date, client_id, amount);

      -- client_id is NULL for a lead that left no name, phone or e-mail (a wrong number): it still counts as a lead.
      CREATE TABLE deals (
        id INTEGER PRIMARY KEY,
        client_id INTEGER REFERENCES clients(id),
        title TEXT NOT NULL,
        amount INTEGER CHECK (amount IS NULL OR amount >= 0),
        source TEXT,
        stage TEXT NOT NULL CHECK (stage IN ('lead', 'qualified', 'deal', 'won', 'lost', 'junk')),
        created TEXT NOT NULL,
        reason TEXT,
        note TEXT,
        extra TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(extra)),
        batch_id INTEGER REFERENCES import_batches(id)
      ) STRICT;
      CREATE INDEX deals_created ON deals(created);
      CREATE INDEX deals_client ON deals(client_id);

      -- Every stage a deal entered, with its date; the deal's current stage is the latest row.
      CREATE TABLE deal_stages (
        id INTEGER PRIMARY KEY,
        deal_id INTEGER NOT NULL REFERENCES deals(id) ON DELETE CASCADE,
        stage TEXT NOT NULL CHECK (stage IN ('lead', 'qualified', 'deal', 'won', 'lost', 'junk')),
        date TEXT NOT NULL,
        reason TEXT,
        batch_id INTEGER REFERENCES import_batches(id)
      ) STRICT;
      CREATE INDEX deal_stages_deal ON deal_stages(deal_id, stage);
      CREATE INDEX deal_stages_stage_date ON deal_stages(stage, date);

      CREATE TABLE nps_answers (
        id INTEGER PRIMARY KEY,
        client_id INTEGER NOT NULL REFERENCES clients(id),
        date TEXT NOT NULL,
        score INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
        improve TEXT,
        liked TEXT,
        extra TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(extra)),
        batch_id INTEGER REFERENCES import_batches(id)
      ) STRICT;
      CREATE INDEX nps_answers_date ON nps_answers(date);
      CREATE INDEX nps_answers_client ON nps_answers(client_id, date);
    `,
  },
  {
    version: 2,
    name: 'first and second purchase of each client',
    sql: `
      -- Each client's first and second purchase dates (purchases: visits with amount > 0, and won deals on the day
      -- they were won). Repeat rate, cohorts and new-versus-returning read one row per client here instead of the
      -- whole visit history. second is NULL while the client has one purchase; a client with none has no row.
      -- The triggers below keep it for every write; a bulk import suspends visits_purchase_insert and adds the dates
      -- it inserted at the end, in the same transaction.
      CREATE TABLE client_purchases (
        client_id INTEGER PRIMARY KEY,
        first TEXT NOT NULL,
        second TEXT
      ) STRICT;
      CREATE INDEX client_purchases_first ON client_purchases(first);
      CREATE INDEX client_purchases_second ON client_purchases(second) WHERE second IS NOT NULL;

      -- The two rules live in the INSTEAD OF triggers of two views, so that triggers and imports share one copy.
      -- Inserting (client, first, second) into purchase_dates_added merges two more purchase dates (second may be
      -- NULL) into the client's row: the two earliest of the four.
      CREATE VIEW purchase_dates_added (client_id, first, second) AS SELECT NULL, NULL, NULL WHERE 0;
      CREATE TRIGGER purchase_dates_added INSTEAD OF INSERT ON purchase_dates_added BEGIN
        INSERT INTO client_purchases (client_id, first, second) VALUES (NEW.client_id, NEW.first, NEW.second)
        ON CONFLICT (client_id) DO UPDATE SET
          first = min(first, excluded.first),
          second = nullif(
            CASE WHEN first <= excluded.first
              THEN min(coalesce(second, '9999-12-31'), excluded.first)
              ELSE min(first, coalesce(excluded.second, '9999-12-31')) END,
            '9999-12-31');
      END;

      -- Inserting a client id into purchase_dates_recomputed reads the client's two earliest purchases again: after a
      -- purchase was removed or changed, which no merge can undo.
      CREATE VIEW purchase_dates_recomputed (client_id) AS SELECT NULL WHERE 0;
      CREATE TRIGGER purchase_dates_recomputed INSTEAD OF INSERT ON purchase_dates_recomputed
      WHEN NEW.client_id IS NOT NULL BEGIN
        DELETE FROM client_purchases WHERE client_id = NEW.client_id;
        INSERT INTO purchase_dates_added (client_id, first, second)
          SELECT NEW.client_id, min(date), CASE WHEN count(*) = 2 THEN max(date) END FROM (
            SELECT v.date FROM visits v INDEXED BY visits_client_date
            WHERE v.client_id = NEW.client_id AND v.amount > 0 ORDER BY v.date LIMIT 2)
          HAVING count(*) > 0;
        INSERT INTO purchase_dates_added (client_id, first, second)
          SELECT NEW.client_id, coalesce(
              (SELECT min(s.date) FROM deal_stages s INDEXED BY deal_stages_deal
               WHERE s.deal_id = d.id AND s.stage = 'won'),
              d.created), NULL
          FROM deals d INDEXED BY deals_client WHERE d.client_id = NEW.client_id AND d.stage = 'won';
      END;

      CREATE TRIGGER visits_purchase_insert AFTER INSERT ON visits WHEN NEW.amount > 0 BEGIN
        INSERT INTO purchase_dates_added VALUES (NEW.client_id, NEW.date, NULL);
      END;
      CREATE TRIGGER visits_purchase_delete AFTER DELETE ON visits WHEN OLD.amount > 0 BEGIN
        INSERT INTO purchase_dates_recomputed VALUES (OLD.client_id);
      END;
      CREATE TRIGGER visits_purchase_update AFTER UPDATE OF client_id, date, amount ON visits
      WHEN OLD.amount > 0 OR NEW.amount > 0 BEGIN
        INSERT INTO purchase_dates_recomputed SELECT OLD.client_id UNION SELECT NEW.client_id;
      END;

      CREATE TRIGGER deals_purchase_insert AFTER INSERT ON deals WHEN NEW.stage = 'won' BEGIN
        INSERT INTO purchase_dates_recomputed VALUES (NEW.client_id);
      END;
      CREATE TRIGGER deals_purchase_delete AFTER DELETE ON deals WHEN OLD.stage = 'won' BEGIN
        INSERT INTO purchase_dates_recomputed VALUES (OLD.client_id);
      END;
      CREATE TRIGGER deals_purchase_update AFTER UPDATE OF client_id, stage, created ON deals
      WHEN OLD.stage = 'won' OR NEW.stage = 'won' BEGIN
        INSERT INTO purchase_dates_recomputed SELECT OLD.client_id UNION SELECT NEW.client_id;
      END;
      CREATE TRIGGER deal_stages_purchase_insert AFTER INSERT ON deal_stages WHEN NEW.stage = 'won' BEGIN
        INSERT INTO purchase_dates_recomputed SELECT client_id FROM deals WHERE id = NEW.deal_id;
      END;
      CREATE TRIGGER deal_stages_purchase_delete AFTER DELETE ON deal_stages WHEN OLD.stage = 'won' BEGIN
        INSERT INTO purchase_dates_recomputed SELECT client_id FROM deals WHERE id = OLD.deal_id;
      END;
      CREATE TRIGGER deal_stages_purchase_update AFTER UPDATE OF deal_id, stage, date ON deal_stages
      WHEN OLD.stage = 'won' OR NEW.stage = 'won' BEGIN
        INSERT INTO purchase_dates_recomputed SELECT client_id FROM deals WHERE id IN (OLD.deal_id, NEW.deal_id);
      END;

      -- The history stored so far.
      INSERT INTO purchase_dates_recomputed
        SELECT client_id FROM visits WHERE amount > 0 UNION SELECT client_id FROM deals WHERE stage = 'won';
    `,
  },
  {
    version: 3,
    name: 'names a merged client was known by',
    sql: `
      -- After crm client merge KEEP OTHER: OTHER's name (and its own aliases), as written, kept as names of KEEP, so
      -- that an import naming the client the old way finds KEEP instead of creating OTHER again.
      CREATE TABLE client_aliases (
        id INTEGER PRIMARY KEY,
        client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        -- Case-folded as clients.name_key.
        name_key TEXT NOT NULL,
        UNIQUE (client_id, name_key)
      ) STRICT;
      CREATE INDEX client_aliases_name_key ON client_aliases(name_key);
    `,
  },
  {
    version: 4,
    name: 'paid visits per client and per day',
    sql: `
      -- Paid visits (amount > 0) summed per client and per day, so that a report over a long period reads one row per
      -- client or per day instead of every visit: a client's figures over a period are its lifetime ones less the
      -- visits outside the period, whichever side is shorter to read. Won deals are not here: they are few, and are
      -- read per period from deal_stages. revenue is REAL like SQLite's total(): exact up to 2^53 minor units, where
      -- an INTEGER sum would stop a write with "integer overflow" past 2^63.
      -- The triggers below keep both for every write; a bulk import suspends the insert trigger and rebuilds them at
      -- the end, an undo suspends the delete trigger and recounts the clients it touched.
      CREATE TABLE paid_visits_by_client (
        client_id INTEGER PRIMARY KEY,
        purchases INTEGER NOT NULL,
        revenue REAL NOT NULL,
        last TEXT NOT NULL
      ) STRICT;
      CREATE TABLE paid_visits_by_day (
        date TEXT PRIMARY KEY,
        purchases INTEGER NOT NULL,
        revenue REAL NOT NULL
      ) STRICT, WITHOUT ROWID;

      -- The rules, once each, as INSTEAD OF triggers of views (as for client_purchases): inserting a visit's
      -- (client_id, date, amount) into paid_visit_added counts it in; into paid_visit_removed counts it out, once it is
      -- no longer in visits (a client's last date is then looked up again from the visits left).
      CREATE VIEW paid_visit_added (client_id, date, amount) AS SELECT NULL, NULL, NULL WHERE 0;
      CREATE TRIGGER paid_visit_added INSTEAD OF INSERT ON paid_visit_added BEGIN
        INSERT INTO paid_visits_by_client (client_id, purchases, revenue, last)
          VALUES (NEW.client_id, 1, NEW.amount, NEW.date)
        ON CONFLICT (client_id) DO UPDATE SET
          purchases = purchases + 1, revenue = revenue + excluded.revenue, last = max(last, excluded.last);
        INSERT INTO paid_visits_by_day (date, purchases, revenue) VALUES (NEW.date, 1, NEW.amount)
        ON CONFLICT (date) DO UPDATE SET purchases = purchases + 1, revenue = revenue + excluded.revenue;
      END;

      CREATE VIEW paid_visit_removed (client_id, date, amount) AS SELECT NULL, NULL, NULL WHERE 0;
      CREATE TRIGGER paid_visit_removed INSTEAD OF INSERT ON paid_visit_removed BEGIN
        UPDATE paid_visits_by_client SET
          purchases = purchases - 1,
          revenue = revenue - NEW.amount,
          last = CASE WHEN last > NEW.date THEN last ELSE coalesce(
            (SELECT v.date FROM visits v INDEXED BY visits_client_date
             WHERE v.client_id = NEW.client_id AND v.amount > 0 ORDER BY v.date DESC LIMIT 1), last) END
        WHERE client_id = NEW.client_id;
        DELETE FROM paid_visits_by_client WHERE client_id = NEW.client_id AND purchases <= 0;
        UPDATE paid_visits_by_day SET purchases = purchases - 1, revenue = revenue - NEW.amount WHERE date = NEW.date;
        DELETE FROM paid_visits_by_day WHERE date = NEW.date AND purchases <= 0;
      END;

      -- Inserting a client id into paid_visits_recounted counts that client's row again from its visits; inserting
      -- anything into paid_visits_by_client_rebuilt or paid_visits_by_day_rebuilt counts a whole table again from
      -- every visit (after a bulk load or an undo, which suspend the per-visit triggers).
      CREATE VIEW paid_visits_recounted (client_id) AS SELECT NULL WHERE 0;
      CREATE TRIGGER paid_visits_recounted INSTEAD OF INSERT ON paid_visits_recounted BEGIN
        DELETE FROM paid_visits_by_client WHERE client_id = NEW.client_id;
        INSERT INTO paid_visits_by_client (client_id, purchases, revenue, last)
          SELECT NEW.client_id, count(*), total(amount), max(date) FROM visits INDEXED BY visits_client_date
          WHERE client_id = NEW.client_id AND amount > 0
          HAVING count(*) > 0;
      END;
      CREATE VIEW paid_visits_by_client_rebuilt (everything) AS SELECT NULL WHERE 0;
      CREATE TRIGGER paid_visits_by_client_rebuilt INSTEAD OF INSERT ON paid_visits_by_client_rebuilt BEGIN
        DELETE FROM paid_visits_by_client;
        INSERT INTO paid_visits_by_client (client_id, purchases, revenue, last)
          SELECT client_id, count(*), total(amount), max(date) FROM visits INDEXED BY visits_client_date
          WHERE amount > 0 GROUP BY client_id;
      END;
      CREATE VIEW paid_visits_by_day_rebuilt (everything) AS SELECT NULL WHERE 0;
      CREATE TRIGGER paid_visits_by_day_rebuilt INSTEAD OF INSERT ON paid_visits_by_day_rebuilt BEGIN
        DELETE FROM paid_visits_by_day;
        INSERT INTO paid_visits_by_day (date, purchases, revenue)
          SELECT date, count(*), total(amount) FROM visits INDEXED BY visits_date
          WHERE amount > 0 GROUP BY date;
      END;

      CREATE TRIGGER visits_paid_insert AFTER INSERT ON visits WHEN NEW.amount > 0 BEGIN
        INSERT INTO paid_visit_added VALUES (NEW.client_id, NEW.date, NEW.amount);
      END;
      CREATE TRIGGER visits_paid_delete AFTER DELETE ON visits WHEN OLD.amount > 0 BEGIN
        INSERT INTO paid_visit_removed VALUES (OLD.client_id, OLD.date, OLD.amount);
      END;
      CREATE TRIGGER visits_paid_update AFTER UPDATE OF client_id, date, amount ON visits
      WHEN OLD.amount > 0 OR NEW.amount > 0 BEGIN
        INSERT INTO paid_visit_removed SELECT OLD.client_id, OLD.date, OLD.amount WHERE OLD.amount > 0;
        INSERT INTO paid_visit_added SELECT NEW.client_id, NEW.date, NEW.amount WHERE NEW.amount > 0;
      END;

      -- Won deals by the day they were created: every report finds the won deals of a period without a stage row
      -- among them (dated that day) here, instead of walking every deal created in the period.
      CREATE INDEX deals_won_created ON deals(created) WHERE stage = 'won';

      -- The history stored so far.
      INSERT INTO paid_visits_by_client_rebuilt VALUES (1);
      INSERT INTO paid_visits_by_day_rebuilt VALUES (1);
    `,
  },
  {
    version: 5,
    name: 'service in the index of visits by date',
    sql: `
      -- The visits of a day ordered by service, then client: a period's visits of each service read from the index
      -- alone, one row per day and service, for ARPU by service and the usual service of crm due. Without it each
      -- visit's service was looked up in the table (1-3 µs a visit; a million visits in every report over a year of
      -- a busy salon). A summary per client and service would have to be counted again after every bulk load (a sort
      -- of every visit: longer than the two visits indexes together); the index costs its build's share instead.
      DROP INDEX visits_date;
      CREATE INDEX visits_date ON visits(date, service, client_id, amount);
    `,
  },
  {
    version: 6,
    name: 'clients by name; per-client facts of crm due, kept where a report may write',
    sql: `
      -- Per client, what crm due works out from all its visits and won deals: the last purchase day and the median gap
      -- between its distinct purchase days (src/reports/due.ts, purchaseRhythm; NULL without a purchase, the gap NULL
      -- with a single day) and its usual service (NULL when none). A row is written the first time crm due needs the
      -- client, and deleted by the triggers below on any write to the client's visits, deals or their stages: a row
      -- present is always true. Counting it for every client takes every visit sorted by client (about a second on a
      -- million visits), so a bulk load does not count it again: it drops the insert trigger and empties the table.
      CREATE TABLE client_due_facts (
        client_id INTEGER PRIMARY KEY REFERENCES clients(id) ON DELETE CASCADE,
        last TEXT,
        median_gap REAL,
        usual_service TEXT
      ) STRICT;

      CREATE TRIGGER visits_due_insert AFTER INSERT ON visits BEGIN
        DELETE FROM client_due_facts WHERE client_id = NEW.client_id;
      END;
      CREATE TRIGGER visits_due_delete AFTER DELETE ON visits BEGIN
        DELETE FROM client_due_facts WHERE client_id = OLD.client_id;
      END;
      CREATE TRIGGER visits_due_update AFTER UPDATE OF client_id, date, amount, service ON visits BEGIN
        DELETE FROM client_due_facts WHERE client_id IN (OLD.client_id, NEW.client_id);
      END;
      CREATE TRIGGER deals_due_insert AFTER INSERT ON deals WHEN NEW.client_id IS NOT NULL BEGIN
        DELETE FROM client_due_facts WHERE client_id = NEW.client_id;
      END;
      CREATE TRIGGER deals_due_delete AFTER DELETE ON deals WHEN OLD.client_id IS NOT NULL BEGIN
        DELETE FROM client_due_facts WHERE client_id = OLD.client_id;
      END;
      CREATE TRIGGER deals_due_update AFTER UPDATE OF client_id, stage, created ON deals BEGIN
        DELETE FROM client_due_facts WHERE client_id IN (OLD.client_id, NEW.client_id);
      END;
      CREATE TRIGGER deal_stages_due_insert AFTER INSERT ON deal_stages BEGIN
        DELETE FROM client_due_facts WHERE client_id = (SELECT client_id FROM deals WHERE id = NEW.deal_id);
      END;
      CREATE TRIGGER deal_stages_due_delete AFTER DELETE ON deal_stages BEGIN
        DELETE FROM client_due_facts WHERE client_id = (SELECT client_id FROM deals WHERE id = OLD.deal_id);
      END;
      CREATE TRIGGER deal_stages_due_update AFTER UPDATE ON deal_stages BEGIN
        DELETE FROM client_due_facts
        WHERE client_id IN ((SELECT client_id FROM deals WHERE id = OLD.deal_id),
                            (SELECT client_id FROM deals WHERE id = NEW.deal_id));
      END;

      -- Clients in the order crm explain lists them (name, then id): read from the index, not sorted every time.
      CREATE INDEX clients_name ON clients(name);
    `,
  },
  {
    version: 7,
    name: 'imports undone keep their numbers',
    sql: `
      -- An import undone: its number is never given to a later import (a second \`crm import undo N\`, a retry or a
      -- colleague's, must not undo another), and undoing it again says when it was undone.
      CREATE TABLE undone_imports (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        file TEXT NOT NULL,
        undone_at TEXT NOT NULL
      ) STRICT;
    `,
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
