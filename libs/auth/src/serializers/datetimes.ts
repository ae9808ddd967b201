/**
 * Datetimes as Django's serializers and database backends handle them
 * (USE_TZ = True, UTC): DjangoJSONEncoder's output, parse_datetime's input.
 */

/** DjangoJSONEncoder: ISO 8601, milliseconds only when non-zero, `Z` for UTC. */
export function encodeDatetime(date: Date): string {
  const iso = date.toISOString();
  return date.getUTCMilliseconds() ? iso : iso.replace(/\.\d{3}Z$/, 'Z');
}

const DATETIME = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d{1,6})\d*)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/** Django's DateTimeField.to_python for a fixture value; a naive value is UTC (TIME_ZONE = 'UTC'). */
export function parseDatetime(value: string): Date {
  const match = DATETIME.exec(value.trim());
  if (!match) {
    throw new Error(`'${value}' value has an invalid format. It must be in YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ] format.`);
  }
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone] = match;
  let ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(fraction.padEnd(3, '0').slice(0, 3)));
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0')) * 60_000;
  }
  const date = new Date(ms);
  if (Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(d) && !zone) {
    throw new Error(`'${value}' value has the correct format (YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ]) but it is an invalid date/time.`);
  }
  return date;
}

/** A datetime column read raw from the driver: a Date (PostgreSQL, MySQL) or Django's SQLite text (UTC). */
export function readDatetime(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  return parseDatetime(String(value));
}

/**
 * Django's SQLite text, `YYYY-MM-DD HH:MM:SS[.fff]` in UTC (Django writes six
 * fraction digits; three read the same in Django and in TypeORM in any time zone).
 */
export function sqliteDatetime(date: Date): string {
  const iso = date.toISOString();
  const base = `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  return date.getUTCMilliseconds() ? `${base}.${iso.slice(20, 23)}` : base;
}
