import { load, LoadResult, median } from '../lib/load';
import type { LoggedInDemo } from './demo-server';
import type { ScaleOptions } from './options';
import { progress } from './progress';

/** Medians over the rounds of GET /vote as alice; errors are summed (errors + non-2xx). */
export interface VoteFigures {
  users: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

export interface PermissionCheckFigures {
  small: VoteFigures;
  large: VoteFigures;
  /** large ÷ small requests per second. */
  ratio: number;
}

export interface SizedDemo {
  users: number;
  demo: LoggedInDemo;
}

type LoadSettings = Pick<ScaleOptions, 'rounds' | 'seconds' | 'connections'>;

function loadVote({ demo }: SizedDemo, settings: LoadSettings, seconds: number): Promise<LoadResult> {
  return load({ url: `${demo.server.url}/vote`, connections: settings.connections, durationSeconds: seconds, headers: { cookie: demo.aliceCookie } });
}

function summarize(users: number, runs: LoadResult[]): VoteFigures {
  return {
    users,
    requestsPerSecond: median(runs.map((r) => r.requestsPerSecond)),
    p50: median(runs.map((r) => r.p50)),
    p99: median(runs.map((r) => r.p99)),
    errors: runs.reduce((n, r) => n + r.errors + r.non2xx, 0),
  };
}

/** /vote on the small and the large database, rounds interleaved (first mover alternating) so drift hits both alike. */
export async function measurePermissionCheck(small: SizedDemo, large: SizedDemo, settings: LoadSettings): Promise<PermissionCheckFigures> {
  const runs = new Map<SizedDemo, LoadResult[]>([
    [small, []],
    [large, []],
  ]);
  for (const target of runs.keys()) await loadVote(target, settings, 1);
  for (let round = 1; round <= settings.rounds; round++) {
    for (const target of round % 2 ? [small, large] : [large, small]) {
      const result = await loadVote(target, settings, settings.seconds);
      runs.get(target)!.push(result);
      progress(`round ${round} /vote at ${target.users} users: ${result.requestsPerSecond.toFixed(0)} req/s`);
    }
  }
  const smallFigures = summarize(small.users, runs.get(small)!);
  const largeFigures = summarize(large.users, runs.get(large)!);
  return { small: smallFigures, large: largeFigures, ratio: largeFigures.requestsPerSecond / smallFigures.requestsPerSecond };
}
