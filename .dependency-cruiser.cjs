/**
 * The layers of src/ (drawn in docs/ARCHITECTURE.md). `npm run lint:layers` checks them; `npm test` runs it.
 * Each rule names a folder and what it may import from src/; npm packages and node: modules are free unless a rule
 * says otherwise. Rules marked "known exception" name code that the store-interface work (issue 18, point 2) removes.
 */
const OWN = '^src/';
const ERRORS = '^src/errors[.]ts$';

/** `from` may import, inside src/, only its own folder, the listed folders and src/errors.ts. */
function mayImportOnly(name, from, folders, comment, extra = {}) {
  const allowed = [from, ...folders].map((folder) => `^src/${folder}/`);
  return {
    name,
    comment,
    severity: 'error',
    from: { path: `^src/${from}/`, ...extra.from },
    to: { path: OWN, pathNot: [...allowed, ERRORS, ...(extra.alsoAllowed ?? [])], ...extra.to },
  };
}

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No file imports itself through others (static, dynamic and type-only imports all count).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    mayImportOnly('domain-is-pure', 'domain', [], 'Domain rules know nothing of files, readers, the store or output.'),
    mayImportOnly('reports-are-pure', 'reports', ['domain'], 'Metric definitions: domain rules and each other only.'),
    {
      name: 'rules-touch-no-io',
      comment: 'domain and reports are pure: no node: modules (no files, no processes, no threads).',
      severity: 'error',
      from: { path: '^src/(domain|reports)/' },
      to: { dependencyTypes: ['core'] },
    },
    mayImportOnly('importers-read-only', 'importers', ['domain'], 'Readers turn bytes into domain input; no store.'),
    mayImportOnly(
      'store-holds-facts',
      'store',
      ['domain'],
      'The store speaks domain types; it never calls use cases, readers or output.',
      { from: { pathNot: '^src/store/report-queries[.]ts$' } },
    ),
    mayImportOnly(
      'known-exception-report-queries',
      'store',
      ['domain', 'reports'],
      'Known exception: report-queries.ts builds report results (reports/* types, reports/dates). The store-interface work makes it return facts that reports/ turns into results.',
      { from: { path: '^src/store/report-queries[.]ts$' } },
    ),
    mayImportOnly(
      'render-shows-values',
      'render',
      ['domain', 'reports'],
      'Renderers turn values into tables, JSON, CSV and Markdown: never a use case, a reader or a database handle. They write CSV with the one CSV writer, exporters/csv-text.ts (a leaf). Known exception: the import-batch shape is still defined in store/batches.ts (import type); the store-interface work moves it into domain.',
      { alsoAllowed: ['^src/exporters/csv-text[.]ts$', '^src/store/batches[.]ts$'] },
    ),
    mayImportOnly(
      'exporters-write-values',
      'exporters',
      ['render', 'domain', 'reports'],
      'Exporters write files from values: JSON files reuse the --json listings of render/, and an export reads the header vocabulary of importers/headers.ts so that it imports back. Known exception: store/batches.ts, as for render.',
      { alsoAllowed: ['^src/importers/headers[.]ts$', '^src/store/batches[.]ts$'] },
    ),
    {
      name: 'output-holds-no-database',
      comment: 'render and exporters may name a stored shape (import type) but never call the store.',
      severity: 'error',
      from: { path: '^src/(render|exporters)/' },
      to: { path: '^src/store/', dependencyTypesNot: ['type-only'] },
    },
    mayImportOnly(
      'app-never-renders',
      'app',
      ['domain', 'reports', 'importers', 'exporters', 'store'],
      'Use cases return values; the command hands them to a renderer. No SQL here (test/architecture.test.ts).',
    ),
    mayImportOnly(
      'cli-is-wiring',
      'cli',
      ['app', 'render', 'exporters', 'domain', 'reports'],
      'Commands parse options, call a use case and hand the result to a renderer. Known exceptions: the commands open the database themselves (store/db.ts, store/paths.ts; see cli-opens-the-store-in-one-place), and `crm import` checks --map against importers/headers.ts and starts the CSV reading thread (importers/csv-thread.ts) before it opens the database. The store-interface work moves both behind use cases.',
      {
        alsoAllowed: [
          '^src/store/(db|paths)[.]ts$',
          '^src/importers/(headers|csv-thread)[.]ts$',
        ],
      },
    ),
    {
      name: 'cli-opens-the-store-in-one-place',
      comment:
        'Only cli/context.ts (withDb) and cli/report-runtime.ts (the cron fast path) open the database; other commands name the Db type only.',
      severity: 'error',
      from: { path: '^src/cli/', pathNot: '^src/cli/(context|report-runtime)[.]ts$' },
      to: { path: '^src/store/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'only-the-store-opens-sqlite',
      comment: 'All SQL lives in src/store: nothing else loads the SQLite driver.',
      severity: 'error',
      from: { pathNot: '^src/store/' },
      to: { path: '^node_modules/(@types/)?better-sqlite3/' },
    },
    {
      name: 'errors-import-nothing',
      comment: 'src/errors.ts is imported by every layer, so it imports none.',
      severity: 'error',
      from: { path: ERRORS },
      to: { path: OWN },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
