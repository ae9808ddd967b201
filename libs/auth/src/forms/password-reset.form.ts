import { Logger } from '@nestjs/common';
import type { Repository } from 'typeorm';
import type { UserModelStatics } from '../entities/abstract-base-user.entity';
import type { PasswordResetTokenGenerator } from '../tokens/password-reset-token.generator';
import { urlsafeBase64Encode } from '../tokens/uidb64';
import { CharField, EmailField } from './fields';
import { Form } from './form';

/** A rendered email, handed to the mail backend. */
export interface ResetEmailMessage {
  subject: string;
  body: string;
  html?: string;
  from?: string;
  to: string[];
}

/** Renders a template by name (Django's loader.render_to_string). */
export type RenderToString = (templateName: string, context: Record<string, unknown>) => Promise<string>;

export interface PasswordResetFormOptions {
  /** The user table (Django's UserModel._default_manager). */
  repository: Repository<any>;
  tokenGenerator: PasswordResetTokenGenerator;
  render: RenderToString;
  sendMail: (message: ResetEmailMessage) => Promise<unknown>;
}

export interface PasswordResetSaveOptions {
  /** Host (with port) put in the link; Django's request.get_host() or domain_override. */
  domain: string;
  siteName?: string;
  useHttps?: boolean;
  subjectTemplateName?: string;
  emailTemplateName?: string;
  htmlEmailTemplateName?: string | null;
  fromEmail?: string;
  extraEmailContext?: Record<string, unknown>;
  /**
   * false: save() resolves once the users are found and the mails go out
   * after it (the views' choice: sending to a known address then takes no
   * longer to answer than an unknown one). Default true, as Django.
   */
  waitForMail?: boolean;
}

/** Django's _unicode_ci_compare: NFKC then casefold (ß folds to ss, as Python's str.casefold). */
export function unicodeCiEqual(a: string, b: string): boolean {
  const fold = (s: string) => s.normalize('NFKC').toLowerCase().replace(/ß/g, 'ss').replace(/ς/g, 'σ');
  return fold(a) === fold(b);
}

/**
 * Port of django.contrib.auth.forms.PasswordResetForm. `save()` mails a
 * one-time link to every active user with a usable password and this email
 * (case-insensitive), and nothing to anyone else: the caller answers the
 * same either way.
 * @publicApi
 */
export class PasswordResetForm extends Form<{ email: string }> {
  private readonly declared: Record<string, CharField> = {
    email: new EmailField({ label: 'Email', maxLength: 254, autocomplete: 'email', autofocus: true }),
  };

  constructor(
    data: Record<string, unknown> | null | undefined,
    private readonly options: PasswordResetFormOptions,
  ) {
    super(data);
  }

  protected get fields(): Record<string, CharField> {
    return this.declared;
  }

  /** Django's get_users: who gets a link for this address. */
  async getUsers(email: string): Promise<any[]> {
    const repository = this.options.repository;
    const emailField = (repository.target as unknown as UserModelStatics).EMAIL_FIELD ?? 'email';
    const candidates = await repository
      .createQueryBuilder('u')
      .where(`LOWER(u.${emailField}) = LOWER(:email)`, { email })
      .getMany();
    return candidates.filter(
      (user) => user.isActive !== false && user.hasUsablePassword?.() !== false && unicodeCiEqual(email, String(user[emailField] ?? '')),
    );
  }

  /** Django's send_mail: subject on one line, body, optional HTML body. */
  async sendMail(
    subjectTemplateName: string,
    emailTemplateName: string,
    context: Record<string, unknown>,
    fromEmail: string | undefined,
    toEmail: string,
    htmlEmailTemplateName?: string | null,
  ): Promise<void> {
    const subject = (await this.options.render(subjectTemplateName, context)).split(/\r\n|\r|\n/).join('');
    const body = await this.options.render(emailTemplateName, context);
    const html = htmlEmailTemplateName ? await this.options.render(htmlEmailTemplateName, context) : undefined;
    await this.options.sendMail({ subject, body, html, from: fromEmail, to: [toEmail] });
  }

  /** Mails the reset links (Django's save). */
  async save(options: PasswordResetSaveOptions): Promise<void> {
    const users = await this.getUsers(this.cleanedData.email!);
    const sending = this.mailUsers(users, options);
    if (options.waitForMail !== false) await sending;
  }

  private async mailUsers(users: any[], options: PasswordResetSaveOptions): Promise<void> {
    for (const user of users) {
      try {
        const emailField = (user.constructor as UserModelStatics).EMAIL_FIELD ?? 'email';
        const userEmail = String(user[emailField]);
        const context = {
          email: userEmail,
          domain: options.domain,
          site_name: options.siteName ?? options.domain,
          uid: urlsafeBase64Encode(String(user.pk ?? user.id)),
          user,
          token: this.options.tokenGenerator.makeToken(user),
          protocol: options.useHttps ? 'https' : 'http',
          ...options.extraEmailContext,
        };
        await this.sendMail(
          options.subjectTemplateName ?? 'registration/password_reset_subject.txt',
          options.emailTemplateName ?? 'registration/password_reset_email.html',
          context,
          options.fromEmail,
          userEmail,
          options.htmlEmailTemplateName,
        );
      } catch (error) {
        // Django 4.2+: logged, never surfaced, so the response cannot tell a known address from an unknown one.
        new Logger('PasswordResetForm').error(`Failed to send password reset email to ${String(user.pk ?? user.id)}`, (error as Error)?.stack);
      }
    }
  }
}
