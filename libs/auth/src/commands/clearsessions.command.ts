import { Command } from 'nest-commander';
import { LessThanOrEqual } from 'typeorm';
import { Session } from '../session/entities/session.entity';
import { SessionEngine } from '../session/session-engine.interface';
import { BaseCommand } from './base.command';
import { ProgressBar } from './progress-bar';

/** Django's clearsessions, through the configured engine (batched deletes); a progress bar on a terminal. */
@Command({ name: 'clearsessions', description: 'Can be run as a cronjob or directly to clean out expired sessions (only with the database backend at the moment).' })
export class ClearSessionsCommand extends BaseCommand {
  static override appLabel = 'sessions';

  async handle(): Promise<void> {
    const engine = await this.app.get<SessionEngine>(SessionEngine);
    const bar = new ProgressBar(process.stderr.isTTY ? await this.expiredCount() : 0, 'Clearing expired sessions', { verbosity: this.verbosity });
    const cleared = await engine.clearExpired({ onProgress: (done) => bar.update(done) });
    bar.finish();
    if (this.verbosity >= 1) this.stdout.write(`cleared ${cleared} expired sessions`);
  }

  private async expiredCount(): Promise<number> {
    try {
      return await (await this.app.dataSource()).getRepository(Session).count({ where: { expireDate: LessThanOrEqual(new Date()) } });
    } catch {
      return 0;
    }
  }
}
