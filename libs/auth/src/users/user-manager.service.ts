import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import { AUTH_USER_ENTITY } from '../auth.constants';
import { AbstractBaseUser, UserModelStatics } from '../entities/abstract-base-user.entity';
import { Group } from '../entities/group.entity';
import { Permission } from '../entities/permission.entity';
import { ValidationError } from '../exceptions/validation.error';
import { PasswordHasherRegistry } from '../hashers/password-hasher.registry';
import { junctionOf, ManyToManyManager } from '../permissions/many-to-many';
import { applyWithPerm, permissionTablesOf, WithPermOptions } from '../permissions/permission-queries';
import { GroupLike, PermissionLike, resolveGroupIds, resolvePermissionIds } from '../permissions/permission-resolver';
import { parsePermissionString } from '../permissions/permission-string';
import { UnicodeUsernameValidator, USERNAME_MAX_LENGTH } from '../validators/username.validators';
import { normalizeEmail, normalizeUsername } from './normalize';
import { UserContextBinder } from './user-context.binder';
import type { AuthBackend } from '../backends/auth-backend.interface';
import { BackendRegistry } from '../backends/backend.registry';
import { ModelBackend } from '../backends/model.backend';
import { ImproperlyConfiguredError } from '../exceptions/improperly-configured.error';
import { isExactUsernameMatch, isStorableUsername } from './username-lookup';

export type UserEntityClass<T extends AbstractBaseUser = AbstractBaseUser> = (new () => T) & UserModelStatics;

/** Options of UserManager.withPerm (Django's UserManager.with_perm). */
export interface UserWithPermOptions extends WithPermOptions {
  /** Object permissions are for custom backends: ModelBackend returns no user for an object. */
  obj?: unknown;
  /**
   * The name of the backend to ask (its session name, e.g. `django.contrib.auth.backends.ModelBackend`);
   * required when several backends are configured, as in Django.
   */
  backend?: string;
}

/**
 * Port of django.contrib.auth.models.UserManager (BaseUserManager): creating
 * users the way Django does, natural keys, with_perm, and the related
 * managers for groups and permissions.
 * @publicApi
 */
@Injectable()
export class UserManager<T extends AbstractBaseUser = AbstractBaseUser> {
  private readonly usernameValidator = new UnicodeUsernameValidator();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AUTH_USER_ENTITY) private readonly userEntity: UserEntityClass<T>,
    private readonly hashers: PasswordHasherRegistry,
    private readonly binder: UserContextBinder,
    private readonly backends: BackendRegistry,
  ) {}

  get repository(): Repository<T> {
    return this.dataSource.getRepository(this.userEntity);
  }

  private get manager(): EntityManager {
    return this.dataSource.manager;
  }

  normalizeEmail(email: string | null | undefined): string {
    return normalizeEmail(email);
  }

  normalizeUsername(username: string): string {
    return normalizeUsername(username);
  }

  /** Django's `_create_user`: normalized username and email, hashed password (none given → unusable). */
  async createUser(username: string, email?: string | null, password?: string | null, extra: Partial<T> = {}): Promise<T> {
    if (!username) throw new ValidationError({ message: 'The given username must be set', code: 'required' });
    const statics = this.userEntity;
    const user = this.binder.bind(this.repository.create());
    Object.assign(user, extra);
    const record = user as unknown as Record<string, unknown>;
    record[statics.USERNAME_FIELD] = statics.USERNAME_FIELD === statics.EMAIL_FIELD ? normalizeEmail(username) : normalizeUsername(username);
    if (statics.EMAIL_FIELD in record || email) record[statics.EMAIL_FIELD] = normalizeEmail(email ?? (record[statics.EMAIL_FIELD] as string));
    if (statics.USERNAME_FIELD === 'username') this.validateUsername(record.username as string);
    await user.setPassword(password ?? null);
    return (await this.repository.save(user as never)) as unknown as T;
  }

  /** The username field's rules: 150 characters at most (the model field) and the username validator. */
  private validateUsername(username: string): void {
    if (username.length > USERNAME_MAX_LENGTH) {
      throw new ValidationError({
        message: `Ensure this value has at most ${USERNAME_MAX_LENGTH} characters (it has ${username.length}).`,
        code: 'max_length',
        params: { limit_value: USERNAME_MAX_LENGTH, show_value: username.length },
      });
    }
    this.usernameValidator.validate(username);
  }

  /** Django's create_superuser: is_staff and is_superuser forced on; passing them false is an error. */
  async createSuperuser(username: string, email?: string | null, password?: string | null, extra: Record<string, unknown> = {}): Promise<T> {
    const fields = { isStaff: true, isSuperuser: true, ...extra };
    if (fields.isStaff !== true) throw new ValidationError({ message: 'Superuser must have is_staff=True.', code: 'invalid' });
    if (fields.isSuperuser !== true) throw new ValidationError({ message: 'Superuser must have is_superuser=True.', code: 'invalid' });
    return this.createUser(username, email, password, fields as unknown as Partial<T>);
  }

  async getByNaturalKey(username: string): Promise<T | null> {
    if (!isStorableUsername(username)) return null;
    const field = this.userEntity.USERNAME_FIELD;
    const user = await this.repository.findOne({ where: { [field]: username } as never });
    return isExactUsernameMatch(user, field, username) ? user : null;
  }

  /**
   * Users holding `perm` (`"app_label.codename"` or a Permission entity), as
   * Django's with_perm: the one configured backend, or the one named by
   * `backend`, is asked (ModelBackend: directly, through a group, or as
   * superusers, in one query); a backend without withPerm gives no user.
   */
  async withPerm(perm: string | Permission, options: UserWithPermOptions = {}): Promise<T[]> {
    const { backend: name, ...rest } = options;
    const backend = this.withPermBackend(name);
    if (!backend.withPerm) return [];
    if (backend.withPerm === ModelBackend.prototype.withPerm) {
      const target = typeof perm === 'string' ? parsePermissionString(perm) : this.permissionEntity(perm);
      if (rest.obj !== undefined && rest.obj !== null) return [];
      const query = this.repository.createQueryBuilder('u');
      applyWithPerm(query, permissionTablesOf(this.repository.metadata), target, rest);
      return query.orderBy(`u.${this.repository.metadata.primaryColumns[0].propertyName}`).getMany();
    }
    return (await backend.withPerm(perm, rest as Record<string, unknown>)) as T[];
  }

  /** Django's backend choice in with_perm: the only one, or the named one. */
  private withPermBackend(name: unknown): AuthBackend {
    if (name === undefined || name === null) {
      const all = this.backends.all();
      if (all.length === 1) return all[0].backend;
      throw new ImproperlyConfiguredError('You have multiple authentication backends configured and therefore must provide the `backend` argument.');
    }
    if (typeof name !== 'string') throw new TypeError(`backend must be a dotted import path string (got ${String(name)}).`);
    const backend = this.backends.get(name);
    if (!backend) throw new ImproperlyConfiguredError(`withPerm: no configured backend is named ${JSON.stringify(name)}.`);
    return backend;
  }

  /** `user.groups` as Django's related manager: add, remove, set, clear, all. */
  groups(user: T): ManyToManyManager<Group, GroupLike> {
    return new ManyToManyManager(this.manager, junctionOf(this.repository.metadata, 'groups'), user.pk, Group, (items) =>
      resolveGroupIds(this.manager, items),
    );
  }

  /** `user.user_permissions` as Django's related manager. */
  userPermissions(user: T): ManyToManyManager<Permission, PermissionLike> {
    return new ManyToManyManager(
      this.manager,
      junctionOf(this.repository.metadata, 'userPermissions'),
      user.pk,
      Permission,
      (items) => resolvePermissionIds(this.manager, items),
    );
  }

  /** Deletes the user and its group and permission links (Django's on_delete=CASCADE). */
  async deleteUser(user: T): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      for (const relation of ['groups', 'userPermissions']) {
        const junction = junctionOf(this.repository.metadata, relation);
        await manager.createQueryBuilder().delete().from(junction.table).where(`${junction.ownerColumn} = :id`, { id: user.pk }).execute();
      }
      await manager.getRepository(this.userEntity).delete(user.pk as never);
    });
  }

  private permissionEntity(perm: Permission): { id: number } {
    if (!(perm instanceof Permission)) {
      throw new TypeError('The `perm` argument must be a string or a Permission instance.');
    }
    return { id: perm.id };
  }
}
