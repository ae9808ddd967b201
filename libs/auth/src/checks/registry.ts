import type { DataSource } from 'typeorm';
import type { ResolvedAuthOptions } from '../interfaces/auth-module-options.interface';
import type { CheckMessage } from './check-message';

/** What a check may look at: the module's resolved options and, when the command has one, the database. */
export interface CheckContext {
  options: ResolvedAuthOptions;
  dataSource?: DataSource;
  /** The user entity (AUTH_USER_MODEL), for checks that read its table. */
  userEntity?: Function;
}

export type CheckFunction = (context: CheckContext) => CheckMessage[] | Promise<CheckMessage[]>;

export interface CheckRegistration {
  check: CheckFunction;
  /** Django's `Tags` (`security`, `database`…); `check --tag` selects by them. */
  tags: string[];
  /** Only with `check --deploy` (Django's `deploy=True`). */
  deploy: boolean;
}

/** Port of django.core.checks.registry.CheckRegistry. */
export class CheckRegistry {
  private readonly registered: CheckRegistration[] = [];

  register(check: CheckFunction, options: { tags?: string[]; deploy?: boolean } = {}): CheckFunction {
    this.registered.push({ check, tags: options.tags ?? [], deploy: options.deploy ?? false });
    return check;
  }

  tagsAvailable(deploy = false): string[] {
    return [...new Set(this.registered.filter((r) => deploy || !r.deploy).flatMap((r) => r.tags))].sort();
  }

  async runChecks(context: CheckContext, { deploy = false, tags = [] as string[] } = {}): Promise<CheckMessage[]> {
    const selected = this.registered.filter(
      (r) => (deploy || !r.deploy) && (tags.length === 0 || r.tags.some((tag) => tags.includes(tag))),
    );
    const messages: CheckMessage[] = [];
    for (const { check } of selected) messages.push(...(await check(context)));
    return messages;
  }
}

/** The checks `check` runs. Register one of your own with `checks.register(fn, { tags, deploy })`. */
export const checks = new CheckRegistry();
