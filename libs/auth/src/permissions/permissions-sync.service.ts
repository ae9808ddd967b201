import { EntityManager } from 'typeorm';
import { ContentType } from '../entities/content-type.entity';
import { resolveAuthModel, ResolvedAuthModel } from '../entities/auth-model.decorator';
import { Permission } from '../entities/permission.entity';

/**
 * Port of contrib/auth/management create_permissions (post_migrate): a
 * content type per model and its default and custom permissions, created
 * idempotently and safely when several instances start at once.
 */
export async function syncPermissions(manager: EntityManager, models: Function[]): Promise<SyncReport> {
  const resolved = djangoOrder(models.map(resolveAuthModel).filter((m): m is ResolvedAuthModel => m !== undefined));
  const report: SyncReport = { contentTypes: [], permissions: [] };
  if (resolved.length === 0) return report;
  const contentTypes = await ensureContentTypes(manager, resolved, report);
  await ensurePermissions(manager, resolved, contentTypes, report);
  return report;
}

/** What a sync added: `app_label.model` and `app_label.codename`. */
export interface SyncReport {
  contentTypes: string[];
  permissions: string[];
}

/**
 * Django's installed-apps order (auth, contenttypes, sessions, then the
 * app's models), so a fresh database numbers its content types and
 * permissions as Django's does and Django's numeric fixtures load as they are.
 */
const DJANGO_MODELS = ['auth.permission', 'auth.group', 'auth.user', 'contenttypes.contenttype', 'sessions.session'];

function djangoOrder(models: ResolvedAuthModel[]): ResolvedAuthModel[] {
  const rank = (m: ResolvedAuthModel) => {
    const index = DJANGO_MODELS.indexOf(`${m.appLabel}.${m.modelName}`);
    return index < 0 ? DJANGO_MODELS.length : index;
  };
  return models.map((m, i) => [m, i] as const).sort(([a, i], [b, j]) => rank(a) - rank(b) || i - j).map(([m]) => m);
}

async function ensureContentTypes(manager: EntityManager, models: ResolvedAuthModel[], report: SyncReport): Promise<Map<string, ContentType>> {
  const repository = manager.getRepository(ContentType);
  const key = (appLabel: string, model: string) => `${appLabel}.${model}`;
  const load = async () => new Map((await repository.find()).map((ct) => [key(ct.appLabel, ct.model), ct]));
  let existing = await load();
  const missing = models.filter((m) => !existing.has(key(m.appLabel, m.modelName)));
  if (missing.length === 0) return existing;
  await repository
    .createQueryBuilder()
    .insert()
    .values(missing.map((m) => ({ appLabel: m.appLabel, model: m.modelName })))
    .orIgnore()
    .execute();
  const before = existing;
  existing = await load();
  report.contentTypes.push(...missing.map((m) => key(m.appLabel, m.modelName)).filter((k) => !before.has(k) && existing.has(k)));
  return existing;
}

async function ensurePermissions(
  manager: EntityManager,
  models: ResolvedAuthModel[],
  contentTypes: Map<string, ContentType>,
  report: SyncReport,
): Promise<void> {
  const repository = manager.getRepository(Permission);
  const existing = new Set(
    (await repository.createQueryBuilder('p').select(['p.codename AS codename', 'p.content_type_id AS ct']).getRawMany()).map(
      (row: { codename: string; ct: number }) => `${row.ct}:${row.codename}`,
    ),
  );
  const missing: Array<Partial<Permission>> = [];
  for (const model of models) {
    const contentType = contentTypes.get(`${model.appLabel}.${model.modelName}`)!;
    for (const [codename, name] of model.permissions) {
      if (!existing.has(`${contentType.id}:${codename}`)) {
        missing.push({ codename, name, contentType });
        report.permissions.push(`${model.appLabel}.${codename}`);
      }
    }
  }
  if (missing.length === 0) return;
  await repository.createQueryBuilder().insert().values(missing).orIgnore().execute();
}

/**
 * Whether AuthModule syncs at start-up. The management CLI turns it off so
 * that commands never write what they were not asked to; `migrate` and
 * `createpermissions` sync (and report what they added).
 */
export const permissionsSyncAtStartup = { enabled: true };
