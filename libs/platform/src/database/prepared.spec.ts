import { preparedStatement } from './prepared';

describe('preparedStatement', () => {
  it('names a fixed text, and may be declared again with the same text (a module loaded twice)', () => {
    const first = preparedStatement('test.same', 'select 1');
    expect(preparedStatement('test.same', 'select 1')).toEqual(first);
  });

  it('refuses one name for two texts: a connection would refuse the second', () => {
    preparedStatement('test.taken', 'select 1');
    expect(() => preparedStatement('test.taken', 'select 2')).toThrow(
      "prepared statement 'test.taken' is declared twice with different text",
    );
  });
});
