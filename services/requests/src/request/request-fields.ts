import { isKeyPrincipal, type Principal } from '@itsm/platform/auth';
import { ForbiddenError } from '@itsm/platform/errors';
import { isPlatformAdmin, STAFF_ROLES } from '../shared/access';
import { localized, type LocalizedText } from '@itsm/contracts';

/*
 * Who may set which field of a request, at submission and afterwards: the one table both
 * `POST /requests` and the changes after it (`PATCH /requests/{id}`, `PATCH …/key-dates`) consult.
 */

/** The caller as the request's (or offering's) department sees them. */
export type Writer = 'requester' | 'desk-agent' | 'desk-admin' | 'platform-admin' | 'integration';

const WRITERS: readonly Writer[] = ['requester', 'desk-agent', 'desk-admin', 'platform-admin', 'integration'];

const DESK: readonly Writer[] = ['desk-agent', 'desk-admin', 'platform-admin'];

export interface FieldWriters {
  /** May give the field when submitting. */
  create: readonly Writer[];
  /** May change it on an existing request. */
  update: readonly Writer[];
}

/**
 * At update, `requester` means a party to the request (its requester or the person it is for); anyone
 * else who merely sees it (a watcher, an approver) changes nothing. Integrations submit for people
 * (a chat bot) and have no update endpoint; priority is the desk's triage, whoever asks.
 */
export const REQUEST_FIELD_WRITERS = {
  offeringId: { create: WRITERS, update: [] },
  offeringVersion: { create: WRITERS, update: [] },
  formData: { create: WRITERS, update: [] },
  onBehalfOf: { create: WRITERS, update: [] },
  watchers: { create: WRITERS, update: ['requester', ...DESK] },
  priority: { create: DESK, update: DESK },
  /** The form's key business dates (`PATCH /requests/{id}/key-dates`). */
  keyDates: { create: WRITERS, update: ['requester', ...DESK] },
} as const satisfies Record<string, FieldWriters>;

export type RequestField = keyof typeof REQUEST_FIELD_WRITERS;

/**
 * What the caller is to a department's requests (by department code). `party` says, for an existing
 * request, whether the caller submitted it or it is for them; undefined at submission, where everyone
 * asks for themselves. Null: someone who may change nothing on this request.
 */
export function writerOf(actor: Principal, departmentCode: string | null, party?: boolean): Writer | null {
  if (isPlatformAdmin(actor)) return 'platform-admin';
  if (isKeyPrincipal(actor)) return 'integration';
  const ofDesk = departmentCode !== null && actor.departments.includes(departmentCode);
  if (ofDesk && actor.roles.includes('department-admin')) return 'desk-admin';
  if (ofDesk && actor.roles.some((r) => STAFF_ROLES.includes(r))) return 'desk-agent';
  return party === false ? null : 'requester';
}

/**
 * The table's fields the input sets: given, and with a value other than the one the request has anyway
 * (its default at submission, its current value afterwards), so a form that sends every field back
 * unchanged sets nothing it may not.
 */
export function fieldsSet(input: object, unchanged: Partial<Record<RequestField, unknown>>): RequestField[] {
  return (Object.keys(input) as RequestField[]).filter(
    (f) =>
      f in REQUEST_FIELD_WRITERS &&
      (input as Record<string, unknown>)[f] !== undefined &&
      JSON.stringify((input as Record<string, unknown>)[f]) !== JSON.stringify(unchanged[f]),
  );
}

/** Fields that not every writer may set in this phase: only they need to know who is writing. */
export function restrictedFields(phase: keyof FieldWriters, fields: readonly RequestField[]): RequestField[] {
  return fields.filter((f) => REQUEST_FIELD_WRITERS[f][phase].length < WRITERS.length);
}

const WRITER_NAMES: Record<Writer, LocalizedText> = {
  requester: localized('the requester', '申请人'),
  'desk-agent': localized("agents of the request's desk", '该服务台的处理人'),
  'desk-admin': localized("admins of the request's desk", '该服务台的管理员'),
  'platform-admin': localized('platform admins', '平台管理员'),
  integration: localized('integrations (API keys)', '集成（API 密钥）'),
};

/** 403 `requests.request.field_forbidden` naming every field the writer may not set, in both languages. */
export function assertMayWrite(
  phase: keyof FieldWriters,
  writer: Writer | null,
  fields: readonly RequestField[],
): void {
  const forbidden = fields.filter(
    (f) => writer === null || !(REQUEST_FIELD_WRITERS[f][phase] as readonly Writer[]).includes(writer),
  );
  if (forbidden.length === 0) return;
  const when =
    phase === 'create' ? localized('when submitting', '提交时') : localized('on a submitted request', '在申请提交后');
  const messages = (f: RequestField) => {
    const writers = REQUEST_FIELD_WRITERS[f][phase] as readonly Writer[];
    return localized(
      `only ${writers.map((w) => WRITER_NAMES[w].en).join(', ') || 'nobody'} may set ${f} ${when.en}`,
      `${when['zh-CN']}只有${writers.map((w) => WRITER_NAMES[w]['zh-CN']).join('、') || '（无人）'}可以设置 ${f}`,
    );
  };
  throw new ForbiddenError(
    'requests.request.field_forbidden',
    localized(
      `you may not set ${forbidden.join(', ')} ${when.en}: ${forbidden.map((f) => messages(f).en).join('; ')}`,
      `您无权${when['zh-CN']}设置 ${forbidden.join('、')}：${forbidden.map((f) => messages(f)['zh-CN']).join('；')}`,
    ),
    {
      title: localized('Not yours to set', '无权设置该字段'),
      fields: forbidden.map((f) => ({ path: f, code: 'forbidden', message: messages(f) })),
    },
  );
}
