import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Command, Option } from 'nest-commander';
import { DeserializationError, loadObjects, parseFixture } from '../serializers';
import { UserSession } from '../session/entities/user-session.entity';
import { SessionEngine } from '../session/session-engine.interface';
import { sessionOwnerOf } from '../session/session-owner';
import type { ManagementApp } from './management-app';
import { BaseCommand, BaseCommandOptions } from './base.command';
import { CommandError } from './command-error';
import { ProgressBar } from './progress-bar';

interface LoadDataOptions extends BaseCommandOptions {
  format?: string;
  exclude?: string[];
}

/** The fixture files of a label: `-` (stdin), a path, or a path without its `.json` / `.json.gz`. */
function fixtureFile(label: string): string {
  if (label === '-') return label;
  for (const candidate of [label, `${label}.json`, `${label}.json.gz`]) if (existsSync(candidate)) return resolve(candidate);
  throw new CommandError(`No fixture named '${label}' found.`);
}

function readFixture(file: string): string {
  if (file === '-') return readFileSync(0, 'utf8');
  const bytes = readFileSync(file);
  return (file.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}

/**
 * Loaded sessions join the user → sessions index (our table, not Django's),
 * so `revokeSessions` and `getUserSessions` see them as if they were logged in here.
 */
async function indexLoadedSessions(app: ManagementApp, sessionKeys: string[]): Promise<void> {
  if (sessionKeys.length === 0) return;
  const dataSource = await app.dataSource();
  if (!dataSource.hasMetadata(UserSession)) return;
  const queryRunner = dataSource.createQueryRunner();
  const indexed = await queryRunner.hasTable(dataSource.getMetadata(UserSession).tableName).finally(() => queryRunner.release());
  if (!indexed) return;
  const engine = await app.get<SessionEngine>(SessionEngine);
  const repository = dataSource.getRepository(UserSession);
  for (const sessionKey of sessionKeys) {
    const owner = sessionOwnerOf((await engine.load(sessionKey))?.data ?? {});
    await repository.delete({ sessionKey });
    if (owner !== null) await repository.insert({ sessionKey, userId: owner, createdAt: new Date() });
  }
}

/** Django's loaddata: every fixture in one transaction; a bad object loads nothing and is named. */
@Command({
  name: 'loaddata',
  description: 'Installs the named fixture(s) in the database.',
  arguments: '<fixture...>',
  argsDescription: { fixture: 'Fixture labels: file paths (with or without .json), or - for stdin.' },
})
export class LoadDataCommand extends BaseCommand<LoadDataOptions> {
  static override appLabel = 'django';

  protected override maxArgs(): number {
    return Infinity;
  }

  @Option({ flags: '--format <format>', description: 'Format of serialized data when reading from stdin.' })
  parseFormat(value: string): string {
    return value;
  }

  @Option({ flags: '-e, --exclude <label>', description: 'An app_label or app_label.ModelName to exclude. Can be used multiple times.' })
  parseExclude(value: string, previous: string[] = []): string[] {
    return [...previous, value];
  }

  async handle(labels: string[], options: LoadDataOptions): Promise<void> {
    if (options.format && options.format !== 'json') throw new CommandError(`Problem installing fixture '-': ${options.format} is not a known serialization format.`);
    const fixtures = labels.map((label) => ({ file: fixtureFile(label) }));
    const parsed = fixtures.map(({ file }) => {
      try {
        const objects = parseFixture(readFixture(file));
        const excluded = (options.exclude ?? []).map((label) => label.toLowerCase());
        return { file, objects: objects.filter((o) => !excluded.some((label) => o.model.label === label || o.model.label.startsWith(`${label}.`))) };
      } catch (error) {
        throw new CommandError(`Problem installing fixture '${file}': ${(error as Error).message}`);
      }
    });
    const total = parsed.reduce((sum, f) => sum + f.objects.length, 0);
    const bar = new ProgressBar(total >= 100 ? total : 0, 'Installing', { verbosity: this.verbosity });
    const dataSource = await this.app.dataSource();
    let done = 0;
    let current = '';
    let loaded = 0;
    try {
      await dataSource.transaction(async (manager) => {
        for (const fixture of parsed) {
          current = fixture.file;
          loaded += await loadObjects(manager, fixture.objects, () => bar.update(++done));
        }
      });
    } catch (error) {
      bar.finish();
      if (error instanceof DeserializationError) throw new CommandError(`Problem installing fixture '${current}': ${error.message}`);
      throw error;
    }
    bar.finish();
    await indexLoadedSessions(
      this.app,
      parsed.flatMap((f) => f.objects.filter((o) => o.model.label === 'sessions.session' && typeof o.pk === 'string').map((o) => o.pk as string)),
    );
    if (this.verbosity >= 1) {
      if (loaded === 0) this.stdout.write(`No fixture data found for '${labels[0]}'. (File format may be invalid.)`, this.style.WARNING);
      else this.stdout.write(`Installed ${loaded} object(s) from ${parsed.length} fixture(s)`);
    }
  }
}
