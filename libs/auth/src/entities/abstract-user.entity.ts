import { Column } from 'typeorm';
import { currentMailService } from '../mail/mail.locator';
import { normalizeEmail } from '../users/normalize';
import { AbstractBaseUser } from './abstract-base-user.entity';
import { PermissionsMixin } from './permissions-mixin.entity';

/**
 * Port of django.contrib.auth.models.AbstractUser: Django's full user, minus
 * the primary key and the table name, which the concrete entity declares.
 * @publicApi
 */
export abstract class AbstractUser extends PermissionsMixin(AbstractBaseUser) {
  static override USERNAME_FIELD = 'username';
  static override EMAIL_FIELD = 'email';
  static override REQUIRED_FIELDS = ['email'];

  @Column({ type: 'varchar', length: 150, unique: true })
  username: string;

  @Column({ name: 'first_name', type: 'varchar', length: 150, default: '' })
  firstName: string = '';

  @Column({ name: 'last_name', type: 'varchar', length: 150, default: '' })
  lastName: string = '';

  @Column({ type: 'varchar', length: 254, default: '' })
  email: string = '';

  @Column({ name: 'is_staff', type: Boolean, default: false })
  isStaff: boolean = false;

  @Column({ name: 'is_active', type: Boolean, default: true })
  override isActive: boolean = true;

  @Column({ name: 'date_joined', type: Date })
  dateJoined: Date = new Date();

  override clean(): void {
    super.clean();
    this.email = normalizeEmail(this.email);
  }

  /** First name plus last name, with a space in between, trimmed. */
  getFullName(): string {
    return `${this.firstName} ${this.lastName}`.trim();
  }

  getShortName(): string {
    return this.firstName;
  }

  /** Django's email_user: sends a message to this user's email through the app's MailService. */
  async emailUser(subject: string, message: string, from?: string): Promise<void> {
    await currentMailService().sendMail({ subject, body: message, from, to: [this.email] });
  }
}
