import { hasDotSegments, routeOf } from './gateway-route';

describe('routeOf', () => {
  it.each([
    ['/api/catalog/offerings', { service: 'catalog', path: '/offerings' }],
    [
      '/api/catalog/offerings/1/versions?limit=5&cursor=a%2Fb',
      { service: 'catalog', path: '/offerings/1/versions?limit=5&cursor=a%2Fb' },
    ],
    ['/api/catalog', { service: 'catalog', path: '/' }],
    ['/api/catalog/', { service: 'catalog', path: '/' }],
    ['/api/catalog?x=1', { service: 'catalog', path: '/?x=1' }],
  ])('%s', (url, route) => {
    expect(routeOf(url)).toEqual(route);
  });

  it.each(['/api', '/api/', '/health/ready', '/apix/catalog'])('is undefined for %s', (url) => {
    expect(routeOf(url)).toBeUndefined();
  });
});

describe('hasDotSegments', () => {
  it.each(['/../requests', '/offerings/..', '/./x', '/%2e%2e/x', '/%2E./x'])('finds them in %s', (path) => {
    expect(hasDotSegments(path)).toBe(true);
  });

  it.each(['/offerings', '/offerings/..x', '/a.b/c', '/x?next=/../y', '/%zz'])('finds none in %s', (path) => {
    expect(hasDotSegments(path)).toBe(false);
  });
});
