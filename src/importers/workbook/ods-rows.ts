/**
 * Which rows of an OpenDocument spreadsheet are hidden, which SheetJS does not tell for this format: a row Calc hides
 * (by hand, by a filter, or in a collapsed group) is a `<table:table-row table:visibility="collapse|filter">`. Rows
 * are counted as SheetJS counts them, each `table:number-rows-repeated` times, so that the numbers match its rows.
 */

/** Hidden rows of each sheet, by name, as [first, end) ranges of 0-based row numbers. */
export type HiddenRows = Map<string, Array<[number, number]>>;

const TAGS = /<(\/?)table:(table|table-row)(?=[\s/>])([^>]*)>/g;

function attribute(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
}

function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp|#x[0-9a-f]+|#\d+);/gi, (entity, name: string) => {
    const key = name.toLowerCase();
    if (key.startsWith('#x')) return String.fromCodePoint(Number.parseInt(key.slice(2), 16));
    if (key.startsWith('#')) return String.fromCodePoint(Number(key.slice(1)));
    return { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' }[key] ?? entity;
  });
}

/** Scans the content of an OpenDocument spreadsheet (content.xml, or a whole .fods) for hidden rows. */
export function hiddenOdsRows(xml: string): HiddenRows {
  const hidden: HiddenRows = new Map();
  let sheet: Array<[number, number]> | undefined;
  let row = 0;
  for (const match of xml.matchAll(TAGS)) {
    const [, closing, name, attributes] = match as unknown as [string, string, string, string];
    if (name === 'table') {
      if (closing) {
        sheet = undefined;
      } else if (!attributes.endsWith('/')) {
        sheet = [];
        hidden.set(unescapeXml(attribute(attributes, 'table:name') ?? ''), sheet);
        row = 0;
      }
      continue;
    }
    if (closing || sheet === undefined) continue;
    const repeated = Math.max(1, Number(attribute(attributes, 'table:number-rows-repeated') ?? 1) || 1);
    const visibility = attribute(attributes, 'table:visibility');
    if (visibility === 'collapse' || visibility === 'filter') {
      const last = sheet[sheet.length - 1];
      if (last && last[1] === row) last[1] = row + repeated;
      else sheet.push([row, row + repeated]);
    }
    row += repeated;
  }
  return hidden;
}
