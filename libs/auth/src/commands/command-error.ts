/**
 * Port of django.core.management.CommandError: the command failed in a way
 * the user can fix. Printed as `CommandError: <message>` on stderr, exit 1
 * (or `returncode`).
 */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly returncode = 1,
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

/** Django's SystemCheckError: `check` found issues at or above the fail level. */
export class SystemCheckError extends CommandError {
  constructor(message: string) {
    super(message, 1);
    this.name = 'SystemCheckError';
  }
}
