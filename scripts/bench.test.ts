import { BENCH_USAGE, parseBenchArgs } from './bench';

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
    });
    expect(parseBenchArgs(['--size=m', '--rate-limit', '20/s'])).toMatchObject({
      size: 'M',
      rateLimit: 20,
    });
  });

  test('a missing value or an unknown flag is refused with the usage', () => {
    expect(() => parseBenchArgs(['--size'])).toThrow(/--size needs a value[\s\S]*Usage/);
    expect(() => parseBenchArgs(['--sizes', 'S'])).toThrow(/unknown option --sizes[\s\S]*Usage/);
    expect(() => parseBenchArgs(['--size', 'XL'])).toThrow(/S, M or L/);
  });
});
