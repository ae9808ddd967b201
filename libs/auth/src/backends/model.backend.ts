import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import { DataSource, Repository } from 'typeorm';
import { AUTH_USER_ENTITY } from '../auth.constants';
import type { AbstractBaseUser } from '../entities/abstract-base-user.entity';
import { Permission } from '../entities/permission.entity';
import { PasswordHasherRegistry } from '../hashers/password-hasher.registry';
import { applyWithPerm, loadAllPermissions, loadUserPermissionSets, permissionTablesOf } from '../permissions/permission-queries';
import { parsePermissionString } from '../permissions/permission-string';
import type { UserEntityClass, UserWithPermOptions } from '../users/user-manager.service';
import type { Credentials, GetUserOptions } from './auth-backend.interface';
import { BaseBackend } from './base.backend';
import { permissionCacheOf } from './permission-cache';
import { LoadedUser, UserLoader } from './user-loader';
import type { SessionUserJoin } from '../session/session-engine.interface';
import { UserContextBinder } from '../users/user-context.binder';
import { isExactUsernameMatch, isStorableUsername } from '../users/username-lookup';

type PermUser = AbstractBaseUser & { isSuperuser?: boolean; isAnonymous: boolean };

/**
 * Port of django.contrib.auth.backends.ModelBackend: username and password
 * against the user table, permissions from user_permissions and groups,
 * cached on the user object for the request.
 * @publicApi
 */
@Injectable()
export class ModelBackend extends BaseBackend<PermUser> {
  static override backendName = 'django.contrib.auth.backends.ModelBackend';

  constructor(
    @InjectDataSource() protected readonly dataSource: DataSource,
    @Inject(AUTH_USER_ENTITY) protected readonly userEntity: UserEntityClass,
    protected readonly hashers: PasswordHasherRegistry,
    protected readonly binder: UserContextBinder,
  ) {
    super();
    this.loader = new UserLoader(dataSource, userEntity as unknown as new () => PermUser, binder);
  }

  private readonly loader: UserLoader<PermUser>;
  private readonly sessionJoins = new Map<boolean, SessionUserJoin<PermUser> | null>();

  protected get repository(): Repository<AbstractBaseUser> {
    return this.dataSource.getRepository(this.userEntity);
  }

  override async authenticate(_request: Request | null, credentials: Credentials): Promise<PermUser | null> {
    const username = credentials.username ?? credentials[this.userEntity.USERNAME_FIELD];
    const password = credentials.password;
    if (username === undefined || username === null || password === undefined || password === null) return null;
    const user = typeof username === 'string' ? await this.findByUsername(username) : null;
    if (!user) {
      await this.runDefaultHasher(password);
      return null;
    }
    if ((await user.checkPassword(password)) && this.userCanAuthenticate(user)) return user;
    return null;
  }

  /** Django rejects inactive users; users without an is_active field are allowed. */
  userCanAuthenticate(user: { isActive?: boolean | null }): boolean {
    return user.isActive !== false;
  }

  override async getUser(rawUserId: unknown, options: GetUserOptions = {}): Promise<PermUser | null> {
    const userId = this.toPk(rawUserId);
    if (userId === null) return null;
    return this.accept(await this.loader.byPk(userId, options.withPermissions === true));
  }

  /**
   * The user (and permission sets) joined to the session row, so the db and
   * cached_db engines read both in one statement; only while getUser is this
   * class's own (a subclass that changes how users load keeps its getUser).
   */
  sessionUserJoin(withPermissions: boolean): SessionUserJoin<PermUser> | null {
    if (this.getUser !== ModelBackend.prototype.getUser) return null;
    let join = this.sessionJoins.get(withPermissions);
    if (join === undefined) {
      const loaded = this.loader.sessionJoin(withPermissions);
      join = { ...loaded, read: (row) => this.accept(loaded.read(row)) };
      this.sessionJoins.set(withPermissions, join);
    }
    return join;
  }

  /** What getUser makes of a loaded row: inactive users refused, permission sets cached on the user. */
  private accept(loaded: LoadedUser<PermUser> | null): PermUser | null {
    if (!loaded || !this.userCanAuthenticate(loaded.user)) return null;
    if (loaded.userPermissions && !loaded.user.isSuperuser) {
      const cache = permissionCacheOf(loaded.user);
      cache.user = loaded.userPermissions;
      cache.group = loaded.groupPermissions;
    }
    return loaded.user;
  }

  override async getUserPermissions(user: PermUser, obj?: unknown): Promise<Set<string>> {
    return this.getPermissions(user, 'user', obj);
  }

  override async getGroupPermissions(user: PermUser, obj?: unknown): Promise<Set<string>> {
    return this.getPermissions(user, 'group', obj);
  }

  override async getAllPermissions(user: PermUser, obj?: unknown): Promise<Set<string>> {
    if (!this.grantsTo(user, obj)) return new Set();
    const cache = permissionCacheOf(user);
    if (!cache.all) {
      const [own, group] = await Promise.all([this.getUserPermissions(user), this.getGroupPermissions(user)]);
      cache.all = new Set([...own, ...group]);
    }
    return cache.all;
  }

  override async hasPerm(user: PermUser, perm: string, obj?: unknown): Promise<boolean> {
    if (user.isActive === false) return false;
    // Both sets came with the user (a permission-checking guard asked for them): the union is not built.
    const cache = permissionCacheOf(user);
    if (cache.user && cache.group && !cache.all && this.grantsTo(user, obj) && this.ownPermissionMethods()) {
      return cache.user.has(perm) || cache.group.has(perm);
    }
    return super.hasPerm(user, perm, obj);
  }

  /** A subclass that redefines where permissions come from is asked through its own methods. */
  private ownPermissionMethods(): boolean {
    return (
      this.getAllPermissions === ModelBackend.prototype.getAllPermissions &&
      this.getUserPermissions === ModelBackend.prototype.getUserPermissions &&
      this.getGroupPermissions === ModelBackend.prototype.getGroupPermissions
    );
  }

  async hasModulePerms(user: PermUser, appLabel: string): Promise<boolean> {
    if (user.isActive === false) return false;
    for (const perm of await this.getAllPermissions(user)) if (perm.slice(0, perm.indexOf('.')) === appLabel) return true;
    return false;
  }

  /** Users holding `perm`, in one query; none for an object (object permissions are for custom backends). */
  async withPerm(perm: string | Permission, options: UserWithPermOptions = {}): Promise<AbstractBaseUser[]> {
    if (typeof perm !== 'string' && !(perm instanceof Permission)) {
      throw new TypeError('The `perm` argument must be a string or a permission instance.');
    }
    const target = typeof perm === 'string' ? parsePermissionString(perm) : { id: perm.id };
    if (options.obj !== undefined && options.obj !== null) return [];
    const query = this.repository.createQueryBuilder('u');
    applyWithPerm(query, permissionTablesOf(this.repository.metadata), target, options);
    return query.getMany();
  }

  /** Django's `pk.to_python` on the session value: a value the column cannot hold is no user, not a database error. */
  protected toPk(value: unknown): string | number | null {
    const column = this.repository.metadata.primaryColumns[0];
    const text = typeof value === 'number' ? String(value) : value;
    if (typeof text !== 'string' || text.length === 0 || text.length > 64) return null;
    const numeric = column.type === Number || ['int', 'integer', 'bigint', 'smallint'].includes(String(column.type));
    if (numeric) return /^\d{1,15}$/.test(text) ? Number(text) : null;
    if (column.type === 'uuid') return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text) ? text : null;
    return text;
  }

  protected async findByUsername(username: string): Promise<PermUser | null> {
    if (!isStorableUsername(username)) return null;
    const field = this.userEntity.USERNAME_FIELD;
    const user = (await this.repository.findOne({ where: { [field]: username } as never })) as PermUser | null;
    return isExactUsernameMatch(user, field, username) ? user : null;
  }

  /** Port of ModelBackend.authenticate's timing defence (Django #20760): an unknown user costs one hash too. */
  protected async runDefaultHasher(password: unknown): Promise<void> {
    await this.hashers.checkPassword(password, null);
  }

  private grantsTo(user: PermUser, obj: unknown): boolean {
    return user.isActive !== false && !user.isAnonymous && (obj === undefined || obj === null);
  }

  private async getPermissions(user: PermUser, from: 'user' | 'group', obj?: unknown): Promise<Set<string>> {
    if (!this.grantsTo(user, obj)) return new Set();
    const cache = permissionCacheOf(user);
    if (!cache[from]) {
      if (user.isSuperuser) {
        const all = await loadAllPermissions(this.dataSource.manager);
        cache.user = cache.group = all;
      } else {
        const sets = await loadUserPermissionSets(this.dataSource.manager, permissionTablesOf(this.repository.metadata), user.pk);
        cache.user = sets.user;
        cache.group = sets.group;
      }
    }
    return cache[from]!;
  }
}
