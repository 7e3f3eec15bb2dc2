import { isEmailAddress, nonBlank, optionalBoolean } from './values';

describe('isEmailAddress', () => {
  test.each([
    ['ada@example.com', true],
    ['first.last+tag@sub.example.co.uk', true],
    ['', false],
    ['ada', false],
    ['ada@', false],
    ['ada@example', false],
    ['a da@example.com', false],
    [null, false],
    [undefined, false],
  ])('%j -> %s', (value, expected) => {
    expect(isEmailAddress(value)).toBe(expected);
  });
});

describe('nonBlank', () => {
  test.each([
    ['  Ada ', 'Ada'],
    ['', undefined],
    ['   ', undefined],
    [null, undefined],
    [42, undefined],
  ])('%j -> %j', (value, expected) => {
    expect(nonBlank(value)).toBe(expected);
  });
});

describe('optionalBoolean', () => {
  test('keeps booleans and drops everything else', () => {
    expect(optionalBoolean(true)).toBe(true);
    expect(optionalBoolean(false)).toBe(false);
    expect(optionalBoolean('true')).toBeUndefined();
    expect(optionalBoolean(null)).toBeUndefined();
  });
});
