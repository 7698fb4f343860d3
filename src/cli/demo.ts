import type { Command } from 'commander';
import type { DemoLanguage } from '../app/demo.js';
import { emit, say } from './context.js';
import { colourWanted } from './report.js';

/**
 * The demo salon speaks the user's language: Russian when the first locale variable set (in gettext's order) names
 * Russian, English otherwise.
 */
function demoLanguage(env: NodeJS.ProcessEnv = process.env): DemoLanguage {
  const locale = [env.LANGUAGE, env.LC_ALL, env.LC_MESSAGES, env.LANG].find((value) => value) ?? '';
  return /^ru(?:[_.@:-]|$)/i.test(locale) ? 'ru' : 'en';
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('import a generated year of a small salon into a throw-away database and show its monthly report')
    .option('--keep', 'keep the demo database and print its path')
    .action(async (options: { keep?: boolean }) => {
      const [{ runDemo }, { today }, { demoIntro, demoKept, demoNext }, { monthlyView }] = await Promise.all([
        import('../app/demo.js'),
        import('../app/today.js'),
        import('../render/demo.js'),
        import('../render/reports.js'),
      ]);
      const language = demoLanguage();
      const result = await runDemo({ keep: options.keep ?? false, language, today: today() });
      const summary = { ...result, language };
      process.stdout.write(`${demoIntro(summary)}\n`);
      const emphasis = colourWanted({}) ? (await import('chalk')).default.bold : undefined;
      await emit(monthlyView(result.report, { format: 'table', style: result.money, emphasis }), {});
      process.stdout.write(`\n${demoNext(summary)}`);
      if (result.kept) say(demoKept(summary));
    });
}
