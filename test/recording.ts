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
  input: Omit<SetupRecordingInput, 'mutateEntry'>,
): Recording {
  if (!isRecording) {
    // A recording holds one answer per request: in replay a retry can only meet Polly's
    // "recording not found", so fail at once instead of after the backoff. (Jest gives every
    // test file its own copy of process.env.)
    process.env.JUMPCLOUD_RETRY_MAX_ATTEMPTS ??= '1';
  }
  return setupSdkRecording({
    ...input,
    redactedRequestHeaders: ['x-api-key', ...(input.redactedRequestHeaders ?? [])],
    options: {
      mode: isRecording ? 'record' : 'replay',
      recordIfMissing: isRecording,
      recordFailedRequests: true,
      ...input.options,
    },
  });
}

/**
 * For the tests of one step (call it inside `describe`): each test starts with a fresh client,
 * and the recording it replays, if it started one, is stopped after it. Returns the function
 * a test calls to start its recording.
 */
export function recordingPerTest(directory: string): (name: string) => Recording {
  let recording: Recording | undefined;
  beforeEach(() => resetClient());
  afterEach(async () => {
    await recording?.stop();
    recording = undefined;
  });
  return (name) => (recording = setupJumpCloudRecording({ directory, name }));
}
