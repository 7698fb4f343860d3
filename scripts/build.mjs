// Bundles the CLI with code splitting: only commander loads up front, each command's modules load when it runs.
// Without splitting esbuild hoists every dynamic import into one file and start-up pays for all of them.
import { readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const root = new URL('..', import.meta.url);

/**
 * better-sqlite3 is bundled, and `bindings`, its addon finder, searches from the file that calls it, now a chunk in
 * dist/. Pointed at the installed package instead, so that a connection opened without src/store/sqlite.ts (which
 * passes the addon's path) still finds the addon.
 */
const bindingsFromInstalledPackage = {
  name: 'bindings-from-installed-package',
  setup(build) {
    build.onResolve({ filter: /^bindings$/ }, (args) =>
      /[\\/]better-sqlite3[\\/]/.test(args.importer) ? { path: 'bindings', namespace: 'installed' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'installed' }, () => ({
      contents: [
        "const { dirname } = require('node:path');",
        'module.exports = (name) => {',
        "  const root = dirname(require.resolve('better-sqlite3/package.json'));",
        "  return require(require.resolve('bindings', { paths: [root] }))({ bindings: name, module_root: root });",
        '};',
      ].join('\n'),
      loader: 'js',
    }));
  },
};

/**
 * commander requires node:child_process as it loads, for executable subcommands, which crm has none of; loading it
 * costs every command about 6 ms. Commander gets a stand-in that loads the real module the first time it is used.
 */
const lazyChildProcessForCommander = {
  name: 'lazy-child-process-for-commander',
  setup(build) {
    build.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'lazy' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
      contents:
        "let real; module.exports = new Proxy({}, { get: (_, key) => (real ??= require('node:child_process'))[key] });",
      loader: 'js',
    }));
  },
};
/**
 * `import process from 'node:process'` (chalk's supports-color, @inquirer/figures) makes Node build that module's
 * ESM facade, which reads every property of process, stdin included: opening stdin cost each report command 10-15
 * ms. The global is the same object. Only default imports are served; any other import fails the build.
 */
const processAsGlobal = {
  name: 'process-as-global',
  setup(build) {
    build.onResolve({ filter: /^(node:)?process$/ }, (args) =>
      args.kind === 'import-statement' ? { path: 'process', namespace: 'process-global' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'process-global' }, () => ({
      contents: 'export default globalThis.process;',
      loader: 'js',
    }));
  },
};

/**
 * libphonenumber's full metadata (157 KB) is a JavaScript object literal; read as JSON text it loads faster (V8
 * parses JSON in one pass, a literal as code): every command that reads a phone loads it.
 */
const phoneMetadataAsJson = {
  name: 'phone-metadata-as-json',
  setup(build) {
    build.onResolve({ filter: /^libphonenumber-js\/max\/metadata$/ }, (args) => ({
      // The package's CommonJS export of the same data is the .json file.
      path: createRequire(args.importer).resolve(args.path),
      namespace: 'json-text',
    }));
    build.onLoad({ filter: /.*/, namespace: 'json-text' }, (args) => ({
      contents: `export default JSON.parse(${JSON.stringify(JSON.stringify(JSON.parse(readFileSync(args.path, 'utf8'))))});`,
      loader: 'js',
    }));
  },
};

const staging = new URL(`dist.building-${process.pid}/`, root);
const target = new URL('dist/', root);
const retired = new URL(`dist.old-${process.pid}/`, root);

await build({
  // The CSV worker is an entry of its own: a worker thread loads a file, not a chunk. So is each row annotation
  // module it loads by name (src/importers/csv/annotate.ts).
  entryPoints: {
    main: 'src/cli/entry.ts',
    'csv-worker': 'src/importers/csv/worker.ts',
    'journal-phones': 'src/importers/journal-phones.ts',
  },
  outdir: staging.pathname,
  bundle: true,
  // Every command compiles what it loads: without comments and layout, a report loads 220 KB instead of 330 KB.
  // Names are kept, so that an internal error's stack still reads.
  minifyWhitespace: true,
  minifySyntax: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // better-sqlite3's JavaScript is bundled (one file instead of a dozen); its compiled addon is opened from
  // node_modules by src/store/sqlite.ts.
  external: ['*.node'],
  // Bundled CommonJS packages call require(); give ESM chunks a real one.
  banner: {
    js: "import { createRequire as __crmCreateRequire } from 'node:module'; const require = __crmCreateRequire(import.meta.url);",
  },
  chunkNames: 'chunks/[name]-[hash]',
  plugins: [lazyChildProcessForCommander, bindingsFromInstalledPackage, processAsGlobal, phoneMetadataAsJson],
  sourcemap: 'linked',
  logLevel: 'warning',
});

// Swap the new bundle in with two renames, so that a crm already running never sees a half-written dist/.
try {
  renameSync(target, retired);
} catch {
  // First build: nothing to retire.
}
renameSync(staging, target);
rmSync(retired, { recursive: true, force: true });
