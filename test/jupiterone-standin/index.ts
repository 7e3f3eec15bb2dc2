/**
 * A local stand-in for JupiterOne's synchronization API, for tests only (`npm run sync` never
 * needs it). It answers what the SDK's client sends (integration-sdk-runtime 8.41.0,
 * `dist/src/synchronization/index.js`, `events.js`, `api/index.js`) and records it:
 *
 *   POST /persister/synchronization/jobs                {source, integrationInstanceId | scope}
 *   GET  /persister/synchronization/jobs/{id}
 *   POST /persister/synchronization/jobs/{id}/entities       {entities: [...]}
 *   POST /persister/synchronization/jobs/{id}/relationships  {relationships: [...]}
 *   POST /persister/synchronization/jobs/{id}/events         {events: [{name, description}]}
 *   POST /persister/synchronization/jobs/{id}/finalize       {partialDatasets: {types}}
 *   POST /persister/synchronization/jobs/{id}/abort          {reason}
 *
 * Every request carries `Authorization: Bearer <key>` and `LifeOmic-Account: <account>`; a
 * wrong pair is answered 401. Job fields and statuses are the SDK's `SynchronizationJob`
 * (integration-sdk-core `types/synchronization.d.ts`). What JupiterOne's documentation says and
 * the stand-in follows (https://docs.jupiterone.io/api/sync-jobs/api-reference and
 * .../integrations/development/custom-instance): `source` is `api` with a `scope`, or
 * `integration-external` with an `integrationInstanceId`; a job that is never finalized stays
 * in AWAITING_UPLOADS and never reaches the graph. Error codes `JOB_NOT_AWAITING_UPLOADS` and
 * `ENTITY_IS_NOT_ARRAY` are the ones the SDK's client reads; their HTTP status (400) and the
 * 401 body are the stand-in's choice, the SDK reads only the code.
 *
 * `faults` answer the first `times` matching requests with a status instead (5xx to test
 * retries, 401 for a key revoked mid-run); `revokeKey()` refuses the key from then on.
 */
import { randomUUID } from 'crypto';
import http from 'http';
import { AddressInfo } from 'net';

import { Entity, Relationship } from '@jupiterone/integration-sdk-core';

export interface StandInFault {
  /** Matched against `METHOD /path`, e.g. /^POST .*\/entities$/. */
  request: RegExp;
  status: number;
  /** How many matching requests get the fault (default every one). */
  times?: number;
}

export interface StandInOptions {
  apiKey?: string;
  account?: string;
  faults?: StandInFault[];
}

export interface StandInRequest {
  method: string;
  path: string;
  status: number;
  /** `JupiterOne-Correlation-Id`: one per upload batch, the same on its retries. */
  correlationId?: string;
  /** Objects in an upload body (also when the request was refused). */
  objects?: number;
  /** The `_type`s of those objects, sorted. */
  types?: string[];
}

export interface StandInJob {
  id: string;
  source: string;
  scope?: string;
  integrationInstanceId?: string;
  integrationJobId?: string;
  status: string;
  startTimestamp: number;
  /** Every object of every accepted upload, in order (duplicates kept). */
  entities: Entity[];
  relationships: Relationship[];
  events: Array<{ name: string; description: string }>;
  partialDatasets?: { types: string[] };
  abortReason?: string;
}

export interface RunningStandIn {
  url: string;
  apiKey: string;
  account: string;
  jobs: StandInJob[];
  requests: StandInRequest[];
  /** From now on the key is refused (401), as after a revocation. */
  revokeKey(): void;
  stop(): Promise<void>;
}

const JOBS = '/persister/synchronization/jobs';

function publicJob(job: StandInJob) {
  return {
    id: job.id,
    source: job.source,
    scope: job.scope,
    integrationInstanceId: job.integrationInstanceId,
    integrationJobId: job.integrationJobId,
    status: job.status,
    startTimestamp: job.startTimestamp,
    numEntitiesUploaded: job.entities.length,
    numEntitiesCreated: 0,
    numEntitiesUpdated: 0,
    numEntitiesDeleted: 0,
    numRelationshipsUploaded: job.relationships.length,
    numRelationshipsCreated: 0,
    numRelationshipsUpdated: 0,
    numRelationshipsDeleted: 0,
  };
}

export async function startJupiterOneStandIn(
  options: StandInOptions = {},
): Promise<RunningStandIn> {
  const apiKey = options.apiKey ?? 'j1-standin-key-0123456789';
  const account = options.account ?? 'j1-standin-account';
  const faults = (options.faults ?? []).map((fault) => ({
    ...fault,
    left: fault.times ?? Infinity,
  }));
  const jobs: StandInJob[] = [];
  const requests: StandInRequest[] = [];
  let revoked = false;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const method = req.method ?? 'GET';
      const path = (req.url ?? '/').split('?')[0];
      const correlation = req.headers['jupiterone-correlation-id'];
      const record: StandInRequest = {
        method,
        path,
        status: 0,
        correlationId: typeof correlation === 'string' ? correlation : undefined,
      };
      requests.push(record);
      const send = (status: number, body: unknown) => {
        record.status = status;
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const error = (status: number, code: string, message: string) =>
        send(status, { error: { code, message } });

      if (
        revoked ||
        req.headers.authorization !== `Bearer ${apiKey}` ||
        req.headers['lifeomic-account'] !== account
      ) {
        return error(401, 'UNAUTHORIZED', 'Unauthorized');
      }
      let body: Record<string, unknown> = {};
      try {
        body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
      } catch {
        return error(400, 'BAD_REQUEST', 'body is not JSON');
      }
      const uploaded = body.entities ?? body.relationships;
      if (Array.isArray(uploaded)) {
        record.objects = uploaded.length;
        record.types = [...new Set(uploaded.map((o: { _type: string }) => o._type))].sort();
      }
      const fault = faults.find((f) => f.left > 0 && f.request.test(`${method} ${path}`));
      if (fault) {
        fault.left -= 1;
        if (fault.status === 401) revoked = true;
        return error(fault.status, 'STAND_IN_FAULT', `fault injected: ${fault.status}`);
      }

      if (method === 'POST' && path === JOBS) {
        const source = body.source;
        if (source === 'api' ? typeof body.scope !== 'string' : !body.integrationInstanceId) {
          return error(
            400,
            'BAD_REQUEST',
            'integrationInstanceId or source api with scope required',
          );
        }
        if (!['api', 'integration-managed', 'integration-external'].includes(String(source))) {
          return error(400, 'BAD_REQUEST', `unknown source ${String(source)}`);
        }
        const id = randomUUID();
        const job: StandInJob = {
          id,
          source: String(source),
          scope: source === 'api' ? String(body.scope) : undefined,
          integrationInstanceId: source === 'api' ? undefined : String(body.integrationInstanceId),
          // "When no value is provided, the API will create a new integration job and
          // synchronization job, both with the same ID" (the SDK's buildJobConfiguration).
          integrationJobId: source === 'api' ? undefined : String(body.integrationJobId ?? id),
          status: 'AWAITING_UPLOADS',
          startTimestamp: Date.now(),
          entities: [],
          relationships: [],
          events: [],
        };
        jobs.push(job);
        return send(200, { job: publicJob(job) });
      }

      const match = /^\/persister\/synchronization\/jobs\/([^/]+)(?:\/([a-z]+))?$/.exec(path);
      const job = match && jobs.find((j) => j.id === match[1]);
      if (!match || !job) return error(404, 'NOT_FOUND', `no route or job for ${method} ${path}`);
      const action = match[2];
      if (method === 'GET' && !action) return send(200, { job: publicJob(job) });
      if (method !== 'POST') return error(404, 'NOT_FOUND', `${method} ${path}`);

      if (action === 'entities' || action === 'relationships') {
        if (job.status !== 'AWAITING_UPLOADS') {
          return error(400, 'JOB_NOT_AWAITING_UPLOADS', `job ${job.id} is ${job.status}`);
        }
        const objects = body[action];
        if (!Array.isArray(objects)) {
          const code = action === 'entities' ? 'ENTITY_IS_NOT_ARRAY' : 'RELATIONSHIP_IS_NOT_ARRAY';
          return error(400, code, `"${action}" should be an array`);
        }
        if (action === 'entities') job.entities.push(...(objects as Entity[]));
        else job.relationships.push(...(objects as Relationship[]));
        return send(200, { job: publicJob(job) });
      }
      if (action === 'events') {
        job.events.push(...((body.events as StandInJob['events']) ?? []));
        return send(200, {});
      }
      if (action === 'finalize') {
        if (job.status !== 'AWAITING_UPLOADS') {
          return error(400, 'JOB_NOT_AWAITING_UPLOADS', `job ${job.id} is ${job.status}`);
        }
        job.partialDatasets = (body.partialDatasets as StandInJob['partialDatasets']) ?? {
          types: [],
        };
        job.status = 'FINALIZE_PENDING';
        return send(200, { job: publicJob(job) });
      }
      if (action === 'abort') {
        job.abortReason = String(body.reason ?? '');
        job.status = 'ABORTED';
        return send(200, { job: publicJob(job) });
      }
      return error(404, 'NOT_FOUND', `${method} ${path}`);
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    account,
    jobs,
    requests,
    revokeKey: () => {
      revoked = true;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections?.();
        server.close((closeError) => (closeError ? reject(closeError) : resolve()));
      }),
  };
}
