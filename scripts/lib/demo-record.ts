/**
 * `.j1-integration/demo.json`: written beside a graph collected from the simulator (by `npm
 * run demo`, or by `npm start` against a simulator on this machine, which reports its date),
 * so that `npm run report` answers date questions ("not seen for 30 days") as of the
 * simulated organization's own date. A collection of real data has no such file, and the
 * report uses the current time.
 */
import { promises as fs } from 'fs';
import path from 'path';

export const DEMO_RECORD_FILE = 'demo.json';

export interface DemoRecord {
  /** "Now" for the simulated data (ISO): the day its dates are relative to, plus a few days. */
  asOf: string;
  seed: number;
  /** The simulator options the demo ran with (sizes, faults). */
  simulator: Record<string, unknown>;
}

export async function writeDemoRecord(storageDir: string, record: DemoRecord): Promise<void> {
  await fs.writeFile(
    path.join(storageDir, DEMO_RECORD_FILE),
    `${JSON.stringify(record, null, 2)}\n`,
  );
}

/** The record of the demo that collected `storageDir`, or undefined for real data. */
export async function readDemoRecord(storageDir: string): Promise<DemoRecord | undefined> {
  let text: string;
  try {
    text = await fs.readFile(path.join(storageDir, DEMO_RECORD_FILE), 'utf8');
  } catch {
    return undefined;
  }
  const record = JSON.parse(text) as Partial<DemoRecord>;
  if (typeof record.asOf !== 'string' || Number.isNaN(Date.parse(record.asOf))) {
    throw new Error(`${path.join(storageDir, DEMO_RECORD_FILE)}: asOf is not an ISO date`);
  }
  return record as DemoRecord;
}

/** "Now" for questions about a graph: the demo's own date when it has one, else `fallback`. */
export function asOf(demo: DemoRecord | undefined, fallback: number): number {
  return demo ? Date.parse(demo.asOf) : fallback;
}
