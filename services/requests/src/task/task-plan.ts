import { DateTime, Duration } from 'luxon';
import type { LocalizedText, TaskDue, TaskPlan, TaskStatus, TaskTeam } from '@itsm/contracts';
import { zoneNamed } from '../shared/zones';

/** A task as the plan makes it for one request, before it is stored. */
export interface PlannedTask {
  key: string;
  name: LocalizedText;
  description: LocalizedText | null;
  /** Null when a by-field selector has no team for the form's value and no default: agents assign it. */
  teamId: string | null;
  dependsOn: string[];
  checklist: string[];
  optionalChecklist: string[];
  outputSchema: Record<string, unknown> | null;
  dueAt: Date | null;
  status: Extract<TaskStatus, 'blocked' | 'open'>;
}

/** The team a task template sends its task to, given the request's form. */
export function teamFor(team: TaskTeam, formData: Record<string, unknown>): string | null {
  if (team.kind === 'fixed') return team.teamId;
  const value = formData[team.field];
  const key =
    typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
  return (key !== undefined ? team.mapping[key] : undefined) ?? team.defaultTeamId ?? null;
}

/** '-P3D' → minus three days: Luxon does not read the sign itself. */
function plusSigned(at: DateTime, offset: string): DateTime {
  const negative = offset.startsWith('-');
  const duration = Duration.fromISO(negative ? offset.slice(1) : offset);
  return negative ? at.minus(duration) : at.plus(duration);
}

/**
 * When a task is due: an offset from submission, or from a date of the form. A plain date counts
 * from its midnight in the business time zone, on that zone's wall clock (the offset is applied to
 * the wall-clock time, held as UTC so the zone is looked up once, not at every step). A date the
 * form leaves empty gives no due time.
 */
export function dueAt(
  due: TaskDue | undefined,
  formData: Record<string, unknown>,
  submittedAt: Date,
  zoneName: string,
): Date | null {
  if (!due) return null;
  const zone = zoneNamed(zoneName);
  if (due.relativeTo === 'submission')
    return plusSigned(DateTime.fromJSDate(submittedAt, { zone }), due.offset).toJSDate();
  const value = formData[due.field];
  if (typeof value !== 'string') return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const midnight = DateTime.fromISO(value, { zone: 'utc' });
    return midnight.isValid ? plusSigned(midnight, due.offset).setZone(zone, { keepLocalTime: true }).toJSDate() : null;
  }
  const anchor = DateTime.fromISO(value, { setZone: true });
  return anchor.isValid ? plusSigned(anchor, due.offset).toJSDate() : null;
}

/** The plan's tasks for one request: those with nothing to wait for open, the others wait blocked. */
export function planTasks(
  plan: TaskPlan,
  formData: Record<string, unknown>,
  submittedAt: Date,
  zone: string,
): PlannedTask[] {
  return plan.tasks.map((t) => ({
    key: t.key,
    name: t.name,
    description: t.description ?? null,
    teamId: teamFor(t.team, formData),
    dependsOn: [...t.dependsOn],
    checklist: [...t.checklist],
    optionalChecklist: [...(t.optionalChecklist ?? [])],
    outputSchema: t.outputSchema ?? null,
    dueAt: dueAt(t.due, formData, submittedAt, zone),
    status: t.dependsOn.length === 0 ? 'open' : 'blocked',
  }));
}

const FINISHED: readonly TaskStatus[] = ['done', 'skipped'];

interface TaskState {
  key: string;
  status: TaskStatus;
  dependsOn: readonly string[];
}

/** Blocked tasks whose every dependency is now done or skipped: they open. */
export function tasksReadyToOpen(tasks: readonly TaskState[]): string[] {
  const status = new Map(tasks.map((t) => [t.key, t.status]));
  return tasks
    .filter((t) => t.status === 'blocked' && t.dependsOn.every((d) => FINISHED.includes(status.get(d) ?? 'blocked')))
    .map((t) => t.key);
}

/** A request is fulfilled once every task is done or skipped. */
export function allTasksFinished(tasks: readonly TaskState[]): boolean {
  return tasks.length > 0 && tasks.every((t) => FINISHED.includes(t.status));
}
