import { userInfo } from 'node:os';
import { Command, Option } from 'nest-commander';
import { ValidationError } from '../exceptions/validation.error';
import { UserManager } from '../users/user-manager.service';
import { BaseCommand, BaseCommandOptions } from './base.command';
import { CommandError } from './command-error';
import { PasswordValidation } from '../validators/password-validation.service';
import { KeyboardInterrupt, Prompter } from './prompt';
import { capfirst, cleanField, UserEntity, userEntityOf, verboseName } from './user-fields';

interface CreateSuperuserOptions extends BaseCommandOptions {
  username?: string;
  email?: string;
  input: boolean;
}

/** Port of contrib/auth/management/commands/createsuperuser.py. */
@Command({
  name: 'createsuperuser',
  description: 'Used to create a superuser.',
})
export class CreateSuperuserCommand extends BaseCommand<CreateSuperuserOptions> {
  static override appLabel = 'auth';
  private prompter = new Prompter();
  private userEntity: UserEntity;
  private users: UserManager;

  @Option({ flags: '--username <username>', description: 'Specifies the login for the superuser.' })
  parseUsername(value: string): string {
    return value;
  }

  @Option({ flags: '--email <email>', description: 'Specifies the email for the superuser.' })
  parseEmail(value: string): string {
    return value;
  }

  @Option({
    flags: '--noinput, --no-input',
    description:
      'Tells the command to NOT prompt the user for input of any kind. You must use --username with --noinput, along with an option for ' +
      "any other required field. Superusers created with --noinput will not be able to log in until they're given a valid password " +
      '(unless DJANGO_SUPERUSER_PASSWORD is set).',
  })
  parseNoInput(): boolean {
    return false;
  }

  async handle(_args: string[], options: CreateSuperuserOptions): Promise<void> {
    this.userEntity = await userEntityOf(this.app);
    this.users = await this.app.get(UserManager);
    try {
      const data = options.input === false ? await this.fromOptions(options) : await this.interactively(options);
      if (!data) return;
      const { username, password, fields } = data;
      await this.users.createSuperuser(username, fields.email ?? null, password, this.extraFields(fields));
      if (this.verbosity >= 1) this.stdout.write('Superuser created successfully.');
    } catch (error) {
      if (error instanceof KeyboardInterrupt) {
        this.stderr.write('\nOperation cancelled.');
        this.app.exitCode = 1;
        return;
      }
      if (error instanceof ValidationError) throw new CommandError(error.messages.join('; '));
      throw error;
    } finally {
      this.prompter.close();
    }
  }

  private get usernameField(): string {
    return this.userEntity.USERNAME_FIELD;
  }

  private requiredFields(): string[] {
    return this.userEntity.REQUIRED_FIELDS.filter((field) => field !== this.usernameField);
  }

  private extraFields(fields: Record<string, string>): Record<string, unknown> {
    const { email: _email, ...rest } = fields;
    return rest;
  }

  /** --noinput: the options, then DJANGO_SUPERUSER_<FIELD>; the password only from DJANGO_SUPERUSER_PASSWORD. */
  private async fromOptions(options: CreateSuperuserOptions) {
    const password = process.env.DJANGO_SUPERUSER_PASSWORD ?? null;
    const username = this.optionFor(this.usernameField, options) ?? process.env[`DJANGO_SUPERUSER_${this.usernameField.toUpperCase()}`];
    if (username === undefined) throw new CommandError(`You must use --${this.usernameField} with --noinput.`);
    const error = await this.validateUsername(username);
    if (error) throw new CommandError(error);
    const fields: Record<string, string> = {};
    for (const field of this.requiredFields()) {
      const value = this.optionFor(field, options) || process.env[`DJANGO_SUPERUSER_${field.toUpperCase()}`];
      if (!value) throw new CommandError(`You must use --${field} with --noinput.`);
      fields[field] = cleanField(field, value, { blank: field === 'email' });
    }
    return { username, password, fields };
  }

  private optionFor(field: string, options: CreateSuperuserOptions): string | undefined {
    return (options as unknown as Record<string, string | undefined>)[field];
  }

  private async interactively(options: CreateSuperuserOptions) {
    if (!this.prompter.isTTY) {
      this.stdout.write(
        `Superuser creation skipped due to not running in a TTY. You can run \`${this.app.options.progName ?? 'manage.py'} createsuperuser\` in your project to create one manually.`,
      );
      return undefined;
    }
    const verbose = verboseName(this.usernameField);
    let username: string | null = this.optionFor(this.usernameField, options) ?? null;
    if (username === '') throw new CommandError(`${capfirst(verbose)} cannot be blank.`);
    if (username !== null) {
      const error = await this.validateUsername(username);
      if (error) {
        this.stderr.write(error);
        username = null;
      }
    }
    const defaultUsername = username === null ? await this.defaultUsername() : '';
    while (username === null) {
      const message = `${capfirst(verbose)}${defaultUsername ? ` (leave blank to use '${defaultUsername}')` : ''}: `;
      username = await this.inputField(this.usernameField, message, defaultUsername);
      if (username) {
        const error = await this.validateUsername(username);
        if (error) {
          this.stderr.write(error);
          username = null;
        }
      }
    }
    const fields: Record<string, string> = {};
    for (const field of this.requiredFields()) {
      let value: string | null = this.optionFor(field, options) ?? null;
      while (value === null) value = await this.inputField(field, `${capfirst(verboseName(field))}: `);
      fields[field] = value;
    }
    const user = Object.assign(new this.userEntity(), fields, { [this.usernameField]: username });
    let password: string | null = null;
    while (password === null) {
      const first = await this.prompter.getpass();
      const second = await this.prompter.getpass('Password (again): ');
      if (first !== second) {
        this.stderr.write("Error: Your passwords didn't match.");
        continue;
      }
      if (first.trim() === '') {
        this.stderr.write("Error: Blank passwords aren't allowed.");
        continue;
      }
      try {
        await (await this.app.get(PasswordValidation)).validate(second, user);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        this.stderr.write(error.messages.join('\n'));
        const response = await this.prompter.input_('Bypass password validation and create user anyway? [y/N]: ');
        if (response.toLowerCase() !== 'y') continue;
      }
      password = first;
    }
    return { username, password, fields };
  }

  /** Django's get_input_data: the field's clean(), its error on stderr and a new prompt. */
  private async inputField(field: string, message: string, defaultValue = ''): Promise<string | null> {
    let raw = await this.prompter.input_(message);
    if (defaultValue && raw === '') raw = defaultValue;
    try {
      return cleanField(field, raw, { blank: field === 'email' });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      this.stderr.write(`Error: ${error.messages.join('; ')}`);
      return null;
    }
  }

  /** Django's _validate_username: taken, blank, the field's validators; an error message or undefined. */
  private async validateUsername(username: string): Promise<string | undefined> {
    const verbose = verboseName(this.usernameField);
    if (username && (await this.users.getByNaturalKey(username))) return `Error: That ${verbose} is already taken.`;
    if (!username) return `${capfirst(verbose)} cannot be blank.`;
    try {
      cleanField(this.usernameField, username);
    } catch (error) {
      if (error instanceof ValidationError) return error.messages.join('; ');
      throw error;
    }
    return undefined;
  }

  /** Django's get_default_username: the system user name, ASCII-folded and lower-cased, if valid and free. */
  private async defaultUsername(): Promise<string> {
    if (this.usernameField !== 'username') return '';
    let name: string;
    try {
      name = userInfo().username;
    } catch {
      return '';
    }
    name = name.normalize('NFKD').replace(/[^\x00-\x7f]/g, '').replace(/ /g, '').toLowerCase();
    try {
      cleanField('username', name);
    } catch {
      return '';
    }
    return (await this.users.getByNaturalKey(name)) ? '' : name;
  }
}
