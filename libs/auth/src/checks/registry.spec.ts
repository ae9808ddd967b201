import { resolveAuthOptions } from '../auth.options';
import { CRITICAL, ERROR, formatCheckMessage, WARNING } from './check-message';
import { checks, CheckRegistry } from './index';

const STRONG_KEY = 'k'.repeat(10) + 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJ';

describe('CheckRegistry', () => {
  it('registers a check in one line; deploy checks run only with deploy; tags select', async () => {
    const registry = new CheckRegistry();
    registry.register(() => [{ level: ERROR, id: 'app.E001', msg: 'always' }], { tags: ['models'] });
    registry.register(() => [{ level: WARNING, id: 'app.W001', msg: 'deploy only' }], { tags: ['security'], deploy: true });
    const context = { options: resolveAuthOptions({ secretKey: STRONG_KEY }) };
    expect((await registry.runChecks(context)).map((m) => m.id)).toEqual(['app.E001']);
    expect((await registry.runChecks(context, { deploy: true })).map((m) => m.id)).toEqual(['app.E001', 'app.W001']);
    expect((await registry.runChecks(context, { deploy: true, tags: ['security'] })).map((m) => m.id)).toEqual(['app.W001']);
    expect(registry.tagsAvailable()).toEqual(['models']);
    expect(registry.tagsAvailable(true)).toEqual(['models', 'security']);
  });

  it("formats a message as Django's str(CheckMessage)", () => {
    expect(formatCheckMessage({ level: CRITICAL, id: 'x.C001', msg: 'broken', hint: 'fix it' })).toBe('?: (x.C001) broken\n\tHINT: fix it');
    expect(formatCheckMessage({ level: WARNING, id: 'x.W001', msg: 'hm', obj: 'auth.User' })).toBe('auth.User: (x.W001) hm');
  });

  it("the built-in deployment checks: W009 weak key, W012 insecure cookie, W015 HttpOnly off", async () => {
    const weak = resolveAuthOptions({ secretKey: 'short-key', development: true, session: { cookieHttpOnly: false } });
    const ids = (await checks.runChecks({ options: weak }, { deploy: true })).map((m) => m.id);
    expect(ids).toEqual(['security.W009', 'security.W012', 'security.W015', 'security.W016', 'security.W020']);
    const hardened = resolveAuthOptions({ secretKey: STRONG_KEY, session: { cookieSecure: true }, csrf: { cookieSecure: true }, allowedHosts: ['example.com'] });
    expect(await checks.runChecks({ options: hardened }, { deploy: true })).toEqual([]);
  });
});
