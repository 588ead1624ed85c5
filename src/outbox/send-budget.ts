/**
 * Keeps a slow send from holding up the worker. The worker runs its jobs one after the other in
 * each tick, so an SMTP server that accepts connections and then hangs would otherwise keep the
 * process from applying accepted requests (R12: within 5 s) for as long as its timeouts. A send
 * that has not finished within the budget goes on in the background, and the job answers "no
 * more now" until it has finished; its outcome is recorded as usual by the send itself.
 */
export class SendBudget {
  private inFlight: Promise<void> | undefined;

  constructor(private readonly budgetMs: number) {}

  /** A send of this job is still running in the background. */
  get busy(): boolean {
    return this.inFlight !== undefined;
  }

  /**
   * Runs `send`; true when it finished within the budget (its error, if any, is thrown to the
   * worker, which logs it), false when it goes on in the background.
   */
  async run(send: () => Promise<void>): Promise<boolean> {
    const work = send();
    const tracked = work.then(
      () => undefined,
      () => undefined, // a late failure has nobody to tell; the lease makes the row due again
    );
    this.inFlight = tracked;
    void tracked.finally(() => {
      if (this.inFlight === tracked) this.inFlight = undefined;
    });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), this.budgetMs);
      timer.unref();
    });
    try {
      return await Promise.race([work.then(() => true as const), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Waits for a send left in the background (shutdown, drain); true when there was one. */
  async settle(): Promise<boolean> {
    const inFlight = this.inFlight;
    await inFlight;
    return inFlight !== undefined;
  }
}
