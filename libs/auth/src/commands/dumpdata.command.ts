import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { Command, Option } from 'nest-commander';
import { APP_LABELS, countObjects, dumpObjects, FIXTURE_MODELS, FixtureModel, fixtureModel, serializeFixture, sortDependencies } from '../serializers';
import { BaseCommand, BaseCommandOptions, invalidArgument } from './base.command';
import { CommandError } from './command-error';
import { ProgressBar } from './progress-bar';

interface DumpDataOptions extends BaseCommandOptions {
  format: string;
  indent?: number;
  naturalForeign?: boolean;
  naturalPrimary?: boolean;
  exclude?: string[];
  output?: string;
  pks?: string[];
}

/** Resolves app and app.Model labels (Django's dumpdata app_list), minus the excluded ones. */
export function modelsForLabels(labels: string[], exclude: string[] = []): FixtureModel[] {
  const pick = (label: string): FixtureModel[] => {
    if (label.includes('.')) {
      const [app] = label.split('.');
      if (!APP_LABELS.includes(app)) throw new CommandError(`No installed app with label '${app}'.`);
      const model = fixtureModel(label);
      if (!model) throw new CommandError(`Unknown model: ${label}`);
      return [model];
    }
    if (!APP_LABELS.includes(label)) throw new CommandError(`No installed app with label '${label}'.`);
    return FIXTURE_MODELS.filter((m) => m.label.startsWith(`${label}.`));
  };
  const excluded = new Set(exclude.flatMap(pick));
  const chosen = labels.length ? labels.flatMap(pick) : FIXTURE_MODELS;
  return [...new Set(chosen)].filter((m) => !excluded.has(m));
}

/** Django's dumpdata for auth, contenttypes and sessions, in Django's fixture JSON. */
@Command({
  name: 'dumpdata',
  description: 'Output the contents of the database as a fixture of the given format (using each model\'s default manager unless --all is specified).',
  arguments: '[app_label[.ModelName]...]',
  argsDescription: { app_label: 'Restricts dumped data to the specified app_label or app_label.ModelName.' },
})
export class DumpDataCommand extends BaseCommand<DumpDataOptions> {
  static override appLabel = 'django';

  protected override maxArgs(): number {
    return Infinity;
  }

  @Option({ flags: '--format <format>', description: 'Specifies the output serialization format for fixtures.', defaultValue: 'json' })
  parseFormat(value: string): string {
    return value;
  }

  @Option({ flags: '--indent <indent>', description: 'Specifies the indent level to use when pretty-printing output.' })
  parseIndent(value: string): number {
    if (!/^\d+$/.test(value)) throw invalidArgument(`invalid int value: '${value}'`);
    return Number(value);
  }

  @Option({ flags: '-e, --exclude <label>', description: 'An app_label or app_label.ModelName to exclude (use multiple --exclude to exclude multiple apps/models).' })
  parseExclude(value: string, previous: string[] = []): string[] {
    return [...previous, value];
  }

  @Option({ flags: '--natural-foreign', description: 'Use natural foreign keys if they are available.' })
  parseNaturalForeign(): boolean {
    return true;
  }

  @Option({ flags: '--natural-primary', description: 'Use natural primary keys if they are available.' })
  parseNaturalPrimary(): boolean {
    return true;
  }

  @Option({ flags: '--pks <pks>', description: 'Only dump objects with given primary keys. Accepts a comma-separated list of keys. This option only works when you specify one model.' })
  parsePks(value: string): string[] {
    return value.split(',').map((pk) => pk.trim());
  }

  @Option({ flags: '-o, --output <file>', description: 'Specifies file to which the output is written ("-" for stdout).' })
  parseOutput(value: string): string {
    return value;
  }

  async handle(labels: string[], options: DumpDataOptions): Promise<void> {
    if (options.format !== 'json') throw new CommandError(`Unknown serialization format: ${options.format}`);
    let models = modelsForLabels(labels, options.exclude);
    if (options.pks && (labels.length !== 1 || models.length !== 1)) throw new CommandError('You can only use --pks option with one model');
    if (options.naturalForeign) models = sortDependencies(models);
    const dataSource = await this.app.dataSource();
    const output = options.output === '-' ? undefined : options.output;
    const total = output && process.stderr.isTTY ? await countObjects(dataSource, models) : 0;
    const bar = new ProgressBar(total, 'Dumping', { verbosity: this.verbosity });
    let done = 0;
    const objects = await dumpObjects(dataSource, models, { ...options, onObject: () => bar.update(++done) });
    bar.finish();
    const text = serializeFixture(objects, options.indent);
    if (!output) {
      process.stdout.write(text);
      return;
    }
    writeFileSync(output, output.endsWith('.gz') ? gzipSync(text) : text);
  }
}
