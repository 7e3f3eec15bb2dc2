/**
 * Starting the JumpCloud simulator (simulator/) in this process for scripts, and reading
 * its request counters over HTTP (`GET /__simulator/stats`), which works for a simulator in
 * another process too.
 */
import fetch from 'node-fetch';

import {
  startSimulator,
  type ChainLink,
  type RunningSimulator,
  type SimulatorOptions,
  type SimulatorStats,
} from '../../simulator';

export type { ChainLink, RunningSimulator, SimulatorOptions, SimulatorStats };

/** The demo organization: a few hundred of everything, one Apple MDM, fixed seed. */
export const DEMO_ORGANIZATION: Readonly<SimulatorOptions> = Object.freeze({
  seed: 42,
  orgs: 1,
  users: 300,
  groups: 25,
  apps: 20,
  systems: 150,
  systemGroups: 8,
  appleDevices: 40,
  appleMdm: 'enabled',
});

export const DEMO_API_KEY = 'demo-simulator-key-0000000000000000000000';

/**
 * Starts a simulator on 127.0.0.1 (a random free port unless `port` is given) serving the
 * demo organization, with any option overridden. Quiet by default. Call `stop()` when done.
 */
export async function startDemoSimulator(
  overrides: SimulatorOptions = {},
): Promise<RunningSimulator> {
  return startSimulator({
    ...DEMO_ORGANIZATION,
    apiKey: DEMO_API_KEY,
    port: 0,
    quiet: true,
    ...overrides,
  });
}

/** `GET <url>/__simulator/stats`: what the simulator has served since start (or reset). */
export async function fetchSimulatorStats(url: string): Promise<SimulatorStats> {
  const response = await fetch(`${url.replace(/\/+$/, '')}/__simulator/stats`);
  if (!response.ok) {
    throw new Error(`GET ${url}/__simulator/stats answered ${response.status}`);
  }
  return (await response.json()) as SimulatorStats;
}

/** `POST <url>/__simulator/stats/reset`: zero the counters (e.g. between runs). */
export async function resetSimulatorStats(url: string): Promise<void> {
  const response = await fetch(`${url.replace(/\/+$/, '')}/__simulator/stats/reset`, {
    method: 'POST',
  });
  if (!response.ok) {
    throw new Error(`POST ${url}/__simulator/stats/reset answered ${response.status}`);
  }
}

/** `GET <url>/__simulator/chain`: the requests of the longest chain, first to last. */
export async function fetchSimulatorChain(url: string): Promise<ChainLink[]> {
  const response = await fetch(`${url.replace(/\/+$/, '')}/__simulator/chain`);
  if (!response.ok) {
    throw new Error(`GET ${url}/__simulator/chain answered ${response.status}`);
  }
  return (await response.json()) as ChainLink[];
}

/**
 * One line per request of a chain: its place, when it started and ended (ms since the stats'
 * reset), the time between the answer before it and its start (what the client did in
 * between), its endpoint and path.
 */
export function formatChain(links: readonly ChainLink[]): string {
  return links
    .map((link, i) => {
      const gap = link.start - (i > 0 ? links[i - 1].end : 0);
      return [
        String(i + 1).padStart(4),
        `${link.start}-${link.end} ms`.padStart(16),
        `+${gap}`.padStart(6),
        ` ${link.endpoint}  ${link.url}`,
      ].join('');
    })
    .join('\n');
}
