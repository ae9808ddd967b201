import { formatIsoDatetime, formatSqliteDatetime, parseDjangoDatetime } from './django-datetimes';

describe("Django's datetime text (run under TZ=America/New_York too)", () => {
  it('writes SQLite datetimes as str(datetime): six fractional digits, none when zero', () => {
    expect(formatSqliteDatetime(new Date('2024-01-02T03:04:05.678Z'))).toBe('2024-01-02 03:04:05.678000');
    expect(formatSqliteDatetime(new Date('2024-07-02T23:04:05.000Z'))).toBe('2024-07-02 23:04:05');
  });

  it("writes set_expiry's datetime as Python's isoformat with +00:00", () => {
    expect(formatIsoDatetime(new Date('2024-01-02T03:04:05.678Z'))).toBe('2024-01-02T03:04:05.678000+00:00');
    expect(formatIsoDatetime(new Date('2024-07-02T23:04:05Z'))).toBe('2024-07-02T23:04:05+00:00');
  });

  it.each([
    ['2024-01-02 03:04:05.678901', '2024-01-02T03:04:05.678Z'],
    ['2024-01-02 03:04:05.678', '2024-01-02T03:04:05.678Z'],
    ['2024-01-02 03:04:05', '2024-01-02T03:04:05.000Z'],
    ['2024-01-02 03:04', '2024-01-02T03:04:00.000Z'],
    ['2024-07-02T23:04:05.5+00:00', '2024-07-02T23:04:05.500Z'],
    ['2024-07-02T23:04:05Z', '2024-07-02T23:04:05.000Z'],
    ['2024-07-02T19:04:05-04:00', '2024-07-02T23:04:05.000Z'],
    ['2024-07-03T01:04:05+0200', '2024-07-02T23:04:05.000Z'],
  ])('reads %s as UTC %s whatever the process time zone', (text, iso) => {
    expect(parseDjangoDatetime(text)!.toISOString()).toBe(iso);
  });

  it('round-trips and refuses garbage', () => {
    const date = new Date('2031-12-31T23:59:59.999Z');
    expect(parseDjangoDatetime(formatSqliteDatetime(date))!.getTime()).toBe(date.getTime());
    expect(parseDjangoDatetime(formatIsoDatetime(date))!.getTime()).toBe(date.getTime());
    for (const bad of ['', 'yesterday', '2024-13-45', '2024-01-02 03:04:05.678901 junk']) expect(parseDjangoDatetime(bad)).toBeNull();
  });
});
