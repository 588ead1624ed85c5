import { closeSync, openSync, readSync } from 'node:fs';
import { endianness } from 'node:os';

/*
 * SQLite's WAL-index header (https://www.sqlite.org/walformat.html#walidxfmt). The `-shm` file of
 * a database in WAL mode starts with two copies of a 48-byte header that every commit, in any
 * process, rewrites: its change counter, its last valid frame, its salts and checksums. A new
 * reader takes its snapshot from this header, so a header that has not changed means no
 * transaction has committed. The writer writes the second copy, then the first: a read that finds
 * both copies equal has read one whole header, not half of an update.
 */
const HEADER_BYTES = 48;
/** `iVersion`, the first field: the WAL-index format SQLite has written since 3.7.0. */
const WAL_INDEX_VERSION = 3_007_000;
/** `isInit`: 1 once a connection has built the WAL-index. */
const IS_INIT_OFFSET = 12;

/** What a look at the header found. */
export type WalState =
  /** The same whole header as at the previous look: nothing committed in between. */
  | 'same'
  /** A whole header, different or seen for the first time: it is the one the next look compares with. */
  | 'new'
  /** No usable header (no -shm file, a format this code does not know, a write in progress). */
  | 'unknown';

/**
 * Tells whether a SQLite database in WAL mode has changed since the previous look, with one
 * 96-byte read of its `-shm` file instead of a read transaction (two file-lock calls and a
 * statement). Anything it does not recognise answers `unknown`, and the caller reads the database.
 */
export class WalChangeStamp {
  /** The open `-shm` file; null once it could not be opened. */
  private fd: number | null | undefined;
  private readonly read = Buffer.alloc(2 * HEADER_BYTES);
  private readonly last = Buffer.alloc(HEADER_BYTES);
  private known = false;

  constructor(private readonly shmPath: string) {}

  look(): WalState {
    if (this.fd === null) return 'unknown';
    let bytes: number;
    try {
      this.fd ??= openSync(this.shmPath, 'r');
      bytes = readSync(this.fd, this.read, 0, this.read.length, 0);
    } catch {
      this.close();
      this.fd = null;
      return 'unknown';
    }
    const version = endianness() === 'LE' ? this.read.readUInt32LE(0) : this.read.readUInt32BE(0);
    const whole =
      bytes === this.read.length &&
      version === WAL_INDEX_VERSION &&
      this.read[IS_INIT_OFFSET] === 1 &&
      this.read.compare(this.read, HEADER_BYTES, 2 * HEADER_BYTES, 0, HEADER_BYTES) === 0;
    if (!whole) {
      this.known = false;
      return 'unknown';
    }
    if (this.known && this.read.compare(this.last, 0, HEADER_BYTES, 0, HEADER_BYTES) === 0) {
      return 'same';
    }
    this.read.copy(this.last, 0, 0, HEADER_BYTES);
    this.known = true;
    return 'new';
  }

  close(): void {
    if (typeof this.fd === 'number') closeSync(this.fd);
    this.fd = undefined;
    this.known = false;
  }
}
