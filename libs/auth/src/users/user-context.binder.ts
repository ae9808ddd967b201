import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntitySubscriberInterface } from 'typeorm';
import { AUTH_OPTIONS } from '../auth.constants';
import { AbstractBaseUser } from '../entities/abstract-base-user.entity';
import { PasswordHasherRegistry } from '../hashers/password-hasher.registry';
import type { ResolvedAuthOptions } from '../interfaces/auth-module-options.interface';
import { bindUserContext, UserContext, UserPermissionDelegate } from './user-context';

/**
 * Gives every user entity this module loads or creates its context (hashers,
 * secret key, password saving, permission backends). Registered as a TypeORM
 * subscriber on the module's own DataSource, so two apps in one process keep
 * their own settings.
 */
@Injectable()
export class UserContextBinder implements OnModuleInit {
  private readonly context: UserContext;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(AUTH_OPTIONS) options: ResolvedAuthOptions,
    hashers: PasswordHasherRegistry,
  ) {
    this.context = {
      hashers,
      secretKey: options.secretKey,
      savePassword: (user, previous) => this.savePassword(user as AbstractBaseUser, previous),
    };
  }

  onModuleInit(): void {
    const subscriber: EntitySubscriberInterface = {
      afterLoad: (entity: unknown) => {
        if (entity instanceof AbstractBaseUser) this.bind(entity);
      },
    };
    this.dataSource.subscribers.push(subscriber);
  }

  bind<T extends object>(user: T): T {
    return bindUserContext(user, this.context);
  }

  /** Set by the backends registry once it exists (permission checks on the user entity). */
  setPermissionDelegate(delegate: UserPermissionDelegate): void {
    this.context.permissions = delegate;
  }

  /**
   * Saves an upgraded hash only over the one it replaces (`previous`), and returns what is stored afterwards: two
   * concurrent logins that both upgrade must agree on one hash, or the loser's session (whose auth hash is derived
   * from the password field) would be invalid the moment it is issued.
   */
  private async savePassword(user: AbstractBaseUser, previous?: string): Promise<string> {
    const repository = this.dataSource.getRepository(user.constructor as new () => AbstractBaseUser);
    const pk = repository.metadata.primaryColumns[0].propertyName;
    if (previous === undefined) {
      await repository.update({ [pk]: user.pk } as never, { password: user.password } as never);
      return user.password;
    }
    await repository.update({ [pk]: user.pk, password: previous } as never, { password: user.password } as never);
    const stored = await repository.findOne({ where: { [pk]: user.pk } as never, select: { password: true } as never });
    return stored?.password ?? user.password;
  }
}
