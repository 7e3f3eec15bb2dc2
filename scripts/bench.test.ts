import { BENCH_USAGE, overFewest, parseBenchArgs } from './bench';

describe('parseBenchArgs', () => {
  test('--help and -h ask for the usage, which lists every size', () => {
    expect(parseBenchArgs(['--help'])).toBe('help');
    expect(parseBenchArgs(['--size', 'M', '-h'])).toBe('help');
    expect(BENCH_USAGE).toMatch(/Usage: npm run bench/);
    expect(BENCH_USAGE).toMatch(/S 1000 users[\s\S]*M 10000 users[\s\S]*L 100000 users/);
  });

  test('defaults, --flag value and --flag=value', () => {
    expect(parseBenchArgs([])).toEqual({
      size: 'S',
      latencyMs: 50,
      maxInFlight: 10,
      failRate: 0,
      rateLimit: undefined,
      retryAfter: undefined,
      seed: 1,
      schemaValidation: true,
      zeroLatency: true,
    });
    expect(parseBenchArgs(['--size=m', '--rate-limit', '20/s'])).toMatchObject({
      size: 'M',
      rateLimit: 20,
    });
    expect(parseBenchArgs(['--chain', '/tmp/chain.txt'])).toMatchObject({
      chainFile: '/tmp/chain.txt',
    });
  });

  test('--shape instead of a size, --schema-validation on|off', () => {
    expect(
      parseBenchArgs(['--shape', 'directory-heavy', '--schema-validation', 'off']),
    ).toMatchObject({ shape: 'directory-heavy', schemaValidation: false });
    expect(BENCH_USAGE).toMatch(/--shape directory-heavy[\s\S]*8000 users, 300 groups/);
    expect(() => parseBenchArgs(['--shape', 'wide'])).toThrow(/--shape must be one of/);
    expect(() => parseBenchArgs(['--shape', 'directory-heavy', '--size', 'M'])).toThrow(
      /exclude each other/,
    );
    expect(() => parseBenchArgs(['--schema-validation', 'no'])).toThrow(/on or off/);
    expect(parseBenchArgs(['--shape', 'app-heavy', '--zero-latency', 'off'])).toMatchObject({
      shape: 'app-heavy',
      zeroLatency: false,
    });
    expect(BENCH_USAGE).toMatch(/app-heavy: 5000 users, 200 groups, 50 apps, 0 systems/);
    expect(() => parseBenchArgs(['--zero-latency', 'yes'])).toThrow(/on or off/);
  });

  test('a missing value or an unknown flag is refused', () => {
    expect(() => parseBenchArgs(['--size'])).toThrow(/--size needs a value/);
    expect(() => parseBenchArgs(['--sizes', 'S'])).toThrow(/unknown option --sizes/);
    expect(() => parseBenchArgs(['--size', 'XL'])).toThrow(/S, M or L/);
  });
});

describe('overFewest', () => {
  test('the requests beyond the floor as a fraction of it, rounded', () => {
    expect(overFewest(11_017, 11_016)).toBe(0);
    expect(overFewest(110, 100)).toBe(0.1);
    expect(overFewest(2, 3)).toBe(-0.333);
    expect(overFewest(5, 0)).toBeNull();
  });
});
