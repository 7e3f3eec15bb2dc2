/**
 * The messages between the activity step (./fold-thread.ts) and its fold worker
 * (./fold-worker.ts). Every request carries an `id`; the worker answers each with that `id`.
 */
import type { IncompleteListReason } from '../../jumpcloud/paginate';
import type { ActivityFoldData } from './fold';

export type ToWorker =
  /**
   * A page's body bytes, in the pieces the socket gave them, in order (their ArrayBuffers
   * transferred): parse it and keep its rows.
   */
  | { kind: 'parse'; id: number; session: number; bytes: ArrayBuffer[] }
  /**
   * Check the rows of page `page` (the `id` of its parse) as rows of list `list`, at
   * `count` rows and `pages` pages read in that list, and fold those before `end`.
   */
  | {
      kind: 'fold';
      id: number;
      session: number;
      orgId: string;
      page: number;
      list: number;
      count: number;
      pages: number;
      total?: number;
      end?: number;
    }
  /** The organization's events are read (`keep`: answer with the fold) or failed: forget them. */
  | { kind: 'end'; id: number; session: number; keep: boolean };

export type FromWorker =
  | { id: number; kind: 'parsed'; rows: number; lastTime: number }
  | { id: number; kind: 'not-json'; message: string }
  | { id: number; kind: 'folded'; count: number; kept: number }
  | {
      id: number;
      kind: 'failed';
      message: string;
      incomplete?: { reason: IncompleteListReason; count: number; total?: number };
    }
  | { id: number; kind: 'ended'; fold?: ActivityFoldData };
