import { Command, Option } from 'nest-commander';
import { DataSource } from 'typeorm';
import { BaseCommand, BaseCommandOptions } from './base.command';
import { CommandError } from './command-error';
import { createPermissions } from './createpermissions.command';
import { Prompter } from './prompt';

interface FlushOptions extends BaseCommandOptions {
  input: boolean;
}

/** Django's flush: every table of the app's entities emptied (sequences reset), then post_migrate's content types and permissions. */
@Command({ name: 'flush', description: 'Removes ALL DATA from the database, including data added during migrations. Does not achieve a "fresh install" state.' })
export class FlushCommand extends BaseCommand<FlushOptions> {
  static override appLabel = 'django';

  @Option({ flags: '--noinput, --no-input', description: 'Tells the command to NOT prompt the user for input of any kind.' })
  parseNoInput(): boolean {
    return false;
  }

  async handle(_args: string[], options: FlushOptions): Promise<void> {
    const dataSource = await this.app.dataSource();
    if (options.input !== false && !(await this.confirmed(dataSource))) {
      this.stdout.write('Flush cancelled.');
      return;
    }
    try {
      await flushTables(dataSource, await existingTables(dataSource));
    } catch (error) {
      throw new CommandError(
        `Database ${dataSource.options.database ?? ''} couldn't be flushed. Possible reasons:\n` +
          '  * The database isn\'t running or isn\'t configured correctly.\n' +
          "  * At least one of the expected database tables doesn't exist.\n" +
          `The full error: ${(error as Error).message}`,
      );
    }
    await createPermissions(this.app);
  }

  private async confirmed(dataSource: DataSource): Promise<boolean> {
    const prompter = new Prompter();
    try {
      const answer = await prompter.input_(
        'You have requested a flush of the database.\n' +
          `This will IRREVERSIBLY DESTROY all data currently in the '${String(dataSource.options.database ?? 'default')}' database,\n` +
          'and return each table to an empty state.\n' +
          'Are you sure you want to do this?\n\n' +
          "    Type 'yes' to continue, or 'no' to cancel: ",
      );
      return answer === 'yes';
    } catch {
      return false;
    } finally {
      prompter.close();
    }
  }
}

async function existingTables(dataSource: DataSource): Promise<string[]> {
  const queryRunner = dataSource.createQueryRunner();
  try {
    const names = [...new Set(dataSource.entityMetadatas.filter((m) => m.tableType !== 'view').map((m) => m.tableName))];
    const present: string[] = [];
    for (const name of names) if (await queryRunner.hasTable(name)) present.push(name);
    return present;
  } finally {
    await queryRunner.release();
  }
}

/** Empties the tables and resets their sequences, foreign keys off while it runs (Django's sql_flush). */
export async function flushTables(dataSource: DataSource, tables: string[]): Promise<void> {
  if (tables.length === 0) return;
  const q = (name: string) => dataSource.driver.escape(name);
  const queryRunner = dataSource.createQueryRunner();
  try {
    switch (dataSource.options.type) {
      case 'postgres':
        await queryRunner.query(`TRUNCATE ${tables.map(q).join(', ')} RESTART IDENTITY CASCADE`);
        break;
      case 'mysql':
      case 'mariadb':
        await queryRunner.query('SET FOREIGN_KEY_CHECKS = 0');
        try {
          for (const table of tables) await queryRunner.query(`TRUNCATE ${q(table)}`);
        } finally {
          await queryRunner.query('SET FOREIGN_KEY_CHECKS = 1');
        }
        break;
      default:
        await queryRunner.query('PRAGMA foreign_keys = OFF');
        try {
          await queryRunner.startTransaction();
          for (const table of tables) await queryRunner.query(`DELETE FROM ${q(table)}`);
          if (await queryRunner.hasTable('sqlite_sequence')) {
            await queryRunner.query(`DELETE FROM sqlite_sequence WHERE name IN (${tables.map(() => '?').join(', ')})`, tables);
          }
          await queryRunner.commitTransaction();
        } catch (error) {
          if (queryRunner.isTransactionActive) await queryRunner.rollbackTransaction();
          throw error;
        } finally {
          await queryRunner.query('PRAGMA foreign_keys = ON');
        }
    }
  } finally {
    await queryRunner.release();
  }
}
