import type { DataSource } from 'typeorm';
import { encodeDatetime, readDatetime } from './datetimes';
import { FixtureModel, fixtureModel, ManyToManyField, ScalarField } from './fixture-models';
import { pythonJson } from './python-json';
import { Executor, quote, readBool, run } from './sql';

export interface DumpOptions {
  naturalForeign?: boolean;
  naturalPrimary?: boolean;
  indent?: number;
  /** Only these primary keys (one model only, Django's --pks). */
  pks?: string[];
  onObject?: () => void;
}

type Row = Record<string, unknown>;

/** Natural keys of every row of a model, by primary key (Django's natural_key()). */
async function naturalKeys(db: Executor, model: FixtureModel, cache: Map<string, Map<string, unknown[]>>): Promise<Map<string, unknown[]>> {
  const cached = cache.get(model.label);
  if (cached) return cached;
  const keys = new Map<string, unknown[]>();
  cache.set(model.label, keys);
  const rows = await run<Row>(db, `SELECT * FROM ${quote(db, model.table)}`);
  for (const row of rows) {
    const key: unknown[] = [];
    for (const part of model.naturalKey ?? []) {
      const field = model.fields.find((f) => f.name === part);
      if (field?.kind === 'fk') {
        const target = fixtureModel(field.target)!;
        key.push(...((await naturalKeys(db, target, cache)).get(String(row[field.column])) ?? []));
      } else key.push(row[part]);
    }
    keys.set(String(row[model.pk]), key);
  }
  return keys;
}

function scalarValue(field: ScalarField, value: unknown): unknown {
  if (field.kind === 'bool') return readBool(value);
  if (field.kind === 'datetime') {
    const date = readDatetime(value);
    return date ? encodeDatetime(date) : null;
  }
  return value;
}

/** The related pks of every row through a many-to-many table, ordered as Django lists them. */
async function relatedIds(db: Executor, field: ManyToManyField): Promise<Map<string, string[]>> {
  const target = fixtureModel(field.target)!;
  const orderBy =
    target.label === 'auth.permission'
      ? `ORDER BY ct.app_label, ct.model, t.codename, t.id`
      : `ORDER BY t.${quote(db, target.pk)}`;
  const join = target.label === 'auth.permission' ? `JOIN ${quote(db, 'django_content_type')} ct ON ct.id = t.content_type_id` : '';
  const rows = await run<Row>(
    db,
    `SELECT m.${quote(db, field.ownColumn)} AS owner, t.${quote(db, target.pk)} AS related FROM ${quote(db, field.through)} m ` +
      `JOIN ${quote(db, target.table)} t ON t.${quote(db, target.pk)} = m.${quote(db, field.otherColumn)} ${join} ${orderBy}`,
  );
  const byOwner = new Map<string, string[]>();
  for (const row of rows) byOwner.set(String(row.owner), [...(byOwner.get(String(row.owner)) ?? []), String(row.related)]);
  return byOwner;
}

/** Numeric primary keys stay numbers in the fixture, as Django writes them. */
function pkValue(model: FixtureModel, value: unknown): unknown {
  return model.autoPk ? Number(value) : value;
}

/** The objects of the given models in Django's fixture layout, ordered by primary key. */
export async function dumpObjects(db: Executor, models: FixtureModel[], options: DumpOptions = {}): Promise<Row[]> {
  const keyCache = new Map<string, Map<string, unknown[]>>();
  const objects: Row[] = [];
  for (const model of models) {
    const m2m = new Map<string, Map<string, string[]>>();
    for (const field of model.fields) if (field.kind === 'm2m') m2m.set(field.name, await relatedIds(db, field));
    const where = options.pks?.length ? ` WHERE ${quote(db, model.pk)} IN (${options.pks.map(() => '?').join(', ')})` : '';
    const rows = await run<Row>(db, `SELECT * FROM ${quote(db, model.table)}${where} ORDER BY ${quote(db, model.pk)}`, options.pks ?? []);
    for (const row of rows) {
      const fields: Row = {};
      for (const field of model.fields) {
        if (field.kind === 'fk') {
          const id = row[field.column];
          fields[field.name] = options.naturalForeign ? ((await naturalKeys(db, fixtureModel(field.target)!, keyCache)).get(String(id)) ?? null) : id === null ? null : Number(id);
        } else if (field.kind === 'm2m') {
          const ids = m2m.get(field.name)!.get(String(row[model.pk])) ?? [];
          const target = fixtureModel(field.target)!;
          fields[field.name] = options.naturalForeign && target.naturalKey
            ? await Promise.all(ids.map(async (id) => (await naturalKeys(db, target, keyCache)).get(id)))
            : ids.map((id) => pkValue(target, id));
        } else fields[field.name] = scalarValue(field, row[field.name]);
      }
      const object: Row = { model: model.label };
      if (!(options.naturalPrimary && model.naturalKey)) object.pk = pkValue(model, row[model.pk]);
      object.fields = fields;
      objects.push(object);
      options.onObject?.();
    }
  }
  return objects;
}

/** Django's JSON serializer's exact text: `[`, objects joined by `,` (+ newline with indent, + space without), `]`. */
export function serializeFixture(objects: Row[], indent?: number): string {
  if (indent === undefined) return `[${objects.map((o) => pythonJson(o)).join(', ')}]`;
  const body = objects.map((o) => `\n${pythonJson(o, indent)}`).join(',');
  return `[${body}\n]\n`;
}

export async function countObjects(db: DataSource, models: FixtureModel[]): Promise<number> {
  let total = 0;
  for (const model of models) total += Number((await run<{ n: unknown }>(db, `SELECT COUNT(*) AS n FROM ${quote(db, model.table)}`))[0]?.n ?? 0);
  return total;
}
