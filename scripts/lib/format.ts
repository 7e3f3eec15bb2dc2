/** Plain-text formatting for script output (no colours, so it reads the same in CI logs). */
import path from 'path';

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '?';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes} min ${seconds} s`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export type Align = 'left' | 'right';

/**
 * A fixed-width table: header row, a rule, then the rows. Numbers are right-aligned unless
 * `align` says otherwise.
 */
export function formatTable(
  headers: string[],
  rows: Array<Array<string | number>>,
  options: { indent?: string; align?: Align[] } = {},
): string {
  const indent = options.indent ?? '  ';
  const cells = rows.map((row) => row.map((cell) => String(cell)));
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...cells.map((row) => (row[column] ?? '').length)),
  );
  const alignOf = (column: number): Align =>
    options.align?.[column] ??
    (rows.length > 0 && rows.every((row) => typeof row[column] === 'number') ? 'right' : 'left');
  const line = (row: string[]): string =>
    indent +
    row
      .map((cell, column) =>
        alignOf(column) === 'right' ? cell.padStart(widths[column]) : cell.padEnd(widths[column]),
      )
      .join('  ')
      .trimEnd();
  return [
    line(headers),
    line(widths.map((width) => '-'.repeat(width))),
    ...cells.map((row) => line(row)),
  ].join('\n');
}

/** A path relative to the working directory when it lies inside it, else absolute. */
export function displayPath(file: string, cwd: string = process.cwd()): string {
  const relative = path.relative(cwd, path.resolve(cwd, file));
  if (relative === '') return '.';
  return relative.startsWith('..') || path.isAbsolute(relative)
    ? path.resolve(cwd, file)
    : relative;
}
