/**
 * journal-file
 */
import {
  closeSync,
  fdatasync,
  fdatasyncSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fsyncDirectory } from './state-file.js';
import { formatJournalLine, JOURNAL_FORMAT, JOURNAL_VERSION } from './journal-record.js';

/**
 * An open state journal, appended to by one process.
 *
 * @category State
 */
export interface JournalFile {
  readonly path: string;
  /** Its size in bytes. */
  readonly size: number;
  /**
   * Appends text (whole lines) in one write; durable only after a sync. When the write fails, the file is cut back to
   * its size before, so a partial line never precedes later ones, and the error is thrown.
   */
  append(text: string): void;
  /** Makes everything appended so far durable without blocking; `done` is called with the outcome. */
  sync(done: (error: Error | null) => void): void;
  /** Makes everything appended so far durable before returning. */
  syncNow(): void;
  /** Closes the file once no sync is in flight. */
  close(): void;
}

/**
 * Starts a new journal at `path`, atomically: a file holding only the header (whose `base` is the SHA-256 of the
 * snapshot file it continues) is written, flushed to disk, and renamed over any previous journal. The file is
 * readable by its owner only (0600), as the state file.
 *
 * @category State
 */
export function createJournalFile(path: string, base: string): JournalFile {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const descriptor = openSync(temporary, 'w', 0o600);
  const header = formatJournalLine({ format: JOURNAL_FORMAT, version: JOURNAL_VERSION, base });
  let size = 0;
  try {
    size = writeSync(descriptor, header);
    fsyncSync(descriptor);
    renameSync(temporary, path);
  } catch (error) {
    closeSync(descriptor);
    throw error;
  }
  fsyncDirectory(dirname(path));
  let syncing = 0;
  let closing = false;
  let closed = false;
  const closeWhenIdle = () => {
    if (closing && syncing === 0 && !closed) {
      closed = true;
      closeSync(descriptor);
    }
  };
  return {
    path,
    get size() {
      return size;
    },
    append(text) {
      const bytes = Buffer.from(text);
      try {
        let written = 0;
        while (written < bytes.length)
          written += writeSync(descriptor, bytes, written, bytes.length - written, size + written);
      } catch (error) {
        try {
          ftruncateSync(descriptor, size);
        } catch {
          // The next start ignores a cut-short last line.
        }
        throw error;
      }
      size += bytes.length;
    },
    sync(done) {
      syncing++;
      fdatasync(descriptor, (error) => {
        syncing--;
        closeWhenIdle();
        done(error);
      });
    },
    syncNow: () => fdatasyncSync(descriptor),
    close() {
      closing = true;
      closeWhenIdle();
    },
  };
}
