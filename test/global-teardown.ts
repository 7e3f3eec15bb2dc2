export default async function globalTeardown(): Promise<void> {
  const running = (globalThis as { __RECORDING_SIMULATORS__?: Array<{ stop(): Promise<void> }> })
    .__RECORDING_SIMULATORS__;
  await Promise.all((running ?? []).map((simulator) => simulator.stop()));
}
