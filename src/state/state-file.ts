/**
 * state-file
 */
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ErrorCode, fail, ok, type Result } from '../errors.js';

/**
 * Reads a state file: its parsed JSON, null when there is no file yet, or why it cannot be used.
 *
 * @category State
 */
export function readStateFile(path: string): Result<unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ok(null);
    return fail(ErrorCode.BAD_USER_INPUT, `cannot read state file ${path}: ${(error as Error).message}`);
  }
  try {
    return ok(JSON.parse(text));
  } catch (error) {
    return fail(ErrorCode.BAD_USER_INPUT, `state file ${path} is not valid JSON (${(error as Error).message}); it may be corrupt or not a sentera-mock state file`);
  }
}

/**
 * Writes a state file atomically: the data goes to a temporary file in the same directory, is flushed to disk, and
 * replaces the file by rename. A process killed at any moment leaves either the old or the new file, never a mix.
 *
 * @category State
 */
export function writeStateFileSync(path: string, document: unknown): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const descriptor = openSync(temporary, 'w');
  try {
    writeSync(descriptor, `${JSON.stringify(document, null, 1)}\n`);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
  renameSync(temporary, path);
  try {
    const directory = openSync(dirname(path), 'r');
    try {
      fsyncSync(directory);
    } finally {
      closeSync(directory);
    }
  } catch {
    // Some file systems cannot fsync a directory; the rename itself is still atomic.
  }
}

/**
 * Removes temporary files a killed writer of `path` left behind.
 */
export function removeStaleTemporaries(path: string): void {
  const prefix = `.${basename(path)}.`;
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return;
  }
  for (const name of names) {
    if (name.startsWith(prefix) && name.endsWith('.tmp')) {
      try {
        unlinkSync(join(dirname(path), name));
      } catch {
        // Another process may have renamed or removed it meanwhile.
      }
    }
  }
}
