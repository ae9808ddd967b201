import { Injectable } from '@nestjs/common';
import type { Request } from 'express';

/** Payloads of the auth signals (Django's user_logged_in, user_logged_out, user_login_failed). */
export interface AuthSignalMap {
  userLoggedIn: { request: Request; user: any };
  /** `user` is null when nobody was logged in. */
  userLoggedOut: { request: Request; user: any | null };
  /** The credentials with every sensitive value masked. */
  userLoginFailed: { request: Request | null; credentials: Record<string, unknown> };
  /** A login refused by login throttling (django-axes' user_locked_out): the failure that began a lock-out and each attempt during it. */
  userLockedOut: { request: Request | null; username: string | null; ipAddress: string | null; retryAfterSeconds: number };
}

export type AuthSignalName = keyof AuthSignalMap;
export type AuthSignalListener<K extends AuthSignalName> = (payload: AuthSignalMap[K]) => unknown | Promise<unknown>;

/**
 * The typed signals of the auth module. Listeners run in the order they were
 * connected and are awaited before login/logout returns, as Django's
 * synchronous signals are; a listener that throws fails the call.
 * @example
 * constructor(signals: AuthSignals) { signals.on('userLoggedIn', ({ user }) => audit(user)); }
 * @publicApi
 */
@Injectable()
export class AuthSignals {
  private readonly listeners = new Map<AuthSignalName, Array<AuthSignalListener<any>>>();

  /** Connects a listener; returns the function that disconnects it. */
  on<K extends AuthSignalName>(signal: K, listener: AuthSignalListener<K>): () => void {
    const list = this.listeners.get(signal) ?? [];
    list.push(listener);
    this.listeners.set(signal, list);
    return () => {
      const current = this.listeners.get(signal) ?? [];
      this.listeners.set(signal, current.filter((l) => l !== listener));
    };
  }

  async emit<K extends AuthSignalName>(signal: K, payload: AuthSignalMap[K]): Promise<void> {
    for (const listener of [...(this.listeners.get(signal) ?? [])]) await listener(payload);
  }
}
