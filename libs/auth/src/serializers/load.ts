import type { EntityManager } from 'typeorm';
import { parseDatetime } from './datetimes';
import { FixtureField, FixtureModel, fixtureModel, loadOrder, ManyToManyField, ScalarField } from './fixture-models';
import { isPostgres, quote, run } from './sql';

/** A fixture that cannot be loaded; the message names the object, as Django's loaddata does. */
export class DeserializationError extends Error {
  override name = 'DeserializationError';
}

interface FixtureObject {
  model: FixtureModel;
  pk: unknown;
  fields: Record<string, unknown>;
  index: number;
}

type Row = Record<string, unknown>;

/** Django's Deserializer checks: a list of `{ model, pk?, fields }` with known models and fields. */
export function parseFixture(text: string): FixtureObject[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new DeserializationError((error as Error).message);
  }
  if (!Array.isArray(data)) throw new DeserializationError('a fixture is a JSON list of objects');
  return data.map((raw, index) => {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new DeserializationError(`object #${index + 1} is not a JSON object`);
    const { model: label, pk, fields = {} } = raw as { model?: unknown; pk?: unknown; fields?: unknown };
    if (typeof label !== 'string') throw new DeserializationError(`object #${index + 1} has no "model"`);
    const model = fixtureModel(label);
    if (!model) throw new DeserializationError(`Invalid model identifier: '${label}'`);
    if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) throw new DeserializationError(`${model.objectLabel}(pk=${String(pk ?? null)}): "fields" is not an object`);
    for (const name of Object.keys(fields)) {
      if (!model.fields.some((f) => f.name === name)) throw new DeserializationError(`${model.objectLabel} has no field named '${name}'`);
    }
    return { model, pk: pk ?? null, fields: fields as Record<string, unknown>, index };
  });
}

/** Loads parsed objects in dependency order; the caller owns the transaction. Returns how many were saved. */
export async function loadObjects(manager: EntityManager, objects: FixtureObject[], onObject?: () => void): Promise<number> {
  const ordered = [...objects].sort((a, b) => loadOrder(a.model.label) - loadOrder(b.model.label) || a.index - b.index);
  const touched = new Set<FixtureModel>();
  for (const object of ordered) {
    try {
      await saveObject(manager, object);
    } catch (error) {
      const pk = object.pk ?? 'None';
      throw new DeserializationError(`Could not load ${object.model.objectLabel}(pk=${String(pk)}): ${(error as Error).message}`);
    }
    touched.add(object.model);
    onObject?.();
  }
  if (isPostgres(manager)) for (const model of touched) await resetSequence(manager, model);
  return ordered.length;
}

/** Django's save(raw=True) for a deserialized object: UPDATE when the pk exists, else INSERT; then the many-to-many sets. */
async function saveObject(manager: EntityManager, object: FixtureObject): Promise<void> {
  const { model, fields } = object;
  const values: Row = {};
  for (const field of model.fields) {
    if (field.kind === 'm2m') continue;
    values[field.kind === 'fk' ? field.column : field.name] = await columnValue(manager, field, fields[field.name], field.name in fields);
  }
  let pk = object.pk === null ? null : pkValue(model, object.pk);
  if (pk === null && model.naturalKey) pk = await pkByNaturalKey(manager, model, naturalKeyOf(model, fields, values));
  const table = quote(manager, model.table);
  const pkColumn = quote(manager, model.pk);
  const exists = pk !== null && (await run(manager, `SELECT 1 AS x FROM ${table} WHERE ${pkColumn} = ?`, [pk])).length > 0;
  const columns = Object.keys(values);
  if (exists) {
    await run(manager, `UPDATE ${table} SET ${columns.map((c) => `${quote(manager, c)} = ?`).join(', ')} WHERE ${pkColumn} = ?`, [...columns.map((c) => values[c]), pk]);
  } else {
    const all = pk === null ? columns : [model.pk, ...columns];
    const params = pk === null ? columns.map((c) => values[c]) : [pk, ...columns.map((c) => values[c])];
    await run(manager, `INSERT INTO ${table} (${all.map((c) => quote(manager, c)).join(', ')}) VALUES (${all.map(() => '?').join(', ')})`, params);
    if (pk === null) pk = await pkByNaturalKey(manager, model, naturalKeyOf(model, fields, values));
  }
  for (const field of model.fields) {
    if (field.kind === 'm2m' && field.name in fields) await setRelated(manager, field, pk, fields[field.name]);
  }
}

function pkValue(model: FixtureModel, value: unknown): unknown {
  if (!model.autoPk) {
    if (typeof value !== 'string') throw new Error(`'${String(value)}' value must be a string.`);
    return value;
  }
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw new Error(`'${String(value)}' value must be an integer.`);
  return n;
}

async function columnValue(manager: EntityManager, field: Exclude<FixtureField, ManyToManyField>, value: unknown, present: boolean): Promise<unknown> {
  if (field.kind === 'fk') {
    if (!present || value === null) throw new Error(`${field.name}: This field cannot be null.`);
    const target = fixtureModel(field.target)!;
    if (Array.isArray(value)) return requirePk(manager, target, value);
    return pkValue(target, value);
  }
  if (!present) return typeof field.default === 'function' ? (field.default as () => unknown)() : field.default;
  return scalar(field, value);
}

function scalar(field: ScalarField, value: unknown): unknown {
  if (value === null) {
    if (field.nullable) return null;
    throw new Error(`${field.name}: This field cannot be null.`);
  }
  switch (field.kind) {
    case 'bool':
      if (typeof value === 'boolean') return value;
      if (value === 1 || value === 0) return value === 1;
      if (value === 'true' || value === 'True' || value === '1' || value === 't') return true;
      if (value === 'false' || value === 'False' || value === '0' || value === 'f') return false;
      throw new Error(`${field.name}: '${String(value)}' value must be either True or False.`);
    case 'datetime':
      if (typeof value !== 'string') throw new Error(`${field.name}: '${String(value)}' value has an invalid format.`);
      try {
        return parseDatetime(value);
      } catch (error) {
        throw new Error(`${field.name}: ${(error as Error).message}`);
      }
    default:
      if (typeof value !== 'string') throw new Error(`${field.name}: '${JSON.stringify(value)}' value must be a string.`);
      if (value.includes('\0')) throw new Error(`${field.name}: Null characters are not allowed.`);
      return value;
  }
}

/** The natural key of an object being loaded, from its (already resolved) column values. */
function naturalKeyOf(model: FixtureModel, fields: Record<string, unknown>, values: Row): Row {
  const key: Row = {};
  for (const part of model.naturalKey ?? []) {
    const field = model.fields.find((f) => f.name === part)!;
    key[field.kind === 'fk' ? field.column : part] = field.kind === 'fk' ? values[field.column] : fields[part] ?? values[part];
  }
  return key;
}

async function pkByNaturalKey(manager: EntityManager, model: FixtureModel, key: Row): Promise<unknown> {
  const columns = Object.keys(key);
  const rows = await run<Row>(
    manager,
    `SELECT ${quote(manager, model.pk)} AS pk FROM ${quote(manager, model.table)} WHERE ${columns.map((c) => `${quote(manager, c)} = ?`).join(' AND ')}`,
    columns.map((c) => key[c]),
  );
  return rows.length ? pkValue(model, rows[0].pk) : null;
}

/** Django's get_by_natural_key for a reference: `[app_label, model]`, `[codename, app_label, model]`, `[name]`, `[username]`. */
async function requirePk(manager: EntityManager, model: FixtureModel, naturalKey: unknown[]): Promise<unknown> {
  const key: Row = {};
  let rest = [...naturalKey];
  for (const part of model.naturalKey ?? []) {
    const field = model.fields.find((f) => f.name === part)!;
    if (field.kind === 'fk') {
      const target = fixtureModel(field.target)!;
      key[field.column] = await requirePk(manager, target, rest.slice(0, target.naturalKey!.length));
      rest = rest.slice(target.naturalKey!.length);
    } else key[part] = rest.shift();
  }
  if (rest.length || Object.values(key).some((v) => typeof v !== 'string' && typeof v !== 'number')) {
    throw new Error(`${JSON.stringify(naturalKey)} is not a natural key of ${model.objectLabel}`);
  }
  const pk = await pkByNaturalKey(manager, model, key);
  if (pk === null) throw new Error(`${model.objectLabel.split('.')[1]} matching query does not exist: ${JSON.stringify(naturalKey)}`);
  return pk;
}

/** Django's `related_manager.set(values)` on a raw save: the join rows become exactly these. */
async function setRelated(manager: EntityManager, field: ManyToManyField, pk: unknown, value: unknown): Promise<void> {
  if (!Array.isArray(value)) throw new Error(`${field.name}: expected a list`);
  const target = fixtureModel(field.target)!;
  const ids: unknown[] = [];
  for (const item of value) ids.push(Array.isArray(item) ? await requirePk(manager, target, item) : pkValue(target, item));
  const through = quote(manager, field.through);
  const own = quote(manager, field.ownColumn);
  const other = quote(manager, field.otherColumn);
  await run(manager, `DELETE FROM ${through} WHERE ${own} = ?`, [pk]);
  for (const id of [...new Set(ids.map(String))].map((id) => ids.find((i) => String(i) === id))) {
    if ((await run(manager, `SELECT 1 AS x FROM ${quote(manager, target.table)} WHERE ${quote(manager, target.pk)} = ?`, [id])).length === 0) {
      throw new Error(`${field.name}: ${target.objectLabel.split('.')[1]} with pk ${String(id)} does not exist`);
    }
    await run(manager, `INSERT INTO ${through} (${own}, ${other}) VALUES (?, ?)`, [pk, id]);
  }
}

/** Django's sequence_reset_sql on PostgreSQL: the next generated id follows the largest loaded one. */
async function resetSequence(manager: EntityManager, model: FixtureModel): Promise<void> {
  const tables = [model.table, ...model.fields.filter((f): f is ManyToManyField => f.kind === 'm2m').map((f) => f.through)];
  for (const table of tables) {
    const column = table === model.table ? model.pk : 'id';
    if (table === model.table && !model.autoPk) continue;
    await manager.query(
      `SELECT setval(pg_get_serial_sequence($1, $2), COALESCE(MAX(${quote(manager, column)}), 1), MAX(${quote(manager, column)}) IS NOT NULL) FROM ${quote(manager, table)}`,
      [quote(manager, table), column],
    );
  }
}
