import type { LoginThrottleService } from './login-throttle.service';

/** What a command prints to (the CLI framework's output, or console). */
export interface CommandOutput {
  write(line: string): void;
}

const consoleOutput: CommandOutput = { write: (line) => process.stdout.write(`${line}\n`) };

/**
 * `listlockouts`: the lock-outs in force, one a line (django-axes' axes_list_attempts).
 * Body of a management command: the CLI registers it with the app's LoginThrottleService.
 */
export async function listLockouts(throttle: LoginThrottleService, out: CommandOutput = consoleOutput): Promise<number> {
  const lockouts = await throttle.listLockouts();
  if (!lockouts.length) out.write('No lock-outs.');
  for (const l of lockouts) {
    out.write(`${l.rule}\tusername=${JSON.stringify(l.username)}\tip=${l.ipAddress ?? '-'}\tfailures=${l.failures}\tretry-after=${l.retryAfterSeconds}s`);
  }
  return lockouts.length;
}

/**
 * `resetlockouts [--username U] [--ip IP]`: clears counters and lock-outs (django-axes' axes_reset, axes_reset_username, axes_reset_ip).
 * Without a filter it clears all of them.
 */
export async function resetLockouts(
  throttle: LoginThrottleService,
  filter: { username?: string; ipAddress?: string } = {},
  out: CommandOutput = consoleOutput,
): Promise<number> {
  const count = await throttle.resetLockouts(filter);
  out.write(`${count} counter${count === 1 ? '' : 's'} cleared.`);
  return count;
}
