import { Command, Option } from 'nest-commander';
import { AUTH_OPTIONS, AUTH_USER_ENTITY } from '../auth.constants';
import { checks, CRITICAL, DEBUG, ERROR, formatCheckMessage, INFO, WARNING, type CheckMessage } from '../checks';
import type { ResolvedAuthOptions } from '../interfaces/auth-module-options.interface';
import { BaseCommand, BaseCommandOptions, invalidArgument } from './base.command';
import { CommandError, SystemCheckError } from './command-error';

interface CheckOptions extends BaseCommandOptions {
  deploy?: boolean;
  tags?: string[];
  listTags?: boolean;
  failLevel: number;
}

const LEVELS: Record<string, number> = { CRITICAL, ERROR, WARNING, INFO, DEBUG };

/** Django's check: the registered system checks (`checks.register`), deployment ones with --deploy. */
@Command({ name: 'check', description: 'Checks the entire Django project for potential problems.' })
export class CheckCommand extends BaseCommand<CheckOptions> {
  static override appLabel = 'django';

  @Option({ flags: '-t, --tag <tag>', description: 'Run only checks labeled with given tag.', name: 'tags' })
  parseTag(value: string, previous: string[] = []): string[] {
    return [...previous, value];
  }

  @Option({ flags: '--list-tags', description: 'List available tags.' })
  parseListTags(): boolean {
    return true;
  }

  @Option({ flags: '--deploy', description: 'Check deployment settings.' })
  parseDeploy(): boolean {
    return true;
  }

  @Option({ flags: '--fail-level <level>', description: 'Message level that will cause the command to exit with a non-zero status. Default is ERROR.', defaultValue: ERROR })
  parseFailLevel(value: string): number {
    if (!(value in LEVELS)) throw invalidArgument("invalid choice (choose from 'CRITICAL', 'ERROR', 'WARNING', 'INFO', 'DEBUG')");
    return LEVELS[value];
  }

  async handle(_args: string[], options: CheckOptions): Promise<void> {
    if (options.listTags) {
      this.stdout.write(checks.tagsAvailable(options.deploy).join('\n'));
      return;
    }
    const tags = options.tags ?? [];
    const unknown = tags.filter((tag) => !checks.tagsAvailable(options.deploy).includes(tag));
    if (unknown.length) throw new CommandError(`There is no system check with the "${unknown[0]}" tag.`);
    const context = {
      options: await this.app.get<ResolvedAuthOptions>(AUTH_OPTIONS),
      dataSource: await this.app.dataSource(),
      userEntity: await this.app.get<Function>(AUTH_USER_ENTITY),
    };
    const messages = await checks.runChecks(context, { deploy: options.deploy, tags });
    this.report(messages, options.failLevel ?? ERROR);
  }

  /** Django's BaseCommand.check output: grouped by level, sorted, a count; serious ones fail. */
  private report(messages: CheckMessage[], failLevel: number): void {
    const groups: Array<[string, (level: number) => boolean]> = [
      ['CRITICALS', (l) => l >= CRITICAL],
      ['ERRORS', (l) => l >= ERROR && l < CRITICAL],
      ['WARNINGS', (l) => l >= WARNING && l < ERROR],
      ['INFOS', (l) => l >= INFO && l < WARNING],
      ['DEBUGS', (l) => l < INFO],
    ];
    let body = '';
    for (const [name, inGroup] of groups) {
      const issues = messages.filter((m) => inGroup(m.level));
      if (!issues.length) continue;
      const formatted = issues.map((m) => (m.level >= ERROR ? this.style.ERROR(formatCheckMessage(m)) : this.style.WARNING(formatCheckMessage(m)))).sort();
      body += `\n${name}:\n${formatted.join('\n')}\n`;
    }
    const count = messages.length;
    const header = count ? 'System check identified some issues:\n' : '';
    const footer = `${count ? '\n' : ''}System check identified ${count === 0 ? 'no issues' : count === 1 ? '1 issue' : `${count} issues`} (0 silenced).`;
    if (messages.some((m) => m.level >= failLevel)) throw new SystemCheckError(`${header}${body}${footer}`);
    if (count) this.stderr.write(header + body + footer, (text) => text);
    else this.stdout.write(footer);
  }
}
