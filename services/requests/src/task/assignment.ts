import type { AssignmentStrategy } from '@itsm/contracts';

/**
 * Who in a team gets the next task. Round robin: turn 1 goes to the first member, turn 2 to the
 * second, and so on around the team (in its member order). Least-loaded: the member with the fewest open
 * tasks, ties going to the earlier member. Null for a team without members: the task waits in the
 * team's queue.
 */
export function pickAssignee(
  strategy: AssignmentStrategy,
  members: readonly string[],
  turn: number,
  openTasks: ReadonlyMap<string, number>,
): string | null {
  if (members.length === 0) return null;
  if (strategy === 'round-robin') {
    return members[(turn - 1) % members.length];
  }
  let best = members[0];
  for (const member of members) {
    if ((openTasks.get(member) ?? 0) < (openTasks.get(best) ?? 0)) best = member;
  }
  return best;
}
