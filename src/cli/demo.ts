import type { Command } from 'commander';
import { currentLanguage, m } from '../i18n/index.js';
import { emit, say } from './context.js';
import { colourWanted } from './report.js';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(m.help.demo.description)
    .option('--keep', m.help.demo.keep)
    .action(async (options: { keep?: boolean }) => {
      const [{ runDemo }, { today }, { demoIntro, demoKept, demoNext }, { monthlyView }] = await Promise.all([
        import('../app/demo.js'),
        import('../app/today.js'),
        import('../render/demo.js'),
        import('../render/reports.js'),
      ]);
      // The demo salon speaks the interface's language (--lang, the setting, the locale variables).
      const language = currentLanguage() ?? 'en';
      const result = await runDemo({ keep: options.keep ?? false, language, today: today() });
      const summary = { ...result, language };
      process.stdout.write(`${demoIntro(summary)}\n`);
      const emphasis = colourWanted({}) ? (await import('chalk')).default.bold : undefined;
      await emit(monthlyView(result.report, { format: 'table', style: result.money, emphasis }), {});
      process.stdout.write(`\n${demoNext(summary)}`);
      if (result.kept) say(demoKept(summary));
    });
}
