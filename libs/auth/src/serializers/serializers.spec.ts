import { encodeDatetime, parseDatetime, sqliteDatetime } from './datetimes';
import { fixtureModel, sortDependencies } from './fixture-models';
import { pythonJson } from './python-json';

describe('fixture serialization helpers', () => {
  it("writes JSON as Python's json.dumps(ensure_ascii=False)", () => {
    const value = { model: 'auth.user', fields: { username: 'zoë', groups: [1, 2], empty: [] as number[], none: null } };
    expect(pythonJson(value)).toBe('{"model": "auth.user", "fields": {"username": "zoë", "groups": [1, 2], "empty": [], "none": null}}');
    expect(pythonJson(value, 2)).toBe(JSON.stringify(value, null, 2));
  });

  it("encodes datetimes as DjangoJSONEncoder and reads Django's formats", () => {
    expect(encodeDatetime(new Date('2024-01-01T00:00:00Z'))).toBe('2024-01-01T00:00:00Z');
    expect(encodeDatetime(new Date('2024-01-02T03:04:05.678Z'))).toBe('2024-01-02T03:04:05.678Z');
    expect(parseDatetime('2024-01-02T03:04:05.678901Z').toISOString()).toBe('2024-01-02T03:04:05.678Z');
    expect(parseDatetime('2024-01-02 05:04:05+02:00').toISOString()).toBe('2024-01-02T03:04:05.000Z');
    expect(parseDatetime('2024-01-02').toISOString()).toBe('2024-01-02T00:00:00.000Z');
    expect(() => parseDatetime('yesterday')).toThrow('invalid format');
    expect(() => parseDatetime('2024-02-30 00:00')).toThrow('invalid date/time');
    expect(sqliteDatetime(new Date('2024-01-02T03:04:05.678Z'))).toBe('2024-01-02 03:04:05.678');
  });

  it("orders models as Django's sort_dependencies for natural keys", () => {
    const labels = ['auth.permission', 'auth.group', 'auth.user', 'contenttypes.contenttype', 'sessions.session'];
    const models = labels.map((label) => fixtureModel(label)!);
    expect(sortDependencies(models).map((m) => m.label)).toEqual(['contenttypes.contenttype', 'sessions.session', 'auth.permission', 'auth.group', 'auth.user']);
    expect(fixtureModel('auth.User')?.objectLabel).toBe('auth.User');
  });
});
