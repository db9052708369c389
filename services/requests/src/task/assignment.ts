import type { AssignmentStrategy } from '@itsm/contracts';

/**
 * Who in a team gets the next task. Round robin: the member after the one who got the last task
 * (in the team's member order, wrapping around). Least-loaded: the member with the fewest open
 * tasks, ties going to the earlier member. Null for a team without members: the task waits in the
 * team's queue.
 */
export function pickAssignee(
  strategy: AssignmentStrategy,
  members: readonly string[],
  lastAssignee: string | null,
  openTasks: ReadonlyMap<string, number>,
): string | null {
  if (members.length === 0) return null;
  if (strategy === 'round-robin') {
    const last = lastAssignee === null ? -1 : members.indexOf(lastAssignee);
    return members[(last + 1) % members.length];
  }
  let best = members[0];
  for (const member of members) {
    if ((openTasks.get(member) ?? 0) < (openTasks.get(best) ?? 0)) best = member;
  }
  return best;
}
