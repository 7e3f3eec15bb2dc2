import {
  Recording,
  setupRecording as setupSdkRecording,
  SetupRecordingInput,
} from '@jupiterone/integration-sdk-testing';

/** `RECORD=1 npm test` re-records against the simulator; anything else replays only. */
export const isRecording = Boolean(process.env.RECORD);

import { resetClient } from '../src/jumpcloud';

export { Recording };

/**
 * Polly recording that redacts the API key and never reaches the network in replay: a
 * missing recording fails the test instead of making a real request.
 */
export function setupJumpCloudRecording(
  input: Omit<SetupRecordingInput, 'mutateEntry'> & {
    /**
     * The account step's `GET /api/organizations/{id}` (issue 25) is recorded only by the
     * account step's own tests; for every other step it is answered 404 (the account is
     * then written without its security settings), so their recordings stay as they were.
     */
    recordsOrganizationSettings?: boolean;
    /**
     * Apple MDM is read by `read-apple-mdm`, which the devices step depends on, so every
     * step test after the devices would request it: only the tests that record it (the Apple
     * MDM step's, the devices posture test's) do; for the others it is answered 404 (no MDM:
     * the read step never fails), so their recordings stay as they were.
     */
    recordsAppleMdm?: boolean;
  },
): Recording {
  const { recordsOrganizationSettings, recordsAppleMdm, ...sdkInput } = input;
  if (!isRecording) {
    // A recording holds one answer per request: in replay a retry can only meet Polly's
    // "recording not found", so fail at once instead of after the backoff. (Jest gives every
    // test file its own copy of process.env.)
    process.env.JUMPCLOUD_RETRY_MAX_ATTEMPTS ??= '1';
  }
  const recording = setupSdkRecording({
    ...sdkInput,
    redactedRequestHeaders: ['x-api-key', ...(input.redactedRequestHeaders ?? [])],
    options: {
      // A multi-tenant key asks the same URL of every organization, and the organizations'
      // lists go out together, so the order they leave in is not fixed: such a recording
      // tells them apart by organization (x-org-id), not by their order.
      ...(/multi-tenant/.test(input.name)
        ? {
            matchRequestsBy: {
              headers: (headers: Record<string, string | string[]>) => ({
                'x-org-id': headers['x-org-id'] ?? '',
              }),
            },
          }
        : {}),
      mode: isRecording ? 'record' : 'replay',
      recordIfMissing: isRecording,
      recordFailedRequests: true,
      ...input.options,
    },
  });
  // Step tests run the activity step as a dependency: its requests carry the time of the run
  // and are not recorded. They are answered 404 (Directory Insights not there: a warning, no
  // activity); the activity has whole-run tests of its own (test/activity.test.ts).
  recording.server
    .any()
    .filter(
      (request) =>
        request.pathname.startsWith('/insights/') ||
        (!recordsAppleMdm && request.pathname.startsWith('/api/v2/applemdms')) ||
        (!recordsOrganizationSettings && /^\/api\/organizations\/[^/]+$/.test(request.pathname)),
    )
    .intercept((_request, response) => {
      response.status(404).json({ message: 'Not Found' });
    });
  return recording;
}

/**
 * For the tests of one step (call it inside `describe`): each test starts with a fresh client,
 * and the recording it replays, if it started one, is stopped after it. Returns the function
 * a test calls to start its recording.
 */
export function recordingPerTest(
  directory: string,
  options: { recordsAppleMdm?: boolean } = {},
): (name: string) => Recording {
  let recording: Recording | undefined;
  beforeEach(() => resetClient());
  afterEach(async () => {
    await recording?.stop();
    recording = undefined;
  });
  return (name) => (recording = setupJumpCloudRecording({ directory, name, ...options }));
}
