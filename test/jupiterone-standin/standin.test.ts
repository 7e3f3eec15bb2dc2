import {
  abortSynchronization,
  createApiClient,
  createIntegrationLogger,
  finalizeSynchronization,
  initiateSynchronization,
  synchronizationStatus,
  uploadGraphObjectData,
} from '@jupiterone/integration-sdk-runtime';

import { RunningStandIn, startJupiterOneStandIn } from '.';

/**
 * The stand-in speaks what the SDK's own client sends: these drive it with the SDK's
 * synchronization functions and its axios client, not with this project's code.
 */
let standIn: RunningStandIn;
afterEach(async () => standIn?.stop());

function sdkClient(apiKey = standIn.apiKey) {
  return createApiClient({
    apiBaseUrl: standIn.url,
    account: standIn.account,
    accessToken: apiKey,
    retryOptions: { attempts: 0 },
  });
}

const logger = () => {
  process.env.LOG_LEVEL = 'fatal';
  return createIntegrationLogger({ name: 'standin-test', pretty: false });
};

const entity = (n: number) => ({ _key: `k${n}`, _type: 't_thing', _class: ['Resource'] });

test('a job through the SDK: start, upload in batches, finalize with partial datasets', async () => {
  standIn = await startJupiterOneStandIn();
  const context = await initiateSynchronization({
    logger: logger(),
    apiClient: sdkClient(),
    source: 'integration-external',
    integrationInstanceId: '7ad16b51-e4d6-4e74-afbd-2fac6185f398',
  });
  expect(context.job.status).toBe('AWAITING_UPLOADS');
  expect(context.job.integrationJobId).toBe(context.job.id);

  const entities = Array.from({ length: 7 }, (_, n) => entity(n));
  const relationships = [
    {
      _key: 'r1',
      _type: 't_thing_has_thing',
      _class: 'HAS',
      _fromEntityKey: 'k0',
      _toEntityKey: 'k1',
    },
  ];
  await uploadGraphObjectData(context, { entities, relationships }, 3);
  const finalized = await finalizeSynchronization({
    ...context,
    partialDatasets: { types: ['t_other'] },
  });

  expect(finalized.status).toBe('FINALIZE_PENDING');
  expect(finalized.numEntitiesUploaded).toBe(7);
  expect(finalized.numRelationshipsUploaded).toBe(1);
  const [job] = standIn.jobs;
  expect(job.entities.map((e) => e._key)).toEqual(expect.arrayContaining(['k0', 'k6']));
  expect(job.partialDatasets).toEqual({ types: ['t_other'] });
  // 7 entities in batches of 3, then the relationship: four upload requests.
  const uploads = standIn.requests.filter((r) => /\/(entities|relationships)$/.test(r.path));
  expect(uploads.map((r) => r.objects).sort()).toEqual([1, 1, 3, 3]);
  expect((await synchronizationStatus(context)).status).toBe('FINALIZE_PENDING');
});

test('abort, and an upload after it is refused with the code the SDK reads', async () => {
  standIn = await startJupiterOneStandIn();
  const context = await initiateSynchronization({
    logger: logger(),
    apiClient: sdkClient(),
    source: 'api',
    scope: 'stand-in-test',
  });
  expect((await abortSynchronization({ ...context, reason: 'because' })).status).toBe('ABORTED');
  expect(standIn.jobs[0].abortReason).toBe('because');
  await expect(
    sdkClient().post(`/persister/synchronization/jobs/${context.job.id}/entities`, {
      entities: [entity(1)],
    }),
  ).rejects.toMatchObject({
    response: { status: 400, data: { error: { code: 'JOB_NOT_AWAITING_UPLOADS' } } },
  });
});

test('a wrong key or account is answered 401; source api needs a scope', async () => {
  standIn = await startJupiterOneStandIn();
  await expect(
    sdkClient('wrong').post('/persister/synchronization/jobs', { source: 'api', scope: 's' }),
  ).rejects.toMatchObject({ response: { status: 401 } });
  await expect(
    sdkClient().post('/persister/synchronization/jobs', { source: 'api' }),
  ).rejects.toMatchObject({ response: { status: 400 } });
  expect(standIn.jobs).toHaveLength(0);
});
