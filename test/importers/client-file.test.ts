import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readClientFile } from '../../src/importers/client-file.js';

const read = (path: string) =>
  readClientFile(readFileSync(new URL(`../../fixtures/${path}`, import.meta.url)), path.split('/').pop()!);
const csv = (text: string) => readClientFile(Buffer.from(text), 'contacts.csv');

describe('readClientFile on files as CRMs and mail programs write them', () => {
  it('reads a Bitrix24 contacts export: typed columns, several phones a cell, creation date, a company alone', () => {
    const { records } = read('clients/csv-bitrix-contacts.csv');
    expect(records.map((r) => r.name)).toEqual(['Мария Петровна Иванова', 'Сергей Петров', 'ООО Лютик', 'John Smith']);
    expect(records[0]).toMatchObject({
      phones: [
        { value: '+7 912 345-67-89', label: 'mobile' },
        { value: '+7 916 123-45-67', label: 'mobile' },
      ],
      emails: [{ value: 'maria.ivanova@mail.ru', label: 'home' }],
      birthday: '1990-05-17',
      created: '2025-03-12',
      source: 'Instagram',
      note: 'Постоянный клиент',
    });
    expect(records[1]).toMatchObject({
      phones: [
        { value: '+7 495 123-45-67', label: 'work' },
        { value: '8 (495) 222-33-44', label: 'home' },
      ],
      emails: [
        { value: 's.petrov@romashka.ru', label: 'work' },
        { value: 'news@romashka.ru', label: 'mailing' },
      ],
      created: '2025-06-01',
    });
    // The company names the contact and stays among its extra fields.
    expect(records[2]).toMatchObject({
      emails: [
        { value: 'info@lutik.ru', label: 'work' },
        { value: 'sales@lutik.ru', label: 'work' },
      ],
      extra: { Компания: 'ООО Лютик' },
    });
    expect(records[3]!.phones).toEqual([{ value: '447911123456', label: 'mobile' }]);
  });

  it('reads Outlook’s never-set fields as empty, in Russian and US exports', () => {
    const russian = read('clients/csv-outlook-ru.csv');
    expect(russian.records.map((r) => r.name)).toEqual(['Мария Петровна Иванова', 'Сергей Петров', 'ООО Лютик']);
    expect(russian.records[0]).toMatchObject({
      birthday: '1990-05-17',
      tags: ['VIP', 'Постоянные'],
      phones: [
        { value: '8 (343) 111-22-33', label: 'home' },
        { value: '+7 912 345-67-89', label: 'mobile' },
      ],
      extra: { Пол: 'Женский' },
    });
    expect(russian.records[1]).toMatchObject({ birthday: undefined, extra: { Организация: 'ООО Ромашка' } });
    expect(russian.records[2]!.extra).toEqual({ Организация: 'ООО Лютик' });
    const us = read('clients/csv-outlook-us.csv');
    expect(us.records.map((r) => [r.name, r.birthday, r.extra])).toEqual([
      ['John Smith', '1984-12-25', {}],
      ['Acme Inc.', undefined, { Company: 'Acme Inc.' }],
    ]);
    expect(us.problems).toEqual([]);
  });

  it('keeps False and Ложь of a file that is no Outlook export, and drops Unspecified of any', () => {
    const { records } = csv('Name,Phone,Subscribed,Gender,Anniversary\nAnna,+79123456789,False,Unspecified,0/0/00\n');
    expect(records[0]!.extra).toEqual({ Subscribed: 'False' });
  });

  it('names a contact by its company only when it has no name of its own', () => {
    const { records } = csv('Фамилия;Имя;Компания;Телефон\n;;ИП Гусева;+79123456789\nПетров;Иван;ООО Ромашка;\n');
    expect(records.map((r) => r.name)).toEqual(['ИП Гусева', 'Петров Иван']);
  });

  it('splits a Google-style ` ::: ` cell of e-mails outside the Google layout', () => {
    const { records } = csv('Name,Email,Tags\nAnna,anna@example.com ::: anna@work.example.com,VIP ::: Опт\n');
    expect(records[0]).toMatchObject({
      emails: [{ value: 'anna@example.com' }, { value: 'anna@work.example.com' }],
      tags: ['VIP', 'Опт'],
    });
  });
});
