import { describe, expect, it } from 'vitest';
import type { Client } from '../../src/domain/client.js';
import { planClientImport } from '../../src/domain/client-import.js';
import type { ClientRecord } from '../../src/domain/input.js';

function record(line: number, fields: Partial<ClientRecord>): ClientRecord {
  return { line, phones: [], emails: [], tags: [], extra: {}, ...fields };
}

const stored: Client = {
  id: 5,
  name: 'Анна Смирнова',
  phones: [{ value: '+79162345678', raw: '8 916 234-56-78', label: null, valid: true }],
  emails: [],
  source: 'Instagram',
  tags: [],
  birthday: null,
  note: null,
  extra: {},
  created: '2026-01-10',
  archived: false,
};

describe('planClientImport', () => {
  it('decides create, update, duplicate and reject per row', () => {
    const plan = planClientImport(
      [
        record(2, { name: 'Анна Смирнова', phones: [{ value: '+7 916 234 56 78' }], birthday: '1988-03-14' }),
        record(3, { name: 'Борис Орлов', phones: [{ value: '8 903 111-22-33' }] }),
        record(4, { name: 'Борис Орлов', phones: [{ value: '+79031112233' }], emails: [{ value: 'Boris@Mail.RU' }] }),
        record(5, { name: 'Борис Орлов', phones: [{ value: '8-903-111-22-33' }] }),
        record(6, { name: '', phones: [], emails: [] }),
      ],
      [{ line: 7, field: 'Дата рождения', reason: { code: 'notADate', value: '31.02.1990' } }],
      [stored],
      'RU',
      '2026-11-22',
    );
    expect(plan.rows.map((r) => [r.line, r.action])).toEqual([
      [2, 'update'],
      [3, 'create'],
      [4, 'update'],
      [5, 'duplicate'],
      [6, 'reject'],
      [7, 'reject'],
    ]);
    expect(plan.counts).toEqual({ read: 6, created: 1, updated: 2, duplicate: 1, rejected: 2 });
    expect(plan.updates.get(5)?.fill).toEqual({ birthday: '1988-03-14' });
    const created = [...plan.creates.values()];
    expect(created).toHaveLength(1);
    // Row 4 matched the client row 3 creates: its e-mail lands on the one new client, not a second one.
    expect(created[0]!.emails.map((e) => e.value)).toEqual(['boris@mail.ru']);
    expect(created[0]!.phones.map((p) => p.value)).toEqual(['+79031112233']);
    expect(created[0]!.created).toBe('2026-11-22');
  });

  it('creates a new client and names the possible duplicate when a same-named record has another phone', () => {
    const plan = planClientImport(
      [record(2, { name: 'анна смирнова', phones: [{ value: '+79990001122' }] })],
      [],
      [stored],
      'RU',
      '2026-11-22',
    );
    expect(plan.rows[0]).toMatchObject({ action: 'create', possibleDuplicates: [5] });
  });

  it('keeps the record’s own created date', () => {
    const plan = planClientImport([record(2, { name: 'Новая', created: '2024-02-29' })], [], [], 'RU', '2026-11-22');
    expect([...plan.creates.values()][0]!.created).toBe('2024-02-29');
  });

  it('keeps rows of different file ids apart, even of one name and one phone, and merges rows of one id', () => {
    const phones = [{ value: '8 912 345-67-89' }];
    const plan = planClientImport(
      [
        record(2, { name: 'Голубев Михаил', phones, fileId: '9' }),
        record(3, { name: 'Голубев Михаил', phones, fileId: '63' }),
        record(4, { name: 'Голубев Михаил', phones, emails: [{ value: 'm@example.ru' }], fileId: '63' }),
      ],
      [],
      [],
      'RU',
      '2026-11-22',
    );
    expect(plan.rows.map((r) => r.action)).toEqual(['create', 'create', 'update']);
    expect(plan.rows[1]!.warnings).toEqual([
      { code: 'sharedContactOtherRow', contact: '+79123456789', name: 'Голубев Михаил' },
    ]);
    expect(plan.rows[2]).toMatchObject({ target: (plan.rows[1] as { ref: number }).ref });
  });

  it('finds each stored client again when the file is imported back into its own database', () => {
    const phones = [{ value: '+79162345678' }];
    const wife = { ...stored, id: 6, name: 'Смирнова Ирина' };
    const husband = { ...stored, id: 5, name: 'Смирнов Андрей' };
    const plan = planClientImport(
      [
        record(2, { name: 'Смирнов Андрей', phones, fileId: '5' }),
        record(3, { name: 'Смирнова Ирина', phones, fileId: '6' }),
      ],
      [],
      [husband, wife],
      'RU',
      '2026-11-22',
    );
    expect(plan.rows.map((r) => [r.action, 'target' in r ? r.target : null, r.warnings])).toEqual([
      ['duplicate', 5, []],
      ['duplicate', 6, []],
    ]);
  });

  it('makes a client of a row whose name clearly names someone else than its phone’s client, listed beside it', () => {
    // A family's phone: Ирина is not Анна. `Смирнова А.` and an address book's one word (`Мама`) may be her.
    const plan = planClientImport(
      [
        record(2, { name: 'Смирнова Ирина', phones: [{ value: '8 916 234-56-78' }] }),
        record(3, { name: 'Смирнова А.', phones: [{ value: '8 916 234-56-78' }], note: 'журнал' }),
        record(4, { name: 'Мама', phones: [{ value: '8 916 234-56-78' }], birthday: '1990-01-01' }),
      ],
      [],
      [stored],
      'RU',
      '2026-11-22',
    );
    expect(plan.rows.map((r) => ('target' in r ? r.target : r.action))).toEqual(['create', 5, 5]);
    expect(plan.rows[0]).toMatchObject({ action: 'create', possibleDuplicates: [5] });
    expect(plan.rows[1]).toMatchObject({
      conflicts: [{ field: 'name', stored: 'Анна Смирнова', incoming: 'Смирнова А.' }],
    });
  });
});
