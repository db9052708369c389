import { SearchQuerySchema } from '@itsm/platform/search';
import { requestSearch, requestSearchTerms, taskSearchTerms } from './request-search';

const search = (q: string) => requestSearch(SearchQuerySchema.parse(q));

describe('request search', () => {
  it('finds a request by number, title, requester, on-behalf-of person and answers, not by its key dates', () => {
    const terms = requestSearchTerms(
      {
        number: '42',
        requesterId: 'u-li.na',
        onBehalfOf: 'Store.Manager@heyue.example',
        formData: { storeName: '禾悦深圳南山门店', openingDate: '2027-03-01', posCount: 6, channels: ['online'] },
        businessContext: { keyDates: [{ field: 'openingDate', date: '2027-03-01' }] },
      },
      { en: 'New store opening', 'zh-CN': '新店开业' },
    );
    expect(terms).toEqual(
      expect.arrayContaining([
        'req',
        '000042',
        'new',
        'store',
        '新店',
        '开业',
        'li',
        'na',
        'manager',
        'heyue',
        '门店',
        '深圳',
        '6',
        'online',
      ]),
    );
    expect(terms).not.toContain('2027');
    expect(taskSearchTerms({ en: 'Laptop', 'zh-CN': '准备笔记本电脑' })).toEqual([
      'laptop',
      '准备',
      '备笔',
      '笔记',
      '记本',
      '本电',
      '电脑',
    ]);
  });

  it('reads a request number exactly, and as a prefix from four digits on', () => {
    expect(search('REQ-000042').numbers).toEqual([[42, 42]]);
    expect(search('42').numbers).toEqual([[42, 42]]);
    expect(search('ｒｅｑ42').numbers).toEqual([[42, 42]]);
    expect(search('REQ-0012').numbers).toEqual([
      [12, 12],
      [1200, 1299],
    ]);
    const wide = search('1234').numbers;
    expect(wide.slice(0, 3)).toEqual([
      [1234, 1234],
      [123400, 123499],
      [1234000, 1234999],
    ]);
    expect(wide[wide.length - 1]).toEqual([123400000000, 123499999999]);
    expect(search('onboarding').numbers).toEqual([]);
    expect(search('REQ 42 门店')).toEqual({ terms: ['req', '42', '门店'], numbers: [] });
  });
});
