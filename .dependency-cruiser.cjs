/**
 * The layers of src/ (drawn in docs/ARCHITECTURE.md). `npm run lint:layers` checks them; `npm test` runs it.
 * Each rule names a folder and what it may import from src/; npm packages and node: modules are free unless a rule
 * says otherwise. Rules marked "known exception" name code that later work removes.
 */
const OWN = '^src/';
const ERRORS = '^src/errors[.]ts$';
/** The words crm prints, in the chosen language (src/i18n): every layer may import them. */
const WORDS = '^src/i18n/';
/** The store files that name report fact shapes (known exception, below). */
const REPORT_FACTS = '^src/store/(report-queries|report-rows|interface|sqlite-store|postgres/reports|postgres/store)[.]ts$';
/** The one door of src/store for use cases and commands: the Store interface, openStore, backup file helpers. */
const STORE_DOOR = '^src/store/store[.]ts$';
/** `from` may import, inside src/, only its own folder, the listed folders, src/errors.ts and src/i18n. */
function mayImportOnly(name, from, folders, comment, extra = {}) {
  const allowed = [from, ...folders].map((folder) => `^src/${folder}/`);
  return {
    name,
    comment,
    severity: 'error',
    from: { path: `^src/${from}/`, ...extra.from },
    to: { path: OWN, pathNot: [...allowed, ERRORS, WORDS, ...(extra.alsoAllowed ?? [])], ...extra.to },
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
    {
      name: 'words-are-a-leaf',
      comment:
        'src/i18n (the catalogues, plurals, the language choice) is imported by every layer, so it imports nothing of src/ outside itself, and no node: module.',
      severity: 'error',
      from: { path: WORDS },
      to: { pathNot: [WORDS], dependencyTypesNot: ['npm', 'npm-dev', 'npm-optional', 'npm-peer'] },
    },
    mayImportOnly('reports-are-pure', 'reports', ['domain'], 'Metric definitions: domain rules and each other only.'),
    {
      name: 'rules-touch-no-io',
      comment: 'domain and reports are pure: no node: modules (no files, no processes, no threads).',
      severity: 'error',
      from: { path: '^src/(domain|reports)/' },
      to: { dependencyTypes: ['core'] },
    },
    mayImportOnly('importers-read-only', 'importers', ['domain'], 'Readers turn bytes into domain input; no store.'),
    {
      name: 'csv-reader-has-one-door',
      comment:
        'The streaming CSV reader (src/importers/csv/) keeps its byte reader, interning and worker messages to itself: others import csv/index.ts, and `crm import` csv/thread.ts alone, to start the thread before the reader loads.',
      severity: 'error',
      from: { pathNot: '^src/importers/csv/' },
      to: { path: '^src/importers/csv/', pathNot: '^src/importers/csv/(index|thread)[.]ts$' },
    },
    mayImportOnly(
      'store-holds-facts',
      'store',
      ['domain'],
      'The store speaks domain types; it never calls use cases, readers or output.',
      { from: { pathNot: REPORT_FACTS } },
    ),
    mayImportOnly(
      'known-exception-report-queries',
      'store',
      ['domain', 'reports'],
      'Known exception: the report queries return the fact shapes that src/reports defines (reports/* types, reports/dates), and the Store interface and its SQLite implementation name them. Moving those shapes into domain removes it.',
      { from: { path: REPORT_FACTS } },
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
    {
      name: 'app-uses-the-store-interface',
      comment:
        'Use cases reach the database only through the Store (store/store.ts), so that a second engine can implement it.',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: '^src/store/', pathNot: STORE_DOOR },
    },
    mayImportOnly(
      'cli-is-wiring',
      'cli',
      ['app', 'render', 'exporters', 'domain', 'reports'],
      'Commands parse options, call a use case and hand the result to a renderer. They open the store (store/store.ts; see cli-opens-the-store-in-one-place), and read the language setting before the program is built (store/peek-setting.ts, without the store\'s modules). Known exception: `crm import` checks --map against importers/headers.ts and starts the CSV reading thread (importers/csv/thread.ts) before it opens the database.',
      { alsoAllowed: [STORE_DOOR, '^src/store/peek-setting[.]ts$', '^src/importers/(headers|csv/thread)[.]ts$'] },
    ),
    {
      name: 'cli-opens-the-store-in-one-place',
      comment:
        'Only cli/context.ts (withStore) and cli/report-runtime.ts (the cron fast path) open the store, and cli/language.ts reads the language setting (store/peek-setting.ts only); other commands name its types only.',
      severity: 'error',
      from: { path: '^src/cli/', pathNot: '^src/cli/(context|report-runtime)[.]ts$' },
      to: {
        path: '^src/store/',
        pathNot: '^src/store/peek-setting[.]ts$',
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'cli-language-reads-one-setting',
      comment: 'cli/language.ts reaches the store through store/peek-setting.ts alone.',
      severity: 'error',
      from: { path: '^src/cli/', pathNot: '^src/cli/(context|report-runtime|language)[.]ts$' },
      to: { path: '^src/store/peek-setting[.]ts$' },
    },
    {
      name: 'only-the-store-opens-sqlite',
      comment: 'All SQL lives in src/store: nothing else loads the SQLite driver.',
      severity: 'error',
      from: { pathNot: '^src/store/' },
      to: { path: '^node_modules/(@types/)?better-sqlite3/' },
    },
    {
      name: 'only-the-postgres-engine-loads-pg',
      comment:
        'The PostgreSQL driver (and the address and password-file readers it is handed through) is loaded by src/store/postgres/ alone, and only when --db names a server: SQLite users and --help never pay for it.',
      severity: 'error',
      from: { pathNot: '^src/store/postgres/' },
      to: { path: '^node_modules/(@types/)?(pg(-copy-streams|-connection-string)?|pgpass)/' },
    },
    {
      name: 'postgres-engine-has-one-door',
      comment:
        'The rest of the store reaches the PostgreSQL engine through postgres/store.ts (loaded dynamically by store.ts) and postgres/address.ts (telling an address from a path, without the driver).',
      severity: 'error',
      from: { pathNot: '^src/store/postgres/' },
      to: { path: '^src/store/postgres/', pathNot: '^src/store/postgres/(store|address)[.]ts$' },
    },
    {
      name: 'errors-import-nothing',
      comment: 'src/errors.ts is imported by every layer, so it imports none but the words its messages are written in.',
      severity: 'error',
      from: { path: ERRORS },
      to: { path: OWN, pathNot: WORDS },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
