import { DynamicModule, Inject, Module, OnApplicationBootstrap, OnModuleInit, Optional } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, HttpAdapterHost } from '@nestjs/core';
import { InjectDataSource, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AUTH_OPTIONS, AUTH_USER_ENTITY } from './auth.constants';
import {
  AUTH_ASYNC_OPTIONS_TYPE,
  AUTH_MODULE_EXTRAS_DEFAULTS,
  AUTH_OPTIONS_TYPE,
  AuthModuleExtras,
  ConfigurableAuthModule,
} from './auth.module-definition';
import { resolvedOptionsProvider } from './auth.options';
import { ContentType } from './entities/content-type.entity';
import { Group } from './entities/group.entity';
import { Permission } from './entities/permission.entity';
import { PasswordHasherRegistry } from './hashers/password-hasher.registry';
import type { ResolvedAuthOptions } from './interfaces/auth-module-options.interface';
import { syncPermissions } from './permissions/permissions-sync.service';
import { permissionsSyncAtStartup } from './permissions/permissions-sync.service';
import { Session } from './session/entities/session.entity';
import { UserSession } from './session/entities/user-session.entity';
import { GroupManager } from './users/group-manager.service';
import { UserContextBinder } from './users/user-context.binder';
import { UserManager } from './users/user-manager.service';
import { AuthService } from './auth.service';
import { BackendRegistry } from './backends/backend.registry';
import { AuthenticationMiddleware } from './middleware/authentication.middleware';
import { PersistentRemoteUserMiddleware, RemoteUserMiddleware } from './middleware/remote-user.middleware';
import { SessionEngine } from './session/session-engine.interface';
import { sessionEngineProvider } from './session/session-engine.provider';
import { SessionService } from './session/session.service';
import { AuthSignals } from './signals/auth.signals';
import { registerAuthService } from './decorators/auth-service.locator';
import { AccessGuard } from './guards/access.guard';
import { GlobalLoginRequiredGuard } from './guards/global-login-required.guard';
import { LoginRedirectFilter } from './guards/login-redirect.filter';
import { installTemplateContext } from './middleware/template-context';
import { connectUpdateLastLogin } from './signals/update-last-login.listener';
import { useDjangoDatetimes } from './database/django-datetimes';
import { setUserModel } from './users/get-user-model';
import { LoginThrottleService } from './throttling/login-throttle.service';
import { LockedOutFilter } from './throttling/locked-out.filter';
import { ClientErrorFilter } from './http/client-error.filter';
import { CsrfFailureFilter } from './csrf/csrf-failure.filter';
import { PasswordResetTokenGenerator } from './tokens/password-reset-token.generator';
import { PasswordValidation } from './validators/password-validation.service';
import { MailService } from './mail/mail.service';
import { registerMessageLevel } from './messages/messages';
import { CsrfService } from './csrf/csrf.service';
import { CsrfGuard, GlobalCsrfGuard } from './csrf/csrf.guard';
import { registerCsrfService } from './csrf/csrf-context';
import { AllowedHostsGuard } from './http/allowed-hosts.guard';

/** The module's own entities for a given user entity; add them to your DataSource (or use autoLoadEntities). */
export function authEntities(userEntity: Function = AUTH_MODULE_EXTRAS_DEFAULTS.userEntity): Function[] {
  return [ContentType, Permission, Group, userEntity, Session, UserSession];
}

/**
 * Django's auth and sessions for Nest. `forRoot(options)` or
 * `forRootAsync({ imports, inject, useFactory })`; needs a TypeORM DataSource
 * from `TypeOrmModule.forRoot()`.
 * @publicApi
 */
@Module({})
export class AuthModule extends ConfigurableAuthModule implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    @Inject(AUTH_OPTIONS) private readonly options: ResolvedAuthOptions,
    @Inject(AUTH_USER_ENTITY) private readonly userEntity: Function,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly signals: AuthSignals,
    private readonly authService: AuthService,
    private readonly csrfService: CsrfService,
    @Optional() private readonly adapterHost?: HttpAdapterHost,
  ) {
    super();
  }

  static override forRoot(options: typeof AUTH_OPTIONS_TYPE): DynamicModule {
    return AuthModule.withProviders(super.forRoot(options), options);
  }

  static override forRootAsync(options: typeof AUTH_ASYNC_OPTIONS_TYPE): DynamicModule {
    return AuthModule.withProviders(super.forRootAsync(options), options);
  }

  private static withProviders(definition: DynamicModule, extras: AuthModuleExtras): DynamicModule {
    const userEntity = extras.userEntity ?? AUTH_MODULE_EXTRAS_DEFAULTS.userEntity;
    const providers = [
      resolvedOptionsProvider,
      { provide: AUTH_USER_ENTITY, useValue: userEntity },
      {
        provide: PasswordHasherRegistry,
        useFactory: (options: ResolvedAuthOptions) => new PasswordHasherRegistry(options.passwordHashers),
        inject: [AUTH_OPTIONS],
      },
      UserContextBinder,
      UserManager,
      GroupManager,
      AuthSignals,
      BackendRegistry,
      sessionEngineProvider,
      SessionService,
      AuthService,
      AuthenticationMiddleware,
      RemoteUserMiddleware,
      PersistentRemoteUserMiddleware,
      AccessGuard,
      PasswordValidation,
      MailService,
      {
        provide: PasswordResetTokenGenerator,
        useFactory: (options: ResolvedAuthOptions) =>
          new PasswordResetTokenGenerator({ secret: options.secretKey, secretFallbacks: options.secretKeyFallbacks, timeout: options.passwordResetTimeout }),
        inject: [AUTH_OPTIONS],
      },
      { provide: APP_FILTER, useClass: LoginRedirectFilter },
      LoginThrottleService,
      { provide: APP_FILTER, useClass: LockedOutFilter },
      { provide: APP_FILTER, useClass: ClientErrorFilter },
      { provide: APP_FILTER, useClass: CsrfFailureFilter },
      CsrfService,
      CsrfGuard,
      // Global guards run in this order, as Django's middleware: hosts (CommonMiddleware), CSRF, then login required.
      { provide: APP_GUARD, useClass: AllowedHostsGuard },
      { provide: APP_GUARD, useClass: GlobalCsrfGuard },
      ...(extras.globalLoginRequired ? [{ provide: APP_GUARD, useClass: GlobalLoginRequiredGuard }] : []),
    ];
    return {
      ...definition,
      imports: [...(definition.imports ?? []), TypeOrmModule.forFeature(authEntities(userEntity))],
      providers: [...(definition.providers ?? []), ...providers],
      exports: [
        AUTH_OPTIONS,
        AUTH_USER_ENTITY,
        PasswordHasherRegistry,
        UserManager,
        GroupManager,
        UserContextBinder,
        AuthSignals,
        BackendRegistry,
        SessionEngine,
        SessionService,
        AuthService,
        AuthenticationMiddleware,
        RemoteUserMiddleware,
        PersistentRemoteUserMiddleware,
        AccessGuard,
        LoginThrottleService,
        PasswordValidation,
        PasswordResetTokenGenerator,
        MailService,
        CsrfService,
        CsrfGuard,
      ],
    };
  }

  /** Param decorators and templates reach the service through the Express app. */
  onApplicationBootstrap(): void {
    const expressApp = this.adapterHost?.httpAdapter?.getInstance?.();
    if (!expressApp?.locals) return;
    if (this.options.trustProxy !== undefined) expressApp.set('trust proxy', this.options.trustProxy);
    registerAuthService(expressApp, this.authService);
    registerMessageLevel(expressApp, this.options.messages.level);
    registerCsrfService(expressApp, this.csrfService);
    installTemplateContext(expressApp, this.authService);
  }

  async onModuleInit(): Promise<void> {
    useDjangoDatetimes(this.dataSource);
    setUserModel(this.userEntity as never);
    connectUpdateLastLogin(this.signals, this.dataSource, this.userEntity);
    if (!this.options.syncPermissions) return;
    if (!permissionsSyncAtStartup.enabled) return;
    await syncPermissions(this.dataSource.manager, [...authEntities(this.userEntity), ...this.options.models]);
  }
}
