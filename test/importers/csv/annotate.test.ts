import { describe, expect, it } from 'vitest';
import { openCsvStream } from '../../../src/importers/csv/index.js';
import type { NumberedPhones } from '../../../src/importers/journal-phones.js';
import { csvFile } from '../../csv-reading.js';

// A row annotation is named, not handed over: the reader loads the module (from source here, where the file is read
// in-line; bundled, in its thread) and passes on what it adds to each batch.

async function annotations(module: string): Promise<{ annotations: unknown[] }> {
  const path = csvFile('Дата;Клиент;Телефон\n01.02.2025;Анна;+7 912 345-67-89\n02.02.2025;Пётр;8 916 123 45 67\n');
  const found: unknown[] = [];
  const stream = await openCsvStream(path, {
    inline: true,
    annotate: { module, options: { kind: 'visits', settings: {}, region: 'RU' } },
  });
  for await (const batch of stream.batches) found.push(batch.annotation);
  return { annotations: found };
}

describe('row annotation modules', () => {
  it('loads the named module and hands each batch on with what it added', async () => {
    const { annotations: found } = await annotations('journal-phones');
    expect(found).toHaveLength(1);
    const phones = found[0] as NumberedPhones;
    expect([...phones.ids]).toEqual([0, 1]);
    expect(phones.numbers).toEqual(['+79123456789', '+79161234567']);
  });

  it('refuses a name that is no module beside the reader', async () => {
    await expect(annotations('../journal-phones')).rejects.toThrow('not a row annotation module');
    await expect(annotations('no-such-annotation')).rejects.toThrow(
      'row annotation module no-such-annotation not found',
    );
  });
});
