import { User, UserManager } from 'nest-django-auth';
import { median } from '../lib/load';
import { createLibraryContext } from './library-context';

export interface WithPermFigures {
  users: number;
  runsMs: number[];
  medianMs: number;
  returned: number;
  expected: number;
}

const PERMISSION = 'polls.can_vote';

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = process.hrtime.bigint();
  const value = await work();
  return { value, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}

/** UserManager.withPerm through the library: one warm-up call, then the median of `runs` timed calls. */
export async function measureWithPerm(url: string, users: number, expected: number, runs: number): Promise<WithPermFigures> {
  const app = await createLibraryContext(url);
  try {
    const manager = app.get(UserManager) as UserManager<User>;
    await manager.withPerm(PERMISSION);
    const runsMs: number[] = [];
    let returned = 0;
    for (let i = 0; i < runs; i++) {
      const { value, ms } = await timed(() => manager.withPerm(PERMISSION));
      runsMs.push(ms);
      returned = value.length;
    }
    return { users, runsMs, medianMs: median(runsMs), returned, expected };
  } finally {
    await app.close();
  }
}
