import {
  assetDeviceCategory,
  camelCaseLabel,
  deviceLifecycleStatus,
  isSecretLabel,
  normalizeLabel,
  parseAssetDate,
} from './fields';

describe('labels', () => {
  test('are matched without regard to case, spacing or punctuation', () => {
    expect(normalizeLabel('  Warranty  Expiry-Date ')).toBe('warranty expiry date');
    expect(camelCaseLabel('Refresh Cycle (months)')).toBe('refreshCycleMonths');
    expect(camelCaseLabel('RAM')).toBe('ram');
    expect(camelCaseLabel('  --  ')).toBeUndefined();
  });

  test('secret labels are recognised', () => {
    for (const label of [
      'Firmware Password',
      'BIOS passcode',
      'BitLocker Recovery Key',
      'API token',
      'Device PIN',
      'License key',
      'Private notes',
    ]) {
      expect([label, isSecretLabel(label)]).toEqual([label, true]);
    }
    for (const label of ['Keyboard layout', 'Spinning disk', 'Owner', 'Tag', 'Monkey']) {
      expect([label, isSecretLabel(label)]).toEqual([label, false]);
    }
  });
});

describe('parseAssetDate', () => {
  test('a calendar date is midnight UTC', () => {
    expect(parseAssetDate('2027-11-01')).toBe(Date.UTC(2027, 10, 1));
  });

  test('a date-time without zone is UTC, never the local time of the collector', () => {
    expect(parseAssetDate('2024-11-05T16:45:00')).toBe(Date.UTC(2024, 10, 5, 16, 45));
    expect(parseAssetDate('2024-08-01T12:00')).toBe(Date.UTC(2024, 7, 1, 12));
    expect(parseAssetDate('2024-08-01 12:00:30.250')).toBe(Date.UTC(2024, 7, 1, 12, 0, 30, 250));
  });

  test('an RFC 3339 timestamp keeps its zone', () => {
    expect(parseAssetDate('2024-11-05T16:45:00Z')).toBe(Date.UTC(2024, 10, 5, 16, 45));
    expect(parseAssetDate('2024-11-05T18:45:00+02:00')).toBe(Date.UTC(2024, 10, 5, 16, 45));
  });

  test('impossible dates, other formats and other types are undefined', () => {
    for (const value of [
      '2025-02-30',
      '2025-13-01',
      '01/11/2027',
      'soon',
      '',
      null,
      1730419200000,
    ]) {
      expect([value, parseAssetDate(value)]).toEqual([value, undefined]);
    }
  });
});

describe('deviceLifecycleStatus', () => {
  test.each([
    ['In stock', 'ready'],
    ['Deployed', 'deployed'],
    ['In repair', 'defective'],
    ['Lost', 'lost/stolen'],
    ['Stolen', 'lost/stolen'],
    ['Missing', 'lost/stolen'],
    ['Retired', 'decommissioned'],
    ['Decommissioned', 'decommissioned'],
    ['Disposed', 'disposed'],
    ['Recycled', 'disposed'],
    ['Archived', 'archived'],
    ['On order', 'pending'],
    ['Unassigned', 'ready'],
    ['Assigned', 'assigned'],
    ['Active', 'deployed'],
    ['Quarantine', 'other'],
  ])('%s -> %s', (name, status) => {
    expect(deviceLifecycleStatus(name)).toBe(status);
  });

  test('no status is no status', () => {
    expect(deviceLifecycleStatus(undefined)).toBeUndefined();
  });
});

describe('assetDeviceCategory', () => {
  test('follows the Type option', () => {
    expect(assetDeviceCategory('Laptop')).toBe('endpoint');
    expect(assetDeviceCategory('Desktop')).toBe('endpoint');
    expect(assetDeviceCategory('Tablet')).toBe('mobile');
    expect(assetDeviceCategory('Phone')).toBe('mobile');
    expect(assetDeviceCategory('Server')).toBe('server');
    expect(assetDeviceCategory('Network switch')).toBe('network');
    expect(assetDeviceCategory('Projector')).toBe('other');
    expect(assetDeviceCategory(undefined)).toBe('other');
  });
});
