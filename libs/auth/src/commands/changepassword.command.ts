import { userInfo } from 'node:os';
import { Command } from 'nest-commander';
import { ValidationError } from '../exceptions/validation.error';
import { UserManager } from '../users/user-manager.service';
import { BaseCommand, BaseCommandOptions } from './base.command';
import { CommandError } from './command-error';
import { PasswordValidation } from '../validators/password-validation.service';
import { KeyboardInterrupt, Prompter } from './prompt';

const MAX_TRIES = 3;

/** Python's getpass.getuser(): the login name from the environment, else the OS account. */
function currentUsername(): string {
  for (const name of ['LOGNAME', 'USER', 'LNAME', 'USERNAME']) if (process.env[name]) return process.env[name]!;
  try {
    return userInfo().username;
  } catch {
    throw new CommandError('no username given and the current user is unknown');
  }
}

/** Port of contrib/auth/management/commands/changepassword.py. */
@Command({
  name: 'changepassword',
  description: "Change a user's password for django.contrib.auth.",
  arguments: '[username]',
  argsDescription: { username: "Username to change password for; by default, it's the current username." },
})
export class ChangePasswordCommand extends BaseCommand {
  static override appLabel = 'auth';
  private readonly prompter = new Prompter();

  protected override maxArgs(): number {
    return 1;
  }

  async handle([username = currentUsername()]: string[], _options: BaseCommandOptions): Promise<string> {
    const users = await this.app.get(UserManager);
    const user = await users.getByNaturalKey(username);
    if (!user) throw new CommandError(`user '${username}' does not exist`);
    const name = user.getUsername();
    this.stdout.write(`Changing password for user '${name}'`);
    try {
      const password = await this.askPassword(user, name);
      await user.setPassword(password);
      await (await this.app.dataSource()).getRepository(user.constructor).save(user);
    } catch (error) {
      if (error instanceof KeyboardInterrupt) throw new CommandError('aborted');
      throw error;
    } finally {
      this.prompter.close();
    }
    return `Password changed successfully for user '${name}'`;
  }

  private async askPassword(user: object, name: string): Promise<string> {
    let count = 0;
    while (count < MAX_TRIES) {
      const first = await this.getPass();
      const second = await this.getPass('Password (again): ');
      if (first !== second) {
        this.stdout.write('Passwords do not match. Please try again.');
        count++;
        continue;
      }
      try {
        await (await this.app.get(PasswordValidation)).validate(second, user);
        return first;
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        this.stderr.write(error.messages.join('\n'));
        count++;
      }
    }
    throw new CommandError(`Aborting password change for user '${name}' after ${count} attempts`);
  }

  private async getPass(prompt = 'Password: '): Promise<string> {
    const password = await this.prompter.getpass(prompt).catch((error: Error) => {
      if (error instanceof KeyboardInterrupt) throw error;
      return '';
    });
    if (!password) throw new CommandError('aborted');
    return password;
  }
}
