import { isDatabaseUnavailable } from './database/database.js';

/** A unit of background work: does one item and says whether there was one. */
export interface Job {
  name: string;
  runOnce(): Promise<boolean>;
  /** Waits for work the job left running in the background; true when there was some. */
  settle?(): Promise<boolean>;
}

export interface WorkerLogger {
  error(details: object, message: string): void;
  warn(details: object, message: string): void;
  info(details: object, message: string): void;
}

/** Items one job may take in a row before the others get their turn. */
const BATCH = 100;

/**
 * The background loop inside each server process: applies accepted requests, expires old ones,
 * delivers the outbox. It holds no state another process needs — every job claims its item in
 * the database — so any number of processes may run it. `wake()` runs it now (after an accept),
 * otherwise it looks every `intervalMs`.
 */
export class Worker {
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<void> | undefined;
  private wakeRequested = false;
  /** When the database was found unavailable, while it stays so; undefined otherwise. */
  private unavailableSince: number | undefined;

  constructor(
    private readonly jobs: Job[],
    private readonly intervalMs: number,
    private readonly logger: WorkerLogger,
  ) {}

  add(job: Job): void {
    this.jobs.push(job);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  wake(): void {
    if (!this.running) return;
    if (this.current) {
      this.wakeRequested = true;
      return;
    }
    this.schedule(0);
  }

  /** Stops between items: the item in hand finishes, no new one starts. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.current;
  }

  /**
   * Runs every job until none has work left; for tests. Sends left in the background are waited
   * for, so that a loaded machine does not end a drain before their outcome is recorded;
   * `leaveSends` leaves them running (a test of a relay that hangs).
   */
  async drain(options: { leaveSends?: boolean } = {}): Promise<number> {
    let done = 0;
    for (let busy = true; busy;) {
      busy = false;
      for (const job of this.jobs) {
        while (await job.runOnce()) {
          done++;
          busy = true;
        }
      }
      if (busy || options.leaveSends) continue;
      for (const job of this.jobs) {
        if (await job.settle?.()) busy = true;
      }
    }
    return done;
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      let more = false;
      this.current = this.tick()
        .then((unfinished) => void (more = unfinished))
        .finally(() => {
          this.current = undefined;
          if (!this.running) return;
          const again = this.wakeRequested || more;
          this.wakeRequested = false;
          this.schedule(again ? 0 : this.intervalMs);
        });
    }, delay);
    this.timer.unref();
  }

  /**
   * One look: each job takes up to BATCH items in turn. True when a job used its whole turn and
   * may have more: the next look comes at once (after a turn of the event loop), so that a
   * batch of a thousand requests or their e-mails does not wait an interval per hundred.
   */
  private async tick(): Promise<boolean> {
    let unfinished = false;
    for (const job of this.jobs) {
      for (let i = 0; i < BATCH && this.running; i++) {
        try {
          const more = await job.runOnce();
          this.available();
          if (!more) break;
          if (i === BATCH - 1) unfinished = true;
        } catch (error) {
          if (isDatabaseUnavailable(error)) {
            // Busy (another process holds SQLite's write lock past the wait) or out of reach:
            // not this item's fault. Every job needs the database, so the tick ends here and
            // the next one tries again; one warning says so, not a stack per tick.
            this.unavailable(job.name, error);
            return false;
          }
          // A failing item must not stop the loop: it is retried next tick.
          this.logger.error({ job: job.name, err: error }, 'background job failed');
          break;
        }
      }
    }
    return unfinished;
  }

  private unavailable(job: string, error: unknown): void {
    if (this.unavailableSince !== undefined) return;
    this.unavailableSince = Date.now();
    const { code, message } = error as { code?: unknown; message?: unknown };
    this.logger.warn(
      { job, code, reason: typeof message === 'string' ? message : undefined },
      'database unavailable, background jobs will retry',
    );
  }

  private available(): void {
    if (this.unavailableSince === undefined) return;
    const downMs = Date.now() - this.unavailableSince;
    this.unavailableSince = undefined;
    this.logger.info({ downMs }, 'database available again, background jobs resumed');
  }
}
