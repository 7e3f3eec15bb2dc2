import { RECORDING_API_KEY, RECORDING_SIMULATORS } from './config';

/**
 * When recording (`RECORD=1`), start the simulators the recordings are made against on
 * their fixed ports. Replay needs no server, so nothing starts in CI.
 */
export default async function globalSetup(): Promise<void> {
  if (!process.env.RECORD) return;
  // Loaded only when recording, so replay does not depend on the simulator at all.
  const { startSimulator } = require('../simulator') as {
    startSimulator(options: object): Promise<{ stop(): Promise<void> }>;
  };
  const running = await Promise.all(
    Object.values(RECORDING_SIMULATORS).map((options) =>
      startSimulator({ ...options, apiKey: RECORDING_API_KEY, quiet: true }),
    ),
  );
  (globalThis as { __RECORDING_SIMULATORS__?: unknown }).__RECORDING_SIMULATORS__ = running;
}
