import type { Command } from 'commander';
import { m } from '../i18n/index.js';
import { emit, say } from './context.js';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(m.help.demo.description)
    .option('--keep', m.help.demo.keep)
    .action(async (options: { keep?: boolean }) => {
      const [{ runDemo }, { describeDetected }, { clientListing }] = await Promise.all([
        import('../app/demo.js'),
        import('../render/import.js'),
        import('../render/clients.js'),
      ]);
      const result = await runDemo(options.keep ?? false);
      for (const report of result.imports) {
        const { counts } = report.plan;
        process.stdout.write(
          `${report.file.replace(/^.*fixtures\//, 'fixtures/')}\n  ${describeDetected(report.detected).join('\n  ')}\n  created ${counts.created}, updated ${counts.updated}, duplicates ${counts.duplicate}, rejected ${counts.rejected} of ${counts.read} rows\n`,
        );
      }
      for (const report of result.journals) {
        const { counts } = report.plan;
        process.stdout.write(
          `${report.file.replace(/^.*fixtures\//, 'fixtures/')}\n  ${describeDetected(report.detected).join('\n  ')}\n  ${report.kind}: created ${counts.created}, duplicates ${counts.duplicate}, rejected ${counts.rejected} of ${counts.read} rows, new clients ${counts.new_clients}\n`,
        );
      }
      process.stdout.write('\n');
      await emit(clientListing(result.clients), {});
      if (result.kept) say(`demo database kept at ${result.databasePath} (use it with --db)`);
    });
}
