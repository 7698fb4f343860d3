import type { Command } from 'commander';
import { InputError } from '../errors.js';
import { m } from '../i18n/index.js';
import { emit, type OutputOptions, say, tell, withOutputOptions, withStore } from './context.js';

export function registerConfigCommands(program: Command): void {
  const h = m.help.config;
  const config = program.command('config').description(h.description);

  config
    .command('set')
    .description(h.set.description)
    // The keys as the catalogue names them: the settings' own module loads libphonenumber, too much for --help.
    .argument('<key>', h.set.key({ keys: Object.keys(m.config.settings).join(', ') }))
    .argument('<value>', h.set.value)
    .action(async (key: string, value: string, _options: unknown, command: Command) => {
      const [{ normaliseSetting }, { setSetting }] = await Promise.all([
        import('../domain/config.js'),
        import('../app/settings.js'),
      ]);
      const normalised = normaliseSetting(key, value);
      const read = await withStore(command, (store) => setSetting(store, key, normalised));
      say(m.config.wasSet({ key, value: normalised }));
      if (read && read.phonesReadAgain > 0)
        say(
          m.said.region.readAgain({
            region: normalised,
            phones: read.phonesReadAgain,
            duplicates: read.possibleDuplicates,
          }),
        );
    });

  config
    .command('get')
    .description(h.get.description)
    .argument('<key>', h.get.key)
    .action(async (key: string, _options: unknown, command: Command) => {
      const { getSetting } = await import('../app/settings.js');
      const value = await withStore(command, (store) => getSetting(store, key));
      if (value === undefined) throw new InputError(m.config.notSet({ key }));
      tell(value);
    });

  config
    .command('unset')
    .description(h.unset.description)
    .argument('<key>', h.unset.key)
    .action(async (key: string, _options: unknown, command: Command) => {
      const { unsetSetting } = await import('../app/settings.js');
      const removed = await withStore(command, (store) => unsetSetting(store, key));
      say(removed ? m.config.wasUnset({ key }) : m.config.wasNotSet({ key }));
    });

  withOutputOptions(config.command('list').description(h.list.description)).action(
    async (options: OutputOptions, command: Command) => {
      const [{ listSettings }, { SETTINGS }] = await Promise.all([
        import('../app/settings.js'),
        import('../domain/config.js'),
      ]);
      const values = await withStore(command, (store) => listSettings(store));
      const columns = m.config.columns;
      const rows = (Object.keys(SETTINGS) as Array<keyof typeof SETTINGS>).map((key) => ({
        key,
        value: values[key] ?? null,
        about: m.config.settings[key],
      }));
      await emit(
        {
          json: values,
          table: {
            columns: [
              { key: 'key', header: 'key', label: columns.key },
              { key: 'value', header: 'value', label: columns.value },
              { key: 'about', header: 'meaning', label: columns.meaning },
            ],
            rows,
          },
          // For programs: the same in every language, without the words that explain each setting.
          csv: {
            columns: [
              { key: 'key', header: 'key' },
              { key: 'value', header: 'value' },
            ],
            rows,
          },
        },
        options,
      );
    },
  );
}
