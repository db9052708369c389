import { checkFormSchema, MAX_FORM_SCHEMA_BYTES } from './offering-rules';

const form = (extra: Record<string, unknown> = {}) => ({
  type: 'object',
  required: ['region'],
  properties: {
    region: { type: 'string', enum: ['cn-south', 'cn-east'] },
    openingDate: { type: 'string', format: 'date' },
  },
  ...extra,
});

describe('checkFormSchema', () => {
  it('accepts 2020-12 forms, with or without $schema', () => {
    expect(checkFormSchema(form())).toEqual([]);
    expect(checkFormSchema(form({ $schema: 'https://json-schema.org/draft/2020-12/schema' }))).toEqual([]);
  });

  it('accepts draft-07 forms and checks them by draft-07 rules', () => {
    const draft07 = { $schema: 'http://json-schema.org/draft-07/schema#', definitions: { r: { type: 'string' } } };
    expect(checkFormSchema(form(draft07))).toEqual([]);
    expect(checkFormSchema(form({ ...draft07, $schema: 'http://json-schema.org/draft-07/schema' }))).toEqual([]);
    // Array-form `items` is draft-07 only.
    const tuple = { type: 'array', items: [{ type: 'string' }], additionalItems: false, minItems: 1 };
    const withTags = { properties: { region: { type: 'string' }, tags: tuple } };
    expect(checkFormSchema(form({ ...draft07, ...withTags }))).toEqual([]);
    expect(checkFormSchema(form(withTags))).toContainEqual(
      expect.objectContaining({ path: expect.stringMatching(/^formSchema\.properties\.tags/) }),
    );
  });

  it.each([
    ['another dialect', 'https://json-schema.org/draft/2019-09/schema'],
    ['an unknown one', 'https://example.com/my-meta'],
    ['a non-string', 7],
  ])('refuses $schema naming %s with a field error', (_what, $schema) => {
    expect(checkFormSchema(form({ $schema }))).toEqual([
      {
        path: 'formSchema.$schema',
        code: 'unsupported_dialect',
        message: expect.objectContaining({ en: expect.stringContaining('draft-07') }),
      },
    ]);
  });

  it('accepts the same $id in any number of forms and checks', () => {
    const withId = () => form({ $id: 'https://forms.itsm.dev/store-opening' });
    for (let i = 0; i < 3; i++) expect(checkFormSchema(withId())).toEqual([]);
    const nestedId = () => form({ properties: { region: { $id: 'https://forms.itsm.dev/region', type: 'string' } } });
    for (let i = 0; i < 3; i++) expect(checkFormSchema(nestedId())).toEqual([]);
  });

  it("never resolves a $ref against another form's $id", () => {
    expect(checkFormSchema(form({ $id: 'https://forms.itsm.dev/other' }))).toEqual([]);
    const referring = form({ properties: { region: { $ref: 'https://forms.itsm.dev/other#/properties/region' } } });
    expect(checkFormSchema(referring)).toEqual([
      {
        path: 'formSchema',
        code: 'invalid_json_schema',
        message: expect.objectContaining({ en: expect.stringContaining("can't resolve reference") }),
      },
    ]);
  });

  it('reports, rather than throws, on schemas Ajv cannot compile', () => {
    expect(checkFormSchema(form({ properties: { a: { type: 'string', pattern: '(' } } }))[0]).toMatchObject({
      code: 'invalid_json_schema',
    });
    expect(checkFormSchema(form({ requierd: ['region'] }))).toEqual([
      {
        path: 'formSchema',
        code: 'invalid_json_schema',
        message: expect.objectContaining({ en: expect.stringContaining('requierd') }),
      },
    ]);
    expect(checkFormSchema(form({ properties: { a: { type: 'strnig' } } }))[0]).toMatchObject({
      path: expect.stringMatching(/^formSchema\.properties\.a/),
      code: 'invalid_json_schema',
    });
  });

  it('knows the date rule keyword and the time-zone format, and checks how a rule is written (issue 10, item 12)', () => {
    const rule = (value: unknown) =>
      form({
        properties: {
          region: { type: 'string' },
          openingDate: { type: 'string', format: 'date', 'x-date-rule': value },
          storeTimeZone: { type: 'string', format: 'time-zone' },
        },
      });
    const zone = { kind: 'form-field', field: 'storeTimeZone', default: 'Asia/Shanghai' };
    expect(checkFormSchema(rule({ minDaysAhead: 14, timeZone: zone }))).toEqual([]);
    expect(checkFormSchema(rule({ minDaysAhead: 0, timeZone: { kind: 'fixed', zone: 'Europe/Berlin' } }))).toEqual([]);
    const paths = (value: unknown) => checkFormSchema(rule(value)).map((e) => e.path);
    expect(paths({ minDaysAhead: -1, timeZone: zone })).toContain(
      'formSchema.properties.openingDate.x-date-rule.minDaysAhead',
    );
    expect(paths({ minDaysAhead: 1.5, timeZone: zone })).toContain(
      'formSchema.properties.openingDate.x-date-rule.minDaysAhead',
    );
    expect(paths({ minDaysAhead: 3 })).toEqual(['formSchema.properties.openingDate.x-date-rule']);
    expect(paths({ minDaysAhead: 3, timeZone: zone, notBefore: 'today' })).toEqual([
      'formSchema.properties.openingDate.x-date-rule',
    ]);
    expect(paths({ minDaysAhead: 3, timeZone: { kind: 'fixed', zone: 'Mars/Base' } })).toContain(
      'formSchema.properties.openingDate.x-date-rule.timeZone.zone',
    );
    // A misspelt keyword is still refused (strict).
    expect(
      checkFormSchema(
        form({ properties: { region: { type: 'string' }, openingDate: { type: 'string', 'x-date-rules': {} } } }),
      )[0],
    ).toMatchObject({ code: 'invalid_json_schema' });
  });

  it('refuses a form too large to travel in one event', () => {
    const properties = Object.fromEntries(
      Array.from({ length: 5000 }, (_, i) => [`field${i}`, { type: 'string', title: `Field number ${i}` }]),
    );
    expect(JSON.stringify(properties).length).toBeGreaterThan(MAX_FORM_SCHEMA_BYTES);
    expect(checkFormSchema(form({ properties }))).toEqual([
      {
        path: 'formSchema',
        code: 'too_big',
        message: expect.objectContaining({ en: expect.stringContaining(`at most ${MAX_FORM_SCHEMA_BYTES}`) }),
      },
    ]);
  });

  it('still requires an object form with properties', () => {
    expect(checkFormSchema({ type: 'string' })).toEqual([expect.objectContaining({ code: 'not_an_object_form' })]);
  });
});
