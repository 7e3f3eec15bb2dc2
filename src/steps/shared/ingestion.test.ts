import { isIngestionSourceEnabled } from './ingestion';

describe('isIngestionSourceEnabled', () => {
  it('is on unless the instance lists the source as disabled', () => {
    expect(isIngestionSourceEnabled({}, 'apple-mdm')).toBe(true);
    expect(isIngestionSourceEnabled({ disabledSources: [] }, 'apple-mdm')).toBe(true);
    const instance = { disabledSources: [{ ingestionSourceId: 'apple-mdm' }] };
    expect(isIngestionSourceEnabled(instance, 'apple-mdm')).toBe(false);
    expect(isIngestionSourceEnabled(instance, 'asset-management')).toBe(true);
  });
});
