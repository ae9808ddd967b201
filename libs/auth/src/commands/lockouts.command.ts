import { Command, Option } from 'nest-commander';
import { LoginThrottleService } from '../throttling/login-throttle.service';
import { listLockouts, resetLockouts } from '../throttling/lockouts.command';
import { BaseCommand, BaseCommandOptions } from './base.command';

/** django-axes' axes_list_attempts: the lock-outs in force, one a line. */
@Command({ name: 'listlockouts', description: 'Lists the login lock-outs in force (django-axes: axes_list_attempts).' })
export class ListLockoutsCommand extends BaseCommand {
  static override appLabel = 'auth';

  async handle(): Promise<void> {
    await listLockouts(await this.app.get(LoginThrottleService), this.stdout);
  }
}

interface ResetLockoutsOptions extends BaseCommandOptions {
  username?: string;
  ip?: string;
}

/** django-axes' axes_reset / axes_reset_username / axes_reset_ip: clears counters and lock-outs. */
@Command({ name: 'resetlockouts', description: 'Clears login failure counters and lock-outs: all, or those of --username / --ip (django-axes: axes_reset).' })
export class ResetLockoutsCommand extends BaseCommand<ResetLockoutsOptions> {
  static override appLabel = 'auth';

  @Option({ flags: '--username <username>', description: 'Only the counters of this username.' })
  parseUsername(value: string): string {
    return value;
  }

  @Option({ flags: '--ip <address>', description: 'Only the counters of this client IP address.' })
  parseIp(value: string): string {
    return value;
  }

  async handle(_args: string[], options: ResetLockoutsOptions): Promise<void> {
    await resetLockouts(await this.app.get(LoginThrottleService), { username: options.username, ipAddress: options.ip }, this.stdout);
  }
}
