/**
 * The models dumpdata/loaddata know, described as Django's serializers see
 * them: label, table, fields in Django's order, foreign keys, many-to-many
 * relations and natural keys. The user model is Django's default `auth.User`.
 */
export type FieldKind = 'string' | 'bool' | 'datetime';

export interface ScalarField {
  name: string;
  kind: FieldKind;
  nullable?: boolean;
  /** The value an object without this field gets (Django's field default); a function for `timezone.now`. */
  default: unknown;
}

export interface ForeignKeyField {
  name: string;
  kind: 'fk';
  column: string;
  target: string;
}

export interface ManyToManyField {
  name: string;
  kind: 'm2m';
  through: string;
  ownColumn: string;
  otherColumn: string;
  target: string;
}

export type FixtureField = ScalarField | ForeignKeyField | ManyToManyField;

export interface FixtureModel {
  /** `app_label.model`, as in fixtures. */
  label: string;
  /** Django's `_meta.label` (`auth.User`), in error messages. */
  objectLabel: string;
  table: string;
  pk: string;
  autoPk: boolean;
  fields: FixtureField[];
  /** Natural key parts: a column of this table, or a foreign key whose target's natural key is spliced in. */
  naturalKey?: string[];
  /** Django's Meta.ordering of the model when listed through a many-to-many relation. */
  m2mOrdering?: string;
}

const string = (name: string, defaultValue: unknown = ''): ScalarField => ({ name, kind: 'string', default: defaultValue });
const bool = (name: string, defaultValue: boolean): ScalarField => ({ name, kind: 'bool', default: defaultValue });
const datetime = (name: string, options: { nullable?: boolean; default: unknown }): ScalarField => ({ name, kind: 'datetime', ...options });

export const FIXTURE_MODELS: FixtureModel[] = [
  {
    label: 'auth.permission',
    objectLabel: 'auth.Permission',
    table: 'auth_permission',
    pk: 'id',
    autoPk: true,
    fields: [string('name'), { name: 'content_type', kind: 'fk', column: 'content_type_id', target: 'contenttypes.contenttype' }, string('codename')],
    naturalKey: ['codename', 'content_type'],
  },
  {
    label: 'auth.group',
    objectLabel: 'auth.Group',
    table: 'auth_group',
    pk: 'id',
    autoPk: true,
    fields: [string('name'), { name: 'permissions', kind: 'm2m', through: 'auth_group_permissions', ownColumn: 'group_id', otherColumn: 'permission_id', target: 'auth.permission' }],
    naturalKey: ['name'],
  },
  {
    label: 'auth.user',
    objectLabel: 'auth.User',
    table: 'auth_user',
    pk: 'id',
    autoPk: true,
    fields: [
      string('password'),
      datetime('last_login', { nullable: true, default: null }),
      bool('is_superuser', false),
      string('username'),
      string('first_name'),
      string('last_name'),
      string('email'),
      bool('is_staff', false),
      bool('is_active', true),
      datetime('date_joined', { default: () => new Date() }),
      { name: 'groups', kind: 'm2m', through: 'auth_user_groups', ownColumn: 'user_id', otherColumn: 'group_id', target: 'auth.group' },
      { name: 'user_permissions', kind: 'm2m', through: 'auth_user_user_permissions', ownColumn: 'user_id', otherColumn: 'permission_id', target: 'auth.permission' },
    ],
    naturalKey: ['username'],
  },
  {
    label: 'contenttypes.contenttype',
    objectLabel: 'contenttypes.ContentType',
    table: 'django_content_type',
    pk: 'id',
    autoPk: true,
    fields: [string('app_label'), string('model')],
    naturalKey: ['app_label', 'model'],
  },
  {
    label: 'sessions.session',
    objectLabel: 'sessions.Session',
    table: 'django_session',
    pk: 'session_key',
    autoPk: false,
    fields: [string('session_data'), datetime('expire_date', { default: null })],
  },
];

export const APP_LABELS = [...new Set(FIXTURE_MODELS.map((m) => m.label.split('.')[0]))];

export function fixtureModel(label: string): FixtureModel | undefined {
  const lower = label.toLowerCase();
  return FIXTURE_MODELS.find((m) => m.label === lower);
}

/** Models another model refers to (foreign keys and many-to-many), for Django's sort_dependencies. */
export function dependenciesOf(model: FixtureModel): string[] {
  return model.fields.filter((f): f is ForeignKeyField | ManyToManyField => f.kind === 'fk' || f.kind === 'm2m').map((f) => f.target);
}

/**
 * Django's serializers.sort_dependencies: models whose natural keys others
 * use come first; otherwise the given order is kept.
 */
export function sortDependencies(models: FixtureModel[]): FixtureModel[] {
  const labels = new Set(models.map((m) => m.label));
  let pending = models.map((model) => ({ model, deps: dependenciesOf(model).filter((d) => d !== model.label && fixtureModel(d)?.naturalKey) })).reverse();
  const sorted: FixtureModel[] = [];
  while (pending.length) {
    const skipped: typeof pending = [];
    let changed = false;
    while (pending.length) {
      const entry = pending.pop()!;
      if (entry.deps.every((d) => !labels.has(d) || sorted.some((m) => m.label === d))) {
        sorted.push(entry.model);
        changed = true;
      } else {
        skipped.push(entry);
      }
    }
    if (!changed) throw new Error(`Can't resolve dependencies for ${skipped.map((e) => e.model.objectLabel).join(', ')} in serialized app list.`);
    pending = skipped;
  }
  return sorted;
}

/** Loading order: a row's foreign keys and many-to-many targets exist before it (our constraints are not deferred). */
export function loadOrder(label: string): number {
  return ['contenttypes.contenttype', 'auth.permission', 'auth.group', 'auth.user', 'sessions.session'].indexOf(label);
}
