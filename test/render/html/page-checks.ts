import { expect } from 'vitest';
import { svgElements, xmlProblem } from '../svg/xml.js';

/**
 * What makes a page safe to mail and open offline, as problems found: a script, an event handler attribute, anything
 * fetched (a URL, a link, an image, an import), every chart strict XML with a title and a description, and no
 * number that went wrong on the way (NaN, Infinity, undefined).
 */
export function pageProblems(page: string): string[] {
  const problems: string[] = [];
  if (/<script/i.test(page)) problems.push('a <script>');
  for (const tag of page.match(/<[A-Za-z][^>]*>/g) ?? []) {
    if (/\son[a-z]+\s*=/i.test(tag)) problems.push(`an event handler in ${tag}`);
    if (/\s(?:src|href|xlink:href|action|formaction|srcset)\s*=/i.test(tag)) problems.push(`a reference in ${tag}`);
  }
  for (const outside of ['http', 'url(', '@import', '@font-face', '<link', '<img', '<iframe', '<object', '<embed']) {
    if (page.toLowerCase().includes(outside)) problems.push(`${outside} in the page`);
  }
  for (const word of ['NaN', 'Infinity', 'undefined', '[object']) {
    if (page.includes(word)) problems.push(`${word} in the page`);
  }
  svgElements(page).forEach((svg, i) => {
    const problem = xmlProblem(svg);
    if (problem) problems.push(`chart ${i + 1} is not well-formed XML: ${problem}`);
    if (!/^<svg[^>]*>\n<title id="[^"]+">[^<]+<\/title>\n<desc id="[^"]+">[^<]+<\/desc>/.test(svg)) {
      problems.push(`chart ${i + 1} does not open with its <title> and <desc>`);
    }
  });
  return problems;
}

export function expectSafePage(page: string): void {
  expect(page.startsWith('<!DOCTYPE html>\n<html lang="')).toBe(true);
  expect(page.endsWith('</html>\n')).toBe(true);
  expect(pageProblems(page)).toEqual([]);
}
