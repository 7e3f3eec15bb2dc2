/**
 * The command line of every program here (start, demo, graph, report, bench, simulator):
 * Node's `util.parseArgs`, strict, so that an unknown flag is refused instead of ignored, plus
 * `-h`/`--help`, which every program answers with its usage and nothing else.
 */
import { parseArgs, type ParseArgsConfig } from 'util';

/** A bad command line: the program prints the message and its usage, and exits 2. */
export class UsageError extends Error {}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface CommandLine {
  /** The flags given: strings for `type: 'string'`, true for `type: 'boolean'`. */
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/**
 * `'help'` when `-h` or `--help` is anywhere on the line (even beside a bad flag: the
 * person asked what the flags are); otherwise the flags, or a UsageError naming what is wrong.
 */
export function parseCommandLine(
  argv: readonly string[],
  options: OptionSpec,
  { allowPositionals = false }: { allowPositionals?: boolean } = {},
): CommandLine | 'help' {
  const beforeDashDash = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  if (beforeDashDash.some((arg) => arg === '--help' || arg === '-h')) return 'help';
  try {
    const parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals });
    const values = parsed.values as CommandLine['values'];
    for (const [name, value] of Object.entries(values)) {
      if (value === '') throw new UsageError(`--${name} needs a value`);
    }
    return { values, positionals: parsed.positionals };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as { code?: string }).code;
    const message = (error as Error).message;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const flag = /'([^']+)'/.exec(message)?.[1] ?? message;
      throw new UsageError(`unknown option ${flag}`);
    }
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      const argument = /'([^']*)'/.exec(message)?.[1] ?? message;
      throw new UsageError(`unexpected argument "${argument}" (flags start with --)`);
    }
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const flag = /'(-[^' ]+)/.exec(message)?.[1] ?? '';
      throw new UsageError(
        /missing/.test(message)
          ? `${flag} needs a value`
          : `${flag} needs a value (write ${flag}=VALUE for one that starts with -)`,
      );
    }
    throw error;
  }
}

/** A string flag's value, or undefined when it was not given. */
export function stringValue(line: CommandLine, name: string): string | undefined {
  const value = line.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** A number flag's value: finite, at least `min`, whole unless `integer` is false. */
export function numberValue(
  line: CommandLine,
  name: string,
  {
    integer = true,
    min = 0,
    max = Infinity,
  }: { integer?: boolean; min?: number; max?: number } = {},
): number | undefined {
  const raw = stringValue(line, name);
  if (raw === undefined) return undefined;
  const value = Number(raw.trim());
  if (
    raw.trim() === '' ||
    !Number.isFinite(value) ||
    (integer && !Number.isInteger(value)) ||
    value < min ||
    value > max
  ) {
    const range = max === Infinity ? `at least ${min}` : `between ${min} and ${max}`;
    throw new UsageError(
      `--${name}: invalid value "${raw}" (${integer ? 'a whole number' : 'a number'} ${range})`,
    );
  }
  return value;
}

/** One of a fixed list of words. */
export function choiceValue<T extends string>(
  line: CommandLine,
  name: string,
  choices: readonly T[],
): T | undefined {
  const raw = stringValue(line, name);
  if (raw === undefined) return undefined;
  if (!(choices as readonly string[]).includes(raw)) {
    throw new UsageError(`--${name}: invalid value "${raw}" (one of ${choices.join(', ')})`);
  }
  return raw as T;
}

/**
 * Runs a program's `main` from the command line: a UsageError prints `<name>: <message>`
 * and the usage on stderr and exits 2; any other error prints its message and exits 1.
 */
export function runProgram(name: string, usage: string, main: () => Promise<number | void>): void {
  main().then(
    (code) => {
      process.exitCode = code ?? 0;
    },
    (error: unknown) => {
      if (error instanceof UsageError) {
        process.stderr.write(`${name}: ${error.message}\n\n${usage.replace(/\n?$/, '\n')}`);
        process.exitCode = 2;
        return;
      }
      process.stderr.write(
        `${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
