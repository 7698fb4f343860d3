import type { Command } from 'commander';
import { InputError } from '../errors.js';
import { emit, type OutputOptions, say, tell, withOutputOptions, withStore } from './context.js';

export function registerConfigCommands(program: Command): void {
  const config = program.command('config').description('settings stored in the database (region, currency, locale)');

  config
    .command('set')
    .argument('<key>', 'region, currency or locale')
    .argument('<value>')
    .action(async (key: string, value: string, _options: unknown, command: Command) => {
      const [{ normaliseSetting }, { setSetting }] = await Promise.all([
        import('../domain/config.js'),
        import('../app/settings.js'),
      ]);
      const normalised = normaliseSetting(key, value);
      await withStore(command, (store) => setSetting(store, key, normalised));
      say(`${key} = ${normalised}`);
    });

  config
    .command('get')
    .argument('<key>')
    .action(async (key: string, _options: unknown, command: Command) => {
      const { getSetting } = await import('../app/settings.js');
      const value = await withStore(command, (store) => getSetting(store, key));
      if (value === undefined) throw new InputError(`'${key}' is not set`);
      tell(value);
    });

  config
    .command('unset')
    .argument('<key>')
    .action(async (key: string, _options: unknown, command: Command) => {
      const { unsetSetting } = await import('../app/settings.js');
      const removed = await withStore(command, (store) => unsetSetting(store, key));
      say(removed ? `${key} unset` : `${key} was not set`);
    });

  withOutputOptions(config.command('list').description('all settings')).action(
    async (options: OutputOptions, command: Command) => {
      const [{ listSettings }, { SETTINGS }] = await Promise.all([
        import('../app/settings.js'),
        import('../domain/config.js'),
      ]);
      const values = await withStore(command, (store) => listSettings(store));
      await emit(
        {
          json: values,
          table: {
            columns: [
              { key: 'key', header: 'key' },
              { key: 'value', header: 'value' },
              { key: 'about', header: 'meaning' },
            ],
            rows: Object.keys(SETTINGS).map((key) => ({
              key,
              value: values[key] ?? null,
              about: SETTINGS[key]!.description,
            })),
          },
        },
        options,
      );
    },
  );
}
