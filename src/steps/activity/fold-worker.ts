/**
 * The activity's fold worker: a `worker_threads` thread that parses Directory Insights pages
 * (their bytes transferred from the main thread), checks their rows as the paginator does
 * (`SearchAfterRows`: the same checks, the same errors) and folds them (./fold.ts), so that the
 * main thread only makes the requests, and answers every other step's meanwhile. Started and
 * spoken to by ./fold-thread.ts; messages in ./fold-messages.ts. It loads only what it needs
 * (the fold, the paginator's row checks, the body decoding), not the client or the SDK.
 */
import { parentPort } from 'worker_threads';

import { decodeBodyChunks, notJsonMessage } from '../../jumpcloud/body';
import { eventTime, InsightsAuthEvent, place } from '../../jumpcloud/insights';
import { IncompleteListError, SearchAfterRows } from '../../jumpcloud/paginate';
import { ActivityFold } from './fold';
import type { FromWorker, ToWorker } from './fold-messages';

interface Session {
  fold: ActivityFold;
  /** Parsed pages not yet folded, by the `id` of their parse. */
  pages: Map<number, InsightsAuthEvent[]>;
  lists: Map<number, SearchAfterRows<InsightsAuthEvent, number>>;
}

const sessions = new Map<number, Session>();

function sessionOf(id: number): Session {
  let session = sessions.get(id);
  if (!session) {
    session = { fold: new ActivityFold(), pages: new Map(), lists: new Map() };
    sessions.set(id, session);
  }
  return session;
}

export function handle(message: ToWorker): FromWorker {
  switch (message.kind) {
    case 'parse': {
      const text = decodeBodyChunks(message.bytes.map((bytes) => new Uint8Array(bytes)));
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        return { id: message.id, kind: 'not-json', message: notJsonMessage(text) };
      }
      const rows = Array.isArray(body) ? (body as InsightsAuthEvent[]) : [];
      sessionOf(message.session).pages.set(message.id, rows);
      const lastTime = rows.length > 0 ? eventTime(rows[rows.length - 1]) : NaN;
      return { id: message.id, kind: 'parsed', rows: rows.length, lastTime };
    }
    case 'fold': {
      const session = sessionOf(message.session);
      const rows = session.pages.get(message.page) ?? [];
      session.pages.delete(message.page);
      let list = session.lists.get(message.list);
      if (!list)
        session.lists.set(message.list, (list = new SearchAfterRows(place, message.total)));
      list.count = message.count;
      list.pages = message.pages;
      const { end } = message;
      let kept = 0;
      try {
        for (const event of rows) {
          list.take(event);
          if (end !== undefined && eventTime(event) >= end) continue;
          kept += 1;
          session.fold.add(message.orgId, event);
        }
      } catch (error) {
        return failed(message.id, error);
      }
      return { id: message.id, kind: 'folded', count: list.count, kept };
    }
    case 'end': {
      const session = sessions.get(message.session);
      sessions.delete(message.session);
      return {
        id: message.id,
        kind: 'ended',
        fold: message.keep ? (session?.fold ?? new ActivityFold()).toData() : undefined,
      };
    }
  }
}

function failed(id: number, error: unknown): FromWorker {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof IncompleteListError)
    return {
      id,
      kind: 'failed',
      message,
      incomplete: { reason: error.reason, count: error.count, total: error.total },
    };
  return { id, kind: 'failed', message };
}

parentPort?.on('message', (message: ToWorker) => {
  let answer: FromWorker;
  try {
    answer = handle(message);
  } catch (error) {
    answer = failed(message.id, error);
  }
  parentPort!.postMessage(answer);
});
