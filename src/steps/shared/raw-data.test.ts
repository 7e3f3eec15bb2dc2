import { allowListed } from './raw-data';

describe('allowListed', () => {
  it('keeps only the named fields that the record has', () => {
    const record = { id: 'a', name: 'n', password: 'p', notes: undefined as string | undefined };
    expect(allowListed(record, ['id', 'name', 'notes'])).toEqual({ id: 'a', name: 'n' });
  });

  it('never copies a field it was not told about, even one added later', () => {
    const record = { id: 'a', secret: 's' } as { id: string; secret?: string };
    expect(Object.keys(allowListed(record, ['id']))).toEqual(['id']);
  });
});
