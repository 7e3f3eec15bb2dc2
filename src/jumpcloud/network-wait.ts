/**
 * Whether the run is waiting on the network: some request is on the wire (written to its
 * socket) and its answer is not complete. Work that must happen anyway but that no request
 * waits for (compiling the data model's schemas) runs in such moments
 * (../steps/shared/schema-warmup.ts), so that it is hidden behind the network instead of
 * sitting between an answer and the next request.
 */
export class NetworkWait {
  private onTheWire = 0;
  private toWrite = 0;
  private answered = 0;
  private listeners: Array<() => void> = [];

  /**
   * Requests made and not yet written to their socket (its connection opening): work that
   * would hold the thread now would hold them back, not overlap with their wait.
   */
  get writing(): number {
    return this.toWrite;
  }

  /** A request was made: it is written once its socket is connected. */
  started(): void {
    this.toWrite += 1;
  }

  /** A request made was never written (it failed first). */
  abandoned(): void {
    this.toWrite -= 1;
  }

  /** Requests written to their socket whose answers are not complete. */
  get awaiting(): number {
    return this.onTheWire;
  }

  /** Answers (or failures) so far: a change tells that one arrived and its reader runs. */
  get answers(): number {
    return this.answered;
  }

  /** A request was written to its socket. */
  sent(): void {
    this.toWrite -= 1;
    this.onTheWire += 1;
    const listeners = this.listeners;
    this.listeners = [];
    for (const listener of listeners) listener();
  }

  /** A request that was sent is over: answered, failed or timed out. */
  settled(): void {
    this.onTheWire -= 1;
    this.answered += 1;
  }

  /** Calls `listener` once, when the next request is written to its socket. */
  onNextSend(listener: () => void): void {
    this.listeners.push(listener);
  }
}
