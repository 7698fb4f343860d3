import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// All SQL lives in src/store (docs/ARCHITECTURE.md). The layer check (npm run lint:layers) sees imports only; this
// test sees what a file does: a SQLite call, or a string that reads as SQL.

const ROOT = join(import.meta.dirname, '..');

/** The SQLite calls of better-sqlite3 a file outside the store must not make. */
const DRIVER_CALLS = new Set(['prepare', 'pragma', 'transaction', 'exec']);

/** Text that reads as SQL. Keywords in capitals, as crm writes its SQL; prose such as "select a client" is not. */
const SQL = [
  /\bSELECT\b[\s\S]*\bFROM\b/,
  /\bINSERT\s+(OR\s+\w+\s+)?INTO\b/,
  /\bUPDATE\s+\w+\s+SET\b/,
  /\bDELETE\s+FROM\b/,
  /\b(CREATE|DROP)\s+(TABLE|INDEX|TRIGGER|VIEW)\b/,
  /\bALTER\s+TABLE\b/,
  /\bPRAGMA\b/,
  /\bBEGIN\s+(DEFERRED|IMMEDIATE|EXCLUSIVE|TRANSACTION)\b/,
  /^\s*(COMMIT|ROLLBACK|VACUUM|SAVEPOINT|RELEASE)\b/,
];

interface Finding {
  line: number;
  text: string;
}

/** SQLite calls and SQL strings in a TypeScript source; comments are not code and never count. */
function sqlIn(source: string): Finding[] {
  const file = ts.createSourceFile('source.ts', source, ts.ScriptTarget.Latest, true);
  const found: Finding[] = [];
  const add = (node: ts.Node) =>
    found.push({ line: file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1, text: node.getText(file) });
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      DRIVER_CALLS.has(node.expression.name.text) &&
      // RegExp#exec takes the text to search, never a literal; the driver's exec takes SQL.
      (node.expression.name.text !== 'exec' || (node.arguments[0] !== undefined && isText(node.arguments[0])))
    ) {
      add(node);
      return;
    }
    if (isText(node) && SQL.some((pattern) => pattern.test(textOf(node)))) add(node);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function isText(node: ts.Node): node is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression {
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node);
}

function textOf(node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression): string {
  if (!ts.isTemplateExpression(node)) return node.text;
  return node.head.text + node.templateSpans.map((span) => ` ${span.literal.text}`).join('');
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('no SQL outside src/store', () => {
  it('finds SQLite calls and SQL strings, and nothing in comments or prose', () => {
    const source = [
      "db.prepare('SELECT id FROM clients').all();",
      'db.pragma(`foreign_keys = OFF`);',
      "db.exec('BEGIN IMMEDIATE');",
      'run(`INSERT INTO visits (date) VALUES ($' + '{date})`);',
      "const q = 'DELETE FROM deals WHERE id = ?';",
      '// db.exec("COMMIT") and SELECT name FROM clients, in a comment',
      '/* UPDATE clients SET name = 1 */',
      "const m = /^(\\d+)$/.exec(text); const card = ['BEGIN:VCARD', 'BEGIN'];",
      "say('select a client, then update its note');",
    ].join('\n');
    expect(sqlIn(source).map((f) => f.line)).toEqual([1, 2, 3, 4, 5]);
  });

  it('src outside the store holds none', () => {
    const unexpected: string[] = [];
    for (const path of sourceFiles(join(ROOT, 'src'))) {
      const file = relative(ROOT, path).split('\\').join('/');
      if (file.startsWith('src/store/')) continue;
      for (const finding of sqlIn(readFileSync(path, 'utf8')))
        unexpected.push(`${file}:${finding.line}: ${finding.text.split('\n')[0]}`);
    }
    expect(unexpected, 'SQL belongs in src/store; call a store function instead').toEqual([]);
  });
});
