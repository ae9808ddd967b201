import express, { Express } from 'express';
import session, { Store } from 'express-session';
import { generateSessionKey } from 'nest-django-auth';

declare module 'express-session' {
  interface SessionData {
    views?: number;
    a?: number;
    b?: number;
  }
}

export const STORE_APP_SECRET = 'store-app-secret-0123456789-abcdefghijklmnopqrstuvwxyz-XYZ';

/** Holds a request between loading its session and changing it, to race it against a logout. */
export class RequestGate {
  private reachedResolve!: () => void;
  private releaseResolve!: () => void;
  /** Resolves once the request has loaded its session and waits. */
  readonly reached = new Promise<void>((resolve) => (this.reachedResolve = resolve));
  private readonly released = new Promise<void>((resolve) => (this.releaseResolve = resolve));

  async wait(): Promise<void> {
    this.reachedResolve();
    await this.released;
  }

  release(): void {
    this.releaseResolve();
  }
}

/**
 * A plain Express app with express-session on the given store, as an app
 * using the store would mount it (Django keys as session IDs).
 */
export function createSessionStoreApp(store: Store, gate: { current?: RequestGate } = {}): Express {
  const app = express();
  app.use(session({ store, secret: STORE_APP_SECRET, resave: false, saveUninitialized: false, genid: () => generateSessionKey() }));
  app.get('/health', (_req, res) => {
    res.send('ok');
  });
  app.get('/peek', (req, res) => {
    res.json({ views: req.session.views ?? null });
  });
  app.get('/count', (req, res) => {
    req.session.views = (req.session.views ?? 0) + 1;
    res.json({ views: req.session.views });
  });
  app.get('/slow-count', async (req, res) => {
    await gate.current?.wait();
    req.session.views = (req.session.views ?? 0) + 100;
    res.json({ views: req.session.views });
  });
  app.get('/save-twice', (req, res, next) => {
    req.session.a = 1;
    req.session.save((error) => {
      if (error) return next(error);
      req.session.b = 2;
      res.json({ ok: true });
    });
  });
  app.post('/logout', (req, res, next) => {
    req.session.destroy((error) => (error ? next(error) : res.json({ ok: true })));
  });
  return app;
}
