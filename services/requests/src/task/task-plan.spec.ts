import type { TaskPlan } from '@itsm/contracts';
import { allTasksFinished, dueAt, planTasks, tasksReadyToOpen, teamFor } from './task-plan';
import { pickAssignee } from './assignment';

const SOUTH = '01960000-0000-7000-8000-000000000004';
const NORTH = '01960000-0000-7000-8000-000000000005';
const DESK = '01960000-0000-7000-8000-000000000006';
const name = { en: 'x', 'zh-CN': 'x' };

const plan: TaskPlan = {
  tasks: [
    {
      key: 'network-line',
      name,
      team: { kind: 'by-field', field: 'region', mapping: { 'cn-south': SOUTH, 'cn-north': NORTH } },
      dependsOn: [],
      checklist: ['line up'],
      due: { relativeTo: 'form-field', field: 'openingDate', offset: '-P14D' },
    },
    { key: 'pos', name, team: { kind: 'fixed', teamId: SOUTH }, dependsOn: ['network-line'], checklist: [] },
    {
      key: 'handover',
      name,
      team: { kind: 'fixed', teamId: DESK },
      dependsOn: ['network-line', 'pos'],
      checklist: [],
      due: { relativeTo: 'submission', offset: 'P2D' },
    },
  ],
};

describe('task plan', () => {
  it('routes by form field, falling back to the default team or to nobody', () => {
    const byRegion = { kind: 'by-field' as const, field: 'region', mapping: { 'cn-south': SOUTH } };
    expect(teamFor(byRegion, { region: 'cn-south' })).toBe(SOUTH);
    expect(teamFor(byRegion, { region: 'cn-east' })).toBeNull();
    expect(teamFor({ ...byRegion, defaultTeamId: DESK }, { region: 'cn-east' })).toBe(DESK);
  });

  it('makes tasks without dependencies open and the others blocked, with due times', () => {
    const tasks = planTasks(
      plan,
      { region: 'cn-north', openingDate: '2026-03-30' },
      new Date('2026-03-01T02:00:00Z'),
      'Asia/Shanghai',
    );
    expect(tasks.map((t) => [t.key, t.status, t.teamId])).toEqual([
      ['network-line', 'open', NORTH],
      ['pos', 'blocked', SOUTH],
      ['handover', 'blocked', DESK],
    ]);
    // Midnight of the opening date in Shanghai, 14 days earlier.
    expect(tasks[0].dueAt?.toISOString()).toBe('2026-03-15T16:00:00.000Z');
    expect(tasks[2].dueAt?.toISOString()).toBe('2026-03-03T02:00:00.000Z');
  });

  it('counts days from a form date on the calendar of the zone, across a daylight-saving change', () => {
    // Berlin moves to summer time on 2026-03-29: three days before the 30th is midnight CET on the 27th.
    const due = { relativeTo: 'form-field' as const, field: 'openingDate', offset: '-P3D' };
    expect(dueAt(due, { openingDate: '2026-03-30' }, new Date(), 'Europe/Berlin')?.toISOString()).toBe(
      '2026-03-26T23:00:00.000Z',
    );
    expect(
      dueAt({ ...due, offset: 'P2D' }, { openingDate: '2026-03-28' }, new Date(), 'Europe/Berlin')?.toISOString(),
    ).toBe('2026-03-29T22:00:00.000Z');
  });

  it('gives no due time when the anchoring date is missing', () => {
    expect(
      dueAt({ relativeTo: 'form-field', field: 'openingDate', offset: '-P3D' }, {}, new Date(), 'Asia/Shanghai'),
    ).toBeNull();
  });

  it('opens a task once all its dependencies are done or skipped', () => {
    const deps = (status: Record<string, 'blocked' | 'open' | 'done' | 'skipped' | 'failed'>) =>
      plan.tasks.map((t) => ({ key: t.key, dependsOn: t.dependsOn, status: status[t.key] }));
    expect(tasksReadyToOpen(deps({ 'network-line': 'open', pos: 'blocked', handover: 'blocked' }))).toEqual([]);
    expect(tasksReadyToOpen(deps({ 'network-line': 'done', pos: 'blocked', handover: 'blocked' }))).toEqual(['pos']);
    expect(tasksReadyToOpen(deps({ 'network-line': 'done', pos: 'skipped', handover: 'blocked' }))).toEqual([
      'handover',
    ]);
    expect(tasksReadyToOpen(deps({ 'network-line': 'failed', pos: 'blocked', handover: 'blocked' }))).toEqual([]);
    expect(allTasksFinished(deps({ 'network-line': 'done', pos: 'skipped', handover: 'done' }))).toBe(true);
    expect(allTasksFinished(deps({ 'network-line': 'done', pos: 'skipped', handover: 'open' }))).toBe(false);
  });
});

describe('pickAssignee', () => {
  const members = ['u-a', 'u-b', 'u-c'];

  it('goes round the team in member order', () => {
    expect([1, 2, 3, 4, 5].map((turn) => pickAssignee('round-robin', members, turn, new Map()))).toEqual([
      'u-a',
      'u-b',
      'u-c',
      'u-a',
      'u-b',
    ]);
    // The team changed size: the turns go round the members it has now.
    expect(pickAssignee('round-robin', ['u-a', 'u-b'], 5, new Map())).toBe('u-a');
  });

  it('picks the member with the fewest open tasks, ties to the earlier', () => {
    expect(
      pickAssignee(
        'least-loaded',
        members,
        1,
        new Map([
          ['u-a', 2],
          ['u-b', 1],
          ['u-c', 1],
        ]),
      ),
    ).toBe('u-b');
    expect(pickAssignee('least-loaded', members, 1, new Map())).toBe('u-a');
  });

  it('leaves the task with the team when it has no members', () => {
    expect(pickAssignee('round-robin', [], 1, new Map())).toBeNull();
  });
});
