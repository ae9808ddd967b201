import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { AUTH_OPTIONS } from '../auth.constants';
import { ImproperlyConfiguredError } from '../exceptions/improperly-configured.error';
import { PermissionDeniedException } from '../exceptions/permission-denied.exception';
import type { ResolvedAuthOptions } from '../interfaces/auth-module-options.interface';
import { UserContextBinder } from '../users/user-context.binder';
import type { UserPermissionDelegate } from '../users/user-context';
import { AuthBackend, AuthBackendClass, backendNameOf } from './auth-backend.interface';
import type { SessionUserJoin } from '../session/session-engine.interface';

/** The first backend that can have its user read with the session, and how. */
export interface SessionUserJoinProvider {
  backend: AuthBackend;
  join: SessionUserJoin<unknown>;
}

/** A configured backend and the name stored in sessions it logs in. */
export interface NamedBackend {
  name: string;
  backend: AuthBackend;
}

/**
 * Django's AUTHENTICATION_BACKENDS: the ordered backends, built once by
 * Nest's injector (so they can inject services), and the permission
 * delegation every user entity uses (Django's `_user_has_perm` family).
 * @publicApi
 */
@Injectable()
export class BackendRegistry implements OnModuleInit, UserPermissionDelegate {
  private backends: NamedBackend[] = [];
  private readonly joinProviders = new Map<boolean, SessionUserJoinProvider | null>();

  constructor(
    @Inject(AUTH_OPTIONS) private readonly options: ResolvedAuthOptions,
    private readonly moduleRef: ModuleRef,
    private readonly binder: UserContextBinder,
  ) {}

  async onModuleInit(): Promise<void> {
    const built: NamedBackend[] = [];
    for (const entry of this.options.backends) {
      const backend = typeof entry === 'function' ? await this.moduleRef.create(entry as AuthBackendClass) : entry;
      if (typeof backend?.getUser !== 'function') {
        throw new ImproperlyConfiguredError(`AuthModule: backend ${backendNameOf(entry)} has no getUser() method.`);
      }
      built.push({ name: backendNameOf(entry), backend });
    }
    const names = built.map((b) => b.name);
    const duplicate = names.find((name, i) => names.indexOf(name) !== i);
    if (duplicate) throw new ImproperlyConfiguredError(`AuthModule: two backends are named "${duplicate}"; give one a static backendName.`);
    this.backends = built;
    this.binder.setPermissionDelegate(this);
  }

  all(): readonly NamedBackend[] {
    return this.backends;
  }

  /** The backend stored in a session under this name, or undefined when it is no longer configured. */
  get(name: unknown): AuthBackend | undefined {
    return this.backends.find((b) => b.name === name)?.backend;
  }

  /** Resolved once per flag: the first backend offering a session join (ModelBackend and its kin), or null. */
  sessionUserJoin(withPermissions: boolean): SessionUserJoinProvider | null {
    let provider = this.joinProviders.get(withPermissions);
    if (provider === undefined) {
      provider = null;
      for (const { backend } of this.backends) {
        const join = backend.sessionUserJoin?.(withPermissions);
        if (join) {
          provider = { backend, join };
          break;
        }
      }
      if (this.backends.length) this.joinProviders.set(withPermissions, provider);
    }
    return provider;
  }

  nameOf(backend: AuthBackend): string | undefined {
    return this.backends.find((b) => b.backend === backend)?.name;
  }

  /** Any backend may grant; one that throws PermissionDeniedException denies outright. */
  async hasPerm(user: object, perm: string, obj?: unknown): Promise<boolean> {
    return this.anyGrants((backend) => backend.hasPerm?.(user, perm, obj));
  }

  async hasModulePerms(user: object, appLabel: string): Promise<boolean> {
    return this.anyGrants((backend) => backend.hasModulePerms?.(user, appLabel));
  }

  async getPermissions(user: object, from: 'user' | 'group' | 'all', obj?: unknown): Promise<Set<string>> {
    const permissions = new Set<string>();
    for (const { backend } of this.backends) {
      const method = { user: backend.getUserPermissions, group: backend.getGroupPermissions, all: backend.getAllPermissions }[from];
      if (!method) continue;
      for (const perm of await method.call(backend, user, obj)) permissions.add(perm);
    }
    return permissions;
  }

  private async anyGrants(ask: (backend: AuthBackend) => Promise<boolean> | undefined): Promise<boolean> {
    for (const { backend } of this.backends) {
      try {
        if (await ask(backend)) return true;
      } catch (error) {
        if (error instanceof PermissionDeniedException) return false;
        throw error;
      }
    }
    return false;
  }
}
