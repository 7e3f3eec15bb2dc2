import fetch, { type Response } from 'node-fetch';
import type { RunningSimulator } from './server/server';

export interface Got<T = unknown> {
  status: number;
  headers: Response['headers'];
  text: string;
  json: T;
}

/** GET with the simulator's key (unless `headers` overrides it); parses JSON when it can. */
export async function get<T = unknown>(
  sim: RunningSimulator,
  path: string,
  headers: Record<string, string> = {},
): Promise<Got<T>> {
  const res = await fetch(`${sim.url}${path}`, {
    headers: { 'x-api-key': sim.apiKey, ...headers },
  });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    // left undefined: callers checking faults look at `text`
  }
  return { status: res.status, headers: res.headers, text, json: json as T };
}

/** Reads every page of a v1 (`{totalCount, results}`) or v2 (array) list. */
export async function getAll<T>(
  sim: RunningSimulator,
  path: string,
  headers: Record<string, string> = {},
): Promise<T[]> {
  const out: T[] = [];
  const sep = path.includes('?') ? '&' : '?';
  for (let skip = 0; ; skip += 100) {
    const page = await get<T[] | { totalCount: number; results: T[] }>(
      sim,
      `${path}${sep}limit=100&skip=${skip}`,
      headers,
    );
    if (page.status !== 200)
      throw new Error(`GET ${path} skip=${skip}: ${page.status} ${page.text}`);
    const items = Array.isArray(page.json) ? page.json : page.json.results;
    out.push(...items);
    if (items.length < 100) return out;
  }
}
