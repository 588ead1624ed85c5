import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';

export interface LogOutputOptions {
  /** Lines are handed on once this many characters are waiting. */
  blockChars?: number;
  /** And at least this often, so that a quiet server's lines are not held back. */
  everyMs?: number;
  /** Bytes the writer may hold when the reader falls behind; past it, blocks are dropped. */
  maxHeldBytes?: number;
}

/**
 * Where `serve` writes its log lines (one per request): an open file descriptor, in blocks.
 * Lines wait in an array and go to pino's writer (sonic-boom, which handles partial writes,
 * EAGAIN on a pipe and ordering) as one string per block. Handing sonic-boom each line costs more
 * than formatting it: each write measures the UTF-8 length of the whole string it is adding to,
 * and one system call per few lines wakes a thread-pool thread. Fed in blocks, the server spends
 * about 10 µs less per request (docs/performance.md, decision 063).
 *
 * What a crash loses is what waited: at most `everyMs` of lines. `serve` waits for `close()` when
 * it stops, and calls `flushSync()` at exit, when nothing can be waited for.
 */
export class LogOutput {
  private lines: string[] = [];
  private chars = 0;
  private readonly blockChars: number;
  private readonly writer: ReturnType<typeof pino.destination>;
  private readonly timer: NodeJS.Timeout;
  /** Bytes handed to the writer, and bytes it has written or dropped. */
  private handedBytes = 0;
  private writtenBytes = 0;

  constructor(fd: number, options: LogOutputOptions = {}) {
    this.blockChars = options.blockChars ?? 8192;
    this.writer = pino.destination({
      dest: fd,
      sync: false,
      // Blocks are already large: sonic-boom writes each as soon as the previous write is done.
      minLength: 0,
      maxLength: options.maxHeldBytes ?? 16 * 2 ** 20,
    });
    this.timer = setInterval(() => this.flush(), options.everyMs ?? 1000).unref();
    this.writer.on('write', (bytes: number) => (this.writtenBytes += bytes));
    this.writer.on('drop', (block: string) => (this.writtenBytes += Buffer.byteLength(block)));
  }

  write(line: string): void {
    this.lines.push(line);
    this.chars += line.length;
    if (this.chars >= this.blockChars) this.flush();
  }

  /**
   * Hands the waiting lines to the writer, which writes them without blocking; `done`, if given
   * (pino's `logger.flush(cb)`), is called once they are written.
   */
  flush(done?: () => void): void {
    if (this.lines.length > 0) {
      const block = this.lines.length === 1 ? this.lines[0]! : this.lines.join('');
      this.lines = [];
      this.chars = 0;
      this.handedBytes += Buffer.byteLength(block);
      this.writer.write(block);
    }
    if (done) void this.written(2000).then(done);
  }

  /**
   * Stops the timer, hands on the waiting lines and waits until they are written, or `waitMs` at
   * most: a reader that has stopped reading must not keep the server from stopping.
   */
  async close(waitMs = 2000): Promise<void> {
    clearInterval(this.timer);
    this.flush();
    await this.written(waitMs);
  }

  /**
   * Writes every line now, synchronously: for the process's `exit` event, when nothing can be
   * waited for. A block the writer is still writing in the background may then land after the
   * lines written here.
   */
  flushSync(): void {
    this.flush();
    this.writer.flushSync();
  }

  /** Resolves once every block handed on is written or dropped, or after `waitMs`. */
  private async written(waitMs: number): Promise<void> {
    const deadline = Date.now() + waitMs;
    while (this.writtenBytes < this.handedBytes && Date.now() < deadline) {
      const ac = new AbortController();
      await Promise.race([
        once(this.writer, 'drain', { signal: ac.signal }),
        once(this.writer, 'error', { signal: ac.signal }),
        sleep(Math.max(0, deadline - Date.now()), undefined, { signal: ac.signal }),
      ]).catch(() => {});
      ac.abort();
    }
  }
}
