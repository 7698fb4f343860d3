import type { Client, Contact } from '../domain/client.js';
import { NICKNAME_KEYS, nameKey } from '../domain/names.js';
import { packed } from '../render/json-text.js';

export type VcardVersion = '4.0' | '3.0';

export const VCARD_VERSIONS: readonly VcardVersion[] = ['4.0', '3.0'];

/** RFC 6350 §3.2 (and RFC 2426): a line longer than 75 octets continues on the next one after a space. */
const MAX_LINE_OCTETS = 75;

/** Properties the writer produces itself, or that readers treat as structure: an extra key never becomes one. */
const RESERVED = new Set([
  'BEGIN',
  'END',
  'VERSION',
  'PRODID',
  'UID',
  'REV',
  'N',
  'FN',
  'TEL',
  'EMAIL',
  'NOTE',
  'CATEGORIES',
  'BDAY',
  'X-ABLABEL',
  'CLIENTPIDMAP',
  'PHOTO',
  'LOGO',
  'SOUND',
  'KEY',
]);

/** An extra key the vCard import made from a property: `ORG`, `ADR (home)`, `URL (HomePage)`. */
const PROPERTY_KEY = /^([A-Z][A-Z0-9-]*)(?: \((.+)\))?$/;

/** The vCard reader keeps several values of one property joined with this. */
const MULTI_VALUE = ' ::: ';

/** Type words a label can travel as (`TYPE=cell`); the reader drops pref, voice and internet as labels. */
const TYPE_WORDS = /^[a-z][a-z0-9-]*(?:,[a-z][a-z0-9-]*)*$/;
const NOT_A_LABEL = new Set(['pref', 'voice', 'internet']);

/** For phones that show only standard types: the nearest one to a free-text label. */
const STANDARD_TYPES: ReadonlyArray<readonly [RegExp, string]> = [
  [/mob|cell|моб|сот/i, 'cell'],
  [/fax|факс/i, 'fax'],
  [/home|дом/i, 'home'],
  [/work|business|office|раб|служ/i, 'work'],
];

export function escapeText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/,/g, '\\,')
    .replace(/;/g, '\\;')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** Splits a content line into lines of at most 75 octets, never inside a UTF-8 sequence or a surrogate pair. */
export function foldLine(line: string): string[] {
  // Most lines fit (a UTF-16 code unit takes at most 3 octets): measured once, not a character at a time.
  if (line.length * 3 <= MAX_LINE_OCTETS || Buffer.byteLength(line, 'utf8') <= MAX_LINE_OCTETS) return [line];
  const lines: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    if (octets + size > MAX_LINE_OCTETS) {
      lines.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  lines.push(current);
  return lines;
}

interface Property {
  name: string;
  params?: string[];
  value: string;
  /** A free-text label: the property goes into an `itemN.` group with an `X-ABLabel`. */
  label?: string;
}

/** How a label travels: as TYPE when the reader gives the same text back from it, else as a grouped X-ABLabel. */
function labelled(name: string, value: string, label: string | null | undefined, params: string[] = []): Property {
  if (!label) return { name, params, value };
  const parts = label.split(',');
  if (TYPE_WORDS.test(label) && !parts.some((part) => NOT_A_LABEL.has(part))) {
    return { name, params: [...params, `TYPE=${label}`], value };
  }
  const standard = STANDARD_TYPES.find(([pattern]) => pattern.test(label))?.[1];
  return { name, params: standard ? [...params, `TYPE=${standard}`] : params, value, label };
}

function phoneProperty(phone: Contact, version: VcardVersion): Property {
  if (version === '4.0' && phone.valid) return labelled('TEL', `tel:${phone.value}`, phone.label, ['VALUE=uri']);
  return labelled('TEL', escapeText(phone.valid ? phone.value : phone.raw), phone.label);
}

function birthday(iso: string, version: VcardVersion): string {
  return version === '4.0' ? iso.replace(/-/g, '') : iso;
}

/** `--05-17` (a birthday without a year, kept in extra by the vCard import) in the version's own syntax. */
function yearlessBirthday(text: string, version: VcardVersion): string | undefined {
  const match = /^--(\d{2})-?(\d{2})$/.exec(text);
  if (!match) return undefined;
  return version === '4.0' ? `--${match[1]}${match[2]}` : `--${match[1]}-${match[2]}`;
}

/** ADR and ORG are structured: the text the vCard import joined goes back as one component. */
function structuredValue(name: string, value: string): string {
  const text = escapeText(value);
  return name === 'ADR' ? `;;${text};;;;` : text;
}

function extraProperties(client: Client, version: VcardVersion, birthdayWritten: boolean): Property[] {
  const properties: Property[] = [];
  for (const [key, value] of Object.entries(client.extra)) {
    const match = PROPERTY_KEY.exec(key);
    const name = match?.[1];
    if (key === 'BDAY' && !birthdayWritten && yearlessBirthday(value, version)) {
      properties.push({ name: 'BDAY', value: yearlessBirthday(value, version)! });
    } else if (!name && NICKNAME_KEYS.includes(nameKey(key))) {
      // A Google or Outlook `Nickname`, a list's `Прозвище`: a nickname to a phone too, its key kept as the label
      // (the client file reader gives `NICKNAME (Прозвище)` its key back).
      properties.push({ name: 'NICKNAME', value: escapeText(value), label: key });
    } else if (name && !RESERVED.has(name) && name !== 'X-PCRM-EXTRA') {
      for (const part of value.split(MULTI_VALUE)) {
        properties.push(labelled(name, structuredValue(name, part), match[2]));
      }
    } else {
      properties.push({ name: 'X-PCRM-EXTRA', value: escapeText(value), label: key });
    }
  }
  return properties;
}

function cardProperties(client: Client, version: VcardVersion): Property[] {
  const name = escapeText(client.name);
  const properties: Property[] = [
    { name: 'FN', value: name },
    // The whole name as the family name: it cannot be split reliably, and phones that compose N show it unchanged.
    { name: 'N', value: `${name};;;;` },
    ...client.phones.map((phone) => phoneProperty(phone, version)),
    ...client.emails.map((email) => labelled('EMAIL', escapeText(email.raw), email.label)),
  ];
  if (client.birthday) properties.push({ name: 'BDAY', value: birthday(client.birthday, version) });
  if (client.note) properties.push({ name: 'NOTE', value: escapeText(client.note) });
  if (client.tags.length) properties.push({ name: 'CATEGORIES', value: client.tags.map(escapeText).join(',') });
  for (const property of extraProperties(client, version, client.birthday !== null)) properties.push(property);
  return properties;
}

/** One vCard, CRLF line ends, folded. */
export function writeVcard(client: Client, version: VcardVersion): string {
  // The UID tells the cards apart: an import never merges two cards of different UIDs into one client.
  const lines = [
    'BEGIN:VCARD',
    `VERSION:${version}`,
    'PRODID:-//pocket-crm//crm export//EN',
    `UID:pocket-crm-client-${client.id}`,
  ];
  let group = 0;
  for (const property of cardProperties(client, version)) {
    const head = [property.name, ...(property.params ?? [])].join(';');
    if (property.label === undefined) {
      lines.push(`${head}:${property.value}`);
    } else {
      group++;
      lines.push(`item${group}.${head}:${property.value}`, `item${group}.X-ABLabel:${escapeText(property.label)}`);
    }
  }
  lines.push('END:VCARD');
  return lines.flatMap(foldLine).join('\r\n').concat('\r\n');
}

export function writeVcards(clients: Client[], version: VcardVersion): string {
  return clients.map((client) => writeVcard(client, version)).join('');
}

/**
 * writeVcards as UTF-8 bytes, each card encoded as soon as it is written: the texts of 130,000 cards are never all
 * held at once.
 */
export function vcardFileBytes(clients: Client[], version: VcardVersion): Buffer {
  function* cards(): Generator<string> {
    for (const client of clients) yield writeVcard(client, version);
  }
  return Buffer.concat([...packed(cards())]);
}

/** A file name for one client's card: its id, then its name without characters file systems refuse. */
export function vcardFileName(client: Client): string {
  const name = client.name
    .replace(/[/\\:*?"<>|\u0000-\u001f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 80);
  return `${String(client.id).padStart(5, '0')}${name ? `-${name}` : ''}.vcf`;
}
