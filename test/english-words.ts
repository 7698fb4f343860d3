/**
 * English words left in a Russian text: what a test of the Russian interface looks for (help, import tables). Words a
 * person types (commands, flags, field names, stage names) and the names below stay as they are.
 */

/** Names that stay as they are in Russian text: metrics, formats, programs, variables. */
export const ALLOWED = new Set(
  [
    'ARPU',
    'NPS',
    'RFM',
    'CSV',
    'TSV',
    'JSON',
    'vCard',
    'CRM',
    'ID',
    'e-mail',
    'BOM',
    'SQLite',
    'pocket-crm',
    'pocket',
    'cron',
    'iconv-lite',
    'Calc',
    'Excel',
    'OpenDocument',
    'Google',
    'Outlook',
    'utf8',
    'cp1251',
    'utf16le',
    'sqlite',
    'vcf',
    'extra',
    'LANGUAGE',
    'LANG',
    'ods',
    'fods',
    'xlsx',
    'xls',
    'html',
    'htm',
    'txt',
    'md',
    'markdown',
    'PostgreSQL',
    'postgres',
    'Bitrix24',
    'amoCRM',
    'crm_owner',
    'crm_user',
    'crm_reports',
    'SQL',
    'Word',
    'PowerPoint',
    'Windows',
    'Unix',
    'Mac',
    'LF',
    'CRLF',
    'CR',
    'UTF-8',
    'ISO',
  ].map((word) => word.toLowerCase()),
);

/** The English words of a help text, leaving out what a person types and the names above. */
export function englishWords(text: string, typed: Set<string>): string[] {
  const found: string[] = [];
  // Quoted text is a value to type ('tab', "Header=extra"); $VARIABLES and VARIABLE_NAMES are the environment's.
  const prose = text.replace(/'[^']*'|"[^"]*"/g, ' ').replace(/\$?\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b|\$[A-Z_]+/g, ' ');
  for (const token of prose.split(/[\s,;()[\]<>:/.…=]+/)) {
    if (!/[A-Za-z]{2,}/.test(token)) continue;
    const bare = token.replace(/^[^\p{L}-]+|[^\p{L}\d]+$/gu, '');
    if (typed.has(bare) || typed.has(token) || ALLOWED.has(bare.toLowerCase())) continue;
    // A name of parts (pocket-crm-export-ГГГГММДД, CSV-файл, at_start): each part is Russian or allowed.
    const parts = bare.split(/[-_]/).filter((part) => /[A-Za-z]/.test(part));
    if (parts.every((part) => typed.has(part) || ALLOWED.has(part.toLowerCase()))) continue;
    found.push(token);
  }
  return found;
}
