import { FormValidator, labelOf } from './form-validation';

const onboardingForm = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  required: ['employeeName', 'employeeId', 'startDate', 'workLocation'],
  additionalProperties: false,
  properties: {
    employeeName: { type: 'string', title: '员工姓名 / Employee name', minLength: 1 },
    employeeId: { type: 'string', title: '工号 / Employee ID', pattern: '^E[0-9]{6}$' },
    startDate: { type: 'string', format: 'date', title: '入职日期 / Start date' },
    workLocation: { type: 'string', enum: ['cn-south', 'cn-east'], title: '工作地区 / Work location' },
    needsVpn: { type: 'boolean', title: '需要远程办公 VPN / Needs VPN', default: false },
    channels: {
      type: 'array',
      title: 'Channels / 活动渠道',
      items: { type: 'string', enum: ['online', 'stores'] },
      uniqueItems: true,
    },
  },
};

describe('labelOf', () => {
  it('splits a bilingual title whichever language comes first', () => {
    expect(labelOf('工号 / Employee ID', 'employeeId')).toEqual({ en: 'Employee ID', 'zh-CN': '工号' });
    expect(labelOf('Store name / 门店名称', 'storeName')).toEqual({ en: 'Store name', 'zh-CN': '门店名称' });
  });

  it('uses one language for both, or the field name without a title', () => {
    expect(labelOf('Store code', 'storeCode')).toEqual({ en: 'Store code', 'zh-CN': 'Store code' });
    expect(labelOf(undefined, 'storeCode')).toEqual({ en: 'storeCode', 'zh-CN': 'storeCode' });
  });
});

describe('FormValidator', () => {
  const validator = new FormValidator();

  it('accepts valid data and fills in defaults', () => {
    const result = validator.check('o@1', onboardingForm, {
      employeeName: '王芳',
      employeeId: 'E202417',
      startDate: '2026-04-01',
      workLocation: 'cn-south',
    });
    expect(result.errors).toEqual([]);
    expect(result.data).toMatchObject({ needsVpn: false });
  });

  it('names every invalid field with its labels in both languages', () => {
    const result = validator.check('o@1', onboardingForm, {
      employeeName: '王芳',
      employeeId: '42',
      startDate: 'next monday',
      favouriteColour: 'red',
      channels: ['online', 'online'],
    });
    const byPath = Object.fromEntries(result.errors.map((e) => [e.path, e]));
    expect(Object.keys(byPath).sort()).toEqual([
      'formData.channels',
      'formData.employeeId',
      'formData.favouriteColour',
      'formData.startDate',
      'formData.workLocation',
    ]);
    expect(byPath['formData.employeeId']).toMatchObject({
      code: 'pattern',
      label: { en: 'Employee ID', 'zh-CN': '工号' },
      message: { en: expect.stringMatching(/^Employee ID: /), 'zh-CN': expect.stringMatching(/^工号：格式不正确/) },
    });
    expect(byPath['formData.workLocation']).toMatchObject({
      code: 'required',
      message: { en: 'Work location: is required', 'zh-CN': '工作地区：为必填项' },
    });
    expect(byPath['formData.startDate'].message['zh-CN']).toBe('入职日期：不是有效的日期（YYYY-MM-DD）');
    expect(byPath['formData.favouriteColour'].code).toBe('additionalProperties');
  });

  it('builds a 400 problem whose detail lists the labels in each language', () => {
    const { errors } = validator.check('o@1', onboardingForm, { employeeName: '' });
    const problem = FormValidator.problem(errors);
    expect(problem).toMatchObject({ status: 400, code: 'requests.form.invalid' });
    expect(problem.detail).toMatchObject({
      en: expect.stringContaining('Employee name'),
      'zh-CN': expect.stringContaining('员工姓名'),
    });
  });

  it('does not change the caller’s data', () => {
    const data = { employeeName: 'x', employeeId: 'E000001', startDate: '2026-04-01', workLocation: 'cn-east' };
    validator.check('o@1', onboardingForm, data);
    expect(data).not.toHaveProperty('needsVpn');
  });
});
