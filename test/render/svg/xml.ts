/**
 * A strict XML 1.0 well-formedness check, for the SVG the charts write (no XML parser is among the dependencies):
 * one root element; tags nested and closed in order; attributes quoted, unique, without `<` or a bare `&`; only the
 * five named entities and character references; no character XML forbids; nothing but white space around the root.
 * Returns the first problem with its offset, or null when the text is well-formed.
 */
const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
const SPACE = /[ \t\r\n]*/y;
const REFERENCE = /&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));/y;
const FORBIDDEN_CHARACTER =
  /[^\t\n\r\x20-\ud7ff\ue000-\ufffd\ud800-\udfff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function allowedCode(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

export function xmlProblem(text: string): string | null {
  const forbidden = FORBIDDEN_CHARACTER.exec(text);
  if (forbidden) return `character U+${forbidden[0].charCodeAt(0).toString(16)} at ${forbidden.index}`;
  let at = 0;
  const open: string[] = [];
  let roots = 0;
  const match = (pattern: RegExp): RegExpExecArray | null => {
    pattern.lastIndex = at;
    const found = pattern.exec(text);
    if (found) at = pattern.lastIndex;
    return found;
  };
  const skipSpace = () => match(SPACE);
  /** Text up to `stop` (a `<`, or the closing quote of an attribute), its references checked. */
  const characterData = (stop: RegExp): string | null => {
    while (at < text.length && !stop.test(text[at]!)) {
      if (text[at] === '&') {
        const reference = match(REFERENCE);
        if (!reference) return `a bare & at ${at}`;
        const code = reference[2] ? Number(reference[2]) : reference[3] ? Number.parseInt(reference[3], 16) : 0x20;
        if (!allowedCode(code)) return `a reference to a forbidden character at ${at}`;
        continue;
      }
      if (text.startsWith(']]>', at)) return `]]> in text at ${at}`;
      at++;
    }
    return null;
  };
  while (at < text.length) {
    if (text[at] !== '<') {
      const start = at;
      const problem = characterData(/</);
      if (problem) return problem;
      if (open.length === 0 && text.slice(start, at).trim() !== '') return `text outside the root element at ${start}`;
      continue;
    }
    if (text.startsWith('<!--', at)) {
      const end = text.indexOf('-->', at + 4);
      if (end < 0 || text.slice(at + 4, end).includes('--')) return `a bad comment at ${at}`;
      at = end + 3;
      continue;
    }
    if (text.startsWith('<![CDATA[', at)) {
      if (open.length === 0) return `CDATA outside the root element at ${at}`;
      const end = text.indexOf(']]>', at);
      if (end < 0) return `an unclosed CDATA section at ${at}`;
      at = end + 3;
      continue;
    }
    if (text.startsWith('</', at)) {
      const tagAt = at;
      at += 2;
      const name = match(NAME);
      skipSpace();
      if (!name || text[at] !== '>') return `a bad end tag at ${tagAt}`;
      at++;
      const expected = open.pop();
      if (expected !== name[0]) return `</${name[0]}> at ${tagAt} closes <${expected ?? 'nothing'}>`;
      continue;
    }
    const tagAt = at;
    at++;
    const name = match(NAME);
    if (!name) return `a bad tag at ${tagAt}`;
    if (open.length === 0 && roots++ > 0) return `a second root element at ${tagAt}`;
    const attributes = new Set<string>();
    for (;;) {
      const space = skipSpace()![0];
      if (text.startsWith('/>', at)) {
        at += 2;
        break;
      }
      if (text[at] === '>') {
        at++;
        open.push(name[0]);
        break;
      }
      if (space === '') return `no space before an attribute at ${at}`;
      const attribute = match(NAME);
      if (!attribute) return `a bad attribute at ${at}`;
      if (attributes.has(attribute[0])) return `attribute ${attribute[0]} twice at ${at}`;
      attributes.add(attribute[0]);
      skipSpace();
      if (text[at] !== '=') return `attribute ${attribute[0]} without a value at ${at}`;
      at++;
      skipSpace();
      const quote = text[at];
      if (quote !== '"' && quote !== "'") return `an unquoted value at ${at}`;
      at++;
      const problem = characterData(quote === '"' ? /["<]/ : /['<]/);
      if (problem) return problem;
      if (text[at] !== quote) return `< in an attribute value at ${at}`;
      at++;
    }
  }
  if (open.length > 0) return `<${open[open.length - 1]}> is never closed`;
  if (roots === 0) return 'no root element';
  return null;
}

/** Every `<svg>…</svg>` of a page (charts are never nested). */
export function svgElements(page: string): string[] {
  return page.match(/<svg[\s>][\s\S]*?<\/svg>/g) ?? [];
}
