/**
 * The public surface of nest-django-auth. Anything not exported here is internal.
 */
export { AuthModule, authEntities } from './auth.module';
export type { AuthModuleExtras } from './auth.module-definition';
export { AUTH_OPTIONS, AUTH_USER_ENTITY, SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY, REDIRECT_FIELD_NAME } from './auth.constants';
export type { AuthModuleOptions, ResolvedAuthOptions } from './interfaces/auth-module-options.interface';
export { resolveAuthOptions } from './auth.options';
export { isWeakSecretKey } from './checks/secret-key.check';

export * from './entities';
export { Session } from './session/entities/session.entity';
export { UserSession } from './session/entities/user-session.entity';
export { AUTH_MIGRATIONS, AuthInitial1700000000000, SessionsInitial1700000000001 } from './migrations';
export { MysqlDjangoColumns1700000000002 } from './migrations';
export { databaseOptionsFromUrl, redactUrl } from './database/database-url';
export { useDjangoDatetimes } from './database/django-datetimes';

export * from './hashers';
export * from './exceptions';
export { constantTimeCompare, saltedHmac, getRandomString, RANDOM_STRING_CHARS } from './crypto';

export { UserManager } from './users/user-manager.service';
export { getUserModel } from './users/get-user-model';
export { checkPasswordHashes, countPasswordHashes } from './checks/password-hashes.check';
export type { PasswordHashCounts, PasswordHashesCheckOptions } from './checks/password-hashes.check';
export type { UserEntityClass, UserWithPermOptions } from './users/user-manager.service';
export { GroupManager } from './users/group-manager.service';
export { AnonymousUser } from './users/anonymous-user';
export { normalizeEmail, normalizeUsername } from './users/normalize';
export { ManyToManyManager } from './permissions/many-to-many';
export type { GroupLike, PermissionLike } from './permissions/permission-resolver';
export { parsePermissionString } from './permissions/permission-string';
export { UnicodeUsernameValidator, ASCIIUsernameValidator, USERNAME_MAX_LENGTH } from './validators/username.validators';
export * from './validators/index';
export * from './tokens/index';

export { AuthService } from './auth.service';
export type { AuthUser, GetUserOptions } from './auth.service';
export { BackendRegistry } from './backends/backend.registry';
export type { NamedBackend } from './backends/backend.registry';
export { AUTH_BACKENDS, backendNameOf } from './backends/auth-backend.interface';
export type { AuthBackend, AuthBackendClass, AuthBackendEntry, Credentials } from './backends/auth-backend.interface';
export { BaseBackend } from './backends/base.backend';
export { ModelBackend } from './backends/model.backend';
export { AllowAllUsersModelBackend } from './backends/allow-all-users-model.backend';
export { RemoteUserBackend } from './backends/remote-user.backend';
export { AllowAllUsersRemoteUserBackend } from './backends/allow-all-users-remote-user.backend';
export { clearPermissionCache } from './backends/permission-cache';

export { AuthSignals } from './signals/auth.signals';
export type { AuthSignalMap, AuthSignalName, AuthSignalListener } from './signals/auth.signals';
export { cleanseCredentials, CLEANSED_SUBSTITUTE } from './signals/cleanse-credentials';

export { SessionService } from './session/session.service';
export { RequestSession } from './session/request-session';
export { SessionEngine, SessionKeyTakenError, SessionDeletedError, SessionIndexUnavailableError } from './session/session-engine.interface';
export type { SessionRecord, SessionSaveOptions, UserSessionInfo } from './session/session-engine.interface';
export type { SessionUserJoin, SessionWithUser } from './session/session-engine.interface';
export type { SessionOptions, SessionEngineName, SessionRedisOptions } from './session/session-options.interface';
export { generateSessionKey, isValidSessionKey } from './session/session-key';
export * from './session/codecs';
export * from './session/typeorm';
export * from './session/redis';
export * from './session/cached-db';

export { AuthenticationMiddleware } from './middleware/authentication.middleware';
export { RemoteUserMiddleware, PersistentRemoteUserMiddleware } from './middleware/remote-user.middleware';

export { AccessGuard } from './guards/access.guard';
export { GlobalLoginRequiredGuard } from './guards/global-login-required.guard';
export { LoginRedirectException } from './guards/login-redirect.exception';
export { LoginRedirectFilter } from './guards/login-redirect.filter';
export type { AccessOptions, PermissionRequiredOptions, UserTest, PermissionObjectResolver } from './guards/access-options.interface';
export { loginRedirectUrl } from './guards/redirect-to-login';
export { LoginRequired } from './decorators/login-required.decorator';
export { LoginNotRequired } from './decorators/login-not-required.decorator';
export { PermissionRequired } from './decorators/permission-required.decorator';
export { UserPassesTest } from './decorators/user-passes-test.decorator';
export { CurrentUser } from './decorators/current-user.decorator';
export { Perms } from './decorators/perms.decorator';
export { PermWrapper, permWrapperFor } from './decorators/perm-wrapper';
export { urlHasAllowedHostAndScheme } from './http/url-has-allowed-host-and-scheme';

export { BaseCommand, CommandError, SystemCheckError, ManagementApp, runManagementCli, BUILTIN_COMMANDS, Prompter, ProgressBar, invalidArgument } from './commands';
export type { BaseCommandOptions, ManagementCliOptions } from './commands';
export { createPermissions } from './commands/createpermissions.command';
export { checks, CheckRegistry, DEBUG, INFO, WARNING, ERROR, CRITICAL, formatCheckMessage } from './checks';
export type { CheckMessage, CheckContext, CheckFunction } from './checks';
export { dumpObjects, serializeFixture, parseFixture, loadObjects, DeserializationError } from './serializers';
export { isRequestSecure } from './http/is-request-secure';
export { getHost, validateHost, splitDomainPort, DisallowedHostException } from './http/allowed-hosts';
export type { HostValidationOptions } from './http/allowed-hosts';
export { AllowedHostsGuard } from './http/allowed-hosts.guard';
export { NeverCache, XFrameOptions } from './http/cache-headers.decorators';
export * from './csrf';
export { ClientErrorFilter } from './http/client-error.filter';
export * from './throttling';
export { LoginThrottle1700000000003 } from './migrations';
export * from './forms';
export * from './views';

export { MailService, BadHeaderError } from './mail';
export type { EmailMessage, SentEmailMessage, EmailOptions, EmailBackendName } from './mail';
export * as messages from './messages/api';
export { Message, MessageFailure, messageLevels, DEFAULT_MESSAGE_TAGS, MESSAGES_SESSION_KEY, addMessage, getMessages, getMessageLevel, encodeMessages, decodeMessages } from './messages';
export type { MessagesOptions } from './messages';
