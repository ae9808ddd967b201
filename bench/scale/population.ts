/** The demo's seed: alice (voters), bob, carol (inactive, voters) and admin (superuser). */
export const DEMO_USERS = 4;
/** Of the demo users, alice and admin are active and hold polls.can_vote. */
const DEMO_HOLDERS = 2;

const GROUP_MEMBERS = 1_000;
const DIRECT_HOLDERS = 100;
/** Group members that hold the permission directly too: withPerm must list them once. */
const BOTH_WAYS = 10;
const SUPERUSERS = 5;

/**
 * Who holds polls.can_vote among the filler users, numbered 1…fillers:
 * consecutive ranges, so the seed is set-based and the expected answer known.
 */
export interface Population {
  fillers: number;
  /** Fillers [1, groupMembers] are in the demo's `voters` group. */
  groupMembers: number;
  /** Fillers [directFrom, directTo] hold the permission directly. */
  directFrom: number;
  directTo: number;
  /** Fillers [superusersFrom, superusersTo] are superusers. */
  superusersFrom: number;
  superusersTo: number;
}

/** One filler in a hundred is inactive, so withPerm's is_active filter is exercised. */
export function isActiveFiller(n: number): boolean {
  return n % 100 !== 0;
}

export function populationOf(totalUsers: number): Population {
  const fillers = Math.max(0, totalUsers - DEMO_USERS);
  const groupMembers = Math.min(GROUP_MEMBERS, fillers);
  const directFrom = Math.max(1, groupMembers - BOTH_WAYS + 1);
  const directTo = Math.min(fillers, directFrom + DIRECT_HOLDERS - 1);
  const superusersFrom = directTo + 1;
  const superusersTo = Math.min(fillers, directTo + SUPERUSERS);
  return { fillers, groupMembers, directFrom, directTo, superusersFrom, superusersTo };
}

/**
 * The users withPerm('polls.can_vote') must return: active holders, each
 * once. The three ranges touch, so together they are [1, last].
 */
export function expectedHolders(population: Population): number {
  const last = Math.max(population.groupMembers, population.directTo, population.superusersTo);
  let holders = DEMO_HOLDERS;
  for (let n = 1; n <= last; n++) if (isActiveFiller(n)) holders++;
  return holders;
}
