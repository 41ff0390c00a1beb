/**
 * state-file
 */
import {
  closeSync,
  fsyncSync,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { ErrorCode, fail, ok, type Result } from '../errors.js';

/** Symbolic links followed at most when resolving a state path (as the kernel's ELOOP limit). */
const MAX_LINKS = 40;

/**
 * The file a state path stands for: a symbolic link (even one whose target does not exist yet) is followed, so the
 * state is written through to its target instead of replacing the link.
 *
 * @category State
 */
export function resolveStatePath(path: string): Result<string> {
  let current = resolve(path);
  for (let links = 0; links <= MAX_LINKS; links++) {
    let stats;
    try {
      stats = lstatSync(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ok(current);
      return fail(ErrorCode.BAD_USER_INPUT, `cannot use state file ${path}: ${(error as Error).message}`);
    }
    if (stats.isSymbolicLink()) {
      current = resolve(dirname(current), readlinkSync(current));
      continue;
    }
    if (!stats.isFile())
      return fail(
        ErrorCode.BAD_USER_INPUT,
        `state file ${path}${current === resolve(path) ? '' : ` (${current})`} is not a regular file (a FIFO, socket, device or directory); give the path of a JSON file`,
      );
    return ok(current);
  }
  return fail(ErrorCode.BAD_USER_INPUT, `state file ${path} is a loop of symbolic links`);
}

/**
 * Reads a state file: its parsed JSON, null when there is no file yet, or why it cannot be used. Anything but a
 * regular file (e.g. a FIFO, which would block the read forever) is refused without being opened.
 *
 * @category State
 */
export function readStateFile(path: string): Result<unknown> {
  let text: string;
  try {
    if (!statSync(path).isFile())
      return fail(
        ErrorCode.BAD_USER_INPUT,
        `state file ${path} is not a regular file (a FIFO, socket, device or directory); give the path of a JSON file`,
      );
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ok(null);
    return fail(ErrorCode.BAD_USER_INPUT, `cannot read state file ${path}: ${(error as Error).message}`);
  }
  try {
    return ok(JSON.parse(text));
  } catch (error) {
    return fail(
      ErrorCode.BAD_USER_INPUT,
      `state file ${path} is not valid JSON (${(error as Error).message}); it may be corrupt or not a sentera-mock state file`,
    );
  }
}

/**
 * Writes a state file atomically: the data goes to a temporary file in the same directory, is flushed to disk, and
 * replaces the file by rename. A process killed at any moment leaves either the old or the new file, never a mix.
 * The file is readable by its owner only (0600): it holds OAuth client secrets. `path` must be resolved (see
 * {@link resolveStatePath}): a symbolic link there would be replaced.
 *
 * @returns the SHA-256 (hex) of the bytes written.
 *
 * @category State
 */
export function writeStateFileSync(path: string, document: unknown): string {
  const text = `${JSON.stringify(document, null, 1)}\n`;
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const descriptor = openSync(temporary, 'w', 0o600);
  try {
    writeSync(descriptor, text);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
  renameSync(temporary, path);
  fsyncDirectory(dirname(path));
  return digestOf(text);
}

/** The SHA-256 (hex) of a file's bytes, as {@link writeStateFileSync} returns it. */
export function digestOf(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Flushes a directory's entries (a rename in it) to disk, where the file system can. */
export function fsyncDirectory(directory: string): void {
  try {
    const descriptor = openSync(directory, 'r');
    try {
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
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

/** Paths this process holds the lock of. */
const heldLocks = new Set<string>();

/**
 * Takes the exclusive lock of a (resolved) state file: `<file>.lock`, created exclusively, holding the owner's pid. A
 * lock whose process is gone (killed) is taken over; a live one is refused with a message naming its pid.
 *
 * @returns a function that releases the lock.
 * @category State
 */
export function lockStateFile(path: string): Result<() => void> {
  const lockPath = `${path}.lock`;
  for (let tries = 0; tries < 3; tries++) {
    try {
      if (heldLocks.has(path)) throw Object.assign(new Error('held'), { code: 'EEXIST' });
      const descriptor = openSync(lockPath, 'wx', 0o600);
      try {
        writeSync(descriptor, `${process.pid}\n`);
      } finally {
        closeSync(descriptor);
      }
      heldLocks.add(path);
      return ok(() => {
        heldLocks.delete(path);
        try {
          if (readFileSync(lockPath, 'utf8').trim() === String(process.pid)) unlinkSync(lockPath);
        } catch {
          // Already gone.
        }
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT')
        return fail(
          ErrorCode.BAD_USER_INPUT,
          `cannot write the state file ${path}: its directory ${dirname(resolve(path))} does not exist; create it first`,
        );
      if (code !== 'EEXIST')
        return fail(
          ErrorCode.BAD_USER_INPUT,
          `cannot lock state file ${path} (${lockPath}): ${(error as Error).message}`,
        );
    }
    let owner: number;
    try {
      owner = Number(readFileSync(lockPath, 'utf8').trim());
    } catch {
      continue; // Released meanwhile: try again.
    }
    const inUse = (owner === process.pid && heldLocks.has(path)) || (owner !== process.pid && isAlive(owner));
    if (inUse)
      return fail(
        ErrorCode.BAD_USER_INPUT,
        `state file ${path} is in use by another sentera-mock (pid ${owner}, lock ${lockPath}); stop it or give another --state file`,
      );
    try {
      unlinkSync(lockPath); // Left by a process that was killed.
    } catch {
      // Another starter took it over first; the next try sees its lock.
    }
  }
  return fail(
    ErrorCode.BAD_USER_INPUT,
    `cannot lock state file ${path}: ${lockPath} keeps changing; is another sentera-mock starting on it?`,
  );
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
