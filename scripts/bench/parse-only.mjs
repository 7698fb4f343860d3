// node scripts/bench/parse-only.mjs FILE: streams FILE through csv-parse with the options `crm import` uses, in one
// thread, and does nothing else: the cost of the parser alone, next to which the import's figure can be read.
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

const [file, delimiter = ';'] = process.argv.slice(2);
let records = 0;
const parser = parse({ delimiter, record_delimiter: '\n', quote: '"', relax_quotes: true, relax_column_count: true });
parser.on('data', () => {
  records++;
});
parser.on('end', () => console.log(records));
const decoder = new TextDecoder('utf-8', { fatal: true });
const input = createReadStream(file, { highWaterMark: 1 << 20 });
// As the importer does: the parser consumes each chunk as it is written (its records go straight to the listener),
// so waiting for 'drain' would only add idle time.
input.on('data', (chunk) => {
  parser.write(decoder.decode(chunk, { stream: true }).replace(/\r\n?/g, '\n'));
});
input.on('end', () => parser.end());
