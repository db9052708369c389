import { newId } from '@itsm/platform/database';
import { checkFieldReferences, checkFormSchema } from '../offering/offering-rules';
import { DEMO_BUSINESS } from './demo-business';
import {
  businessLineInput,
  businessServiceInput,
  departmentInput,
  DemoIds,
  offeringInput,
  regionInput,
  teamInput,
} from './demo-inputs';

/** Ids as the loader would assign them, without a database. */
function fakeIds(): DemoIds {
  const ids = new DemoIds();
  DEMO_BUSINESS.departments.forEach((d) => ids.addDepartment(d.code, newId()));
  DEMO_BUSINESS.teams.forEach((t) => ids.addTeam(t.code, newId()));
  DEMO_BUSINESS.businessLines.forEach((l) => ids.addBusinessLine(l.code, newId()));
  return ids;
}

const duplicates = (values: string[]) => values.filter((v, i) => values.indexOf(v) !== i);

describe('demo business data', () => {
  const ids = fakeIds();
  const offerings = DEMO_BUSINESS.offerings.map((o) => offeringInput(o, ids));

  it('has unique codes of each kind', () => {
    expect(duplicates(DEMO_BUSINESS.regions.map((r) => r.code))).toEqual([]);
    expect(duplicates(DEMO_BUSINESS.departments.map((d) => d.code))).toEqual([]);
    expect(duplicates(DEMO_BUSINESS.teams.map((t) => t.code))).toEqual([]);
    expect(duplicates(DEMO_BUSINESS.businessLines.map((l) => l.code))).toEqual([]);
    expect(duplicates(DEMO_BUSINESS.businessServices.map((s) => s.code))).toEqual([]);
    expect(duplicates(DEMO_BUSINESS.offerings.map((o) => o.code))).toEqual([]);
  });

  it('is accepted by the same schemas as the API', () => {
    expect(() => DEMO_BUSINESS.regions.map(regionInput)).not.toThrow();
    expect(() => DEMO_BUSINESS.departments.map(departmentInput)).not.toThrow();
    expect(() => DEMO_BUSINESS.teams.map((t) => teamInput(t, ids))).not.toThrow();
    expect(() => DEMO_BUSINESS.businessLines.map(businessLineInput)).not.toThrow();
    expect(() => DEMO_BUSINESS.businessServices.map((s) => businessServiceInput(s, ids))).not.toThrow();
    expect(offerings).toHaveLength(DEMO_BUSINESS.offerings.length);
  });

  it.each(DEMO_BUSINESS.offerings.map((o, i) => [o.code, i] as const))(
    'offering %s has a valid form that names every field it uses',
    (_code, i) => {
      const { code: _ignored, ...content } = offerings[i];
      expect(checkFormSchema(content.formSchema)).toEqual([]);
      expect(checkFieldReferences(content)).toEqual([]);
    },
  );

  it('routes every value of a by-field task to a team', () => {
    const unrouted = DEMO_BUSINESS.offerings.flatMap((o) => {
      const properties = o.formSchema['properties'] as Record<string, { enum?: string[] }>;
      return o.tasks.flatMap((task) => {
        if (task.team.kind !== 'by-field' || task.team.defaultTeam) return [];
        const values = properties[task.team.field]?.enum ?? [];
        const { mapping } = task.team;
        return values.filter((v) => !mapping[v]).map((v) => `${o.code}/${task.key}: ${v}`);
      });
    });
    expect(unrouted).toEqual([]);
  });

  it('covers the four business scenarios in IT and two offerings each at the HR and Facilities desks', () => {
    const scenariosInIt = DEMO_BUSINESS.offerings.filter((o) => o.department === 'it').map((o) => o.scenario);
    expect(scenariosInIt).toEqual(
      expect.arrayContaining(['employee-onboarding', 'store-opening', 'campaign-support', 'partner-onboarding']),
    );
    expect(DEMO_BUSINESS.offerings.filter((o) => o.department === 'hr')).toHaveLength(2);
    expect(DEMO_BUSINESS.offerings.filter((o) => o.department === 'facilities')).toHaveLength(2);
  });

  it('gives every team exactly one lead and covers all three regions', () => {
    const withoutOneLead = DEMO_BUSINESS.teams
      .filter((t) => (t.members ?? []).filter((m) => m.role === 'lead').length !== 1)
      .map((t) => t.code);
    expect(withoutOneLead).toEqual([]);
    expect(new Set(DEMO_BUSINESS.teams.flatMap((t) => t.regions))).toEqual(
      new Set(['cn-south', 'cn-east', 'cn-north']),
    );
  });
});
