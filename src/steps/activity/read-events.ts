/**
 * One organization's Directory Insights events, folded where they are read or in the fold
 * worker (./fold-thread.ts), as the list's first page decides. The count and the first page are
 * asked together (`iterateAuthEvents`); a first page that holds the whole window (not full: a
 * small organization's, or a quiet one's) is parsed, checked and folded in the main thread,
 * which is cheaper than starting a worker thread for it (about 70 CPU-ms, a Node thread loading
 * the fold: on a 20-user organization a fifth of the run's CPU). A full first page means more
 * pages follow, read in slices: the worker is started then (or as soon as the count says the
 * window holds more than a page, whichever comes first), the page's bytes are handed to it
 * after they were parsed here (its row count and last time decide the slices at once, so the
 * slices' requests go out while the worker starts), and it parses, checks and folds every page
 * of the list, that one included. Either way the rows are checked by the same code
 * (`SearchAfterRows` in `walkSearchAfter`): the same checks, the same errors.
 *
 * Where no worker thread can start, every page is folded here (slower, the same result).
 */
import { BodyNotJsonError, decodeBodyChunks, notJsonMessage } from '../../jumpcloud/body';
import type { EventPageHead, EventPageReader, InsightsAuthEvent } from '../../jumpcloud/insights';
import { eventsInThread, eventTime, pageHeaders } from '../../jumpcloud/insights';
import { ActivityFold } from './fold';
import type { FoldThread, WorkerPage } from './fold-thread';

/**
 * The fold worker, or none where worker threads cannot start (the events are then parsed and
 * folded in this thread, as one would expect of a run without them: slower, the same result).
 * Its module is loaded here, not with the step's: a run whose lists all end on their first
 * page never loads it.
 */
export async function startFoldThread(logger: {
  warn(fields: object, message: string): void;
}): Promise<FoldThread | undefined> {
  try {
    const { FoldThread } = await import('./fold-thread');
    return new FoldThread();
  } catch (error) {
    logger.warn(
      { error: error instanceof Error ? error.message : String(error) },
      'Could not start a worker thread: Directory Insights events are folded in the main thread',
    );
    return undefined;
  }
}

/** A page parsed and handed over in this thread. */
type HerePage = EventPageHead & { items: InsightsAuthEvent[] };

/** The run's fold worker, started at the first call; undefined when it cannot start. */
export type FoldThreadStarter = () => Promise<FoldThread | undefined>;

export interface OrganizationEvents {
  reader: EventPageReader<HerePage | WorkerPage>;
  /** Whether the events went to the worker (the first page was full). */
  readonly inWorker: boolean;
  /** Ends the organization's read: its fold when `keep`, else it is dropped. */
  finish(keep: boolean): Promise<ActivityFold | undefined>;
}

/**
 * A reader of `orgId`'s events for `iterateAuthEvents`, and its fold. `onRows` hears how many
 * rows were kept, as they are.
 */
export function organizationEvents(
  orgId: string,
  startThread: FoldThreadStarter,
  onRows: (kept: number) => void = () => undefined,
): OrganizationEvents {
  const fold = new ActivityFold();
  const here = eventsInThread((event) => {
    fold.add(orgId, event);
    onRows(1);
  });
  let worker: ReturnType<FoldThread['organization']> | undefined;
  let firstRead = false;
  let finished = false;

  /** The list's first page: read here, then kept here or handed to the worker. */
  const readFirst: EventPageReader<HerePage | WorkerPage>['read'] = async (send, body) => {
    const response = await send({
      body,
      // As the client parses a body (src/jumpcloud/http.ts), with the bytes kept for the worker.
      readBody: async (bytes, headers) => {
        const text = decodeBodyChunks(bytes);
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          throw new BodyNotJsonError(notJsonMessage(text));
        }
        const items = Array.isArray(parsed) ? (parsed as InsightsAuthEvent[]) : [];
        const head: EventPageHead = {
          rows: items.length,
          lastTime: items.length > 0 ? eventTime(items[items.length - 1]) : NaN,
          ...pageHeaders(headers),
        };
        // Full as the page loop tells it (`walkSearchAfter`): more pages follow.
        const full = head.limit !== undefined && (head.resultCount ?? head.rows) >= head.limit;
        const thread = full && !finished ? await startThread() : undefined;
        if (!thread || finished) return { ...head, items };
        worker = thread.organization(orgId, onRows);
        return worker.adopt(
          bytes.map((chunk) => chunk.buffer as ArrayBuffer),
          head,
        );
      },
    });
    return response.body as HerePage | WorkerPage;
  };

  return {
    reader: {
      counted(total, limit) {
        // More than a page: the first page will be full. Start the worker while it travels.
        if (total > limit && !finished) void startThread();
      },
      read(send, body) {
        if (worker) return worker.reader.read(send, body);
        if (firstRead) return here.read(send, body);
        firstRead = true;
        return readFirst(send, body);
      },
      hand(page, list, end) {
        if ('items' in page) return here.hand(page, list, end);
        return worker!.reader.hand(page, list, end);
      },
    },
    get inWorker() {
      return worker !== undefined;
    },
    finish: async (keep) => {
      finished = true;
      if (worker) return worker.finish(keep);
      return keep ? fold : undefined;
    },
  };
}
