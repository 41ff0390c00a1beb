/**
 * attach-state-persistence
 */
import { dirname, resolve } from 'node:path';
import { ErrorCode, fail, ok, type Result } from '../errors.js';
import type { StateRegistry } from './create-state-registry.js';
import {
  lockStateFile,
  readStateFile,
  removeStaleTemporaries,
  resolveStatePath,
  writeStateFileSync,
} from './state-file.js';

/**
 * A mock's state kept in a file.
 *
 * @category State
 */
export interface StatePersistence {
  /** The file written (a symbolic link given as the path is resolved to its target). */
  readonly path: string;
  /** Whether the file existed and was restored at start. */
  readonly restored: boolean;
  /** Writes pending changes now. */
  flush(): void;
  /** Writes pending changes and stops watching the state. */
  close(): void;
}

/** Options of {@link attachStatePersistence}. */
export interface StatePersistenceOptions {
  /** The state to restore and save: a mock's `mock.state`. */
  state: StateRegistry;
  /** The state file; created on the first change when it does not exist. */
  path: string;
}

/**
 * Restores a mock from its state file (when there is one) and saves every later change to it, atomically, before the
 * change is acknowledged: transports await `state.durable()`, and all the changes of one turn of the event loop
 * share one write (group commit). The file is locked for this process (a second server on it is refused), written
 * through a symbolic link to its target, and created 0600. A file that is corrupt, foreign, of another version or of
 * another seed is refused (and left untouched) with a message saying why.
 *
 * @category State
 */
export function attachStatePersistence(options: StatePersistenceOptions): Result<StatePersistence> {
  const { state, path: given } = options;
  const resolved = resolveStatePath(given);
  if (!resolved.ok) return resolved;
  const path = resolved.value;
  const lock = lockStateFile(path);
  if (!lock.ok) return lock;
  const refuse = (message: string) => {
    lock.value();
    return fail<StatePersistence>(ErrorCode.BAD_USER_INPUT, `${message}; refusing to start rather than overwrite it`);
  };
  const read = readStateFile(path);
  if (!read.ok) return refuse(read.problem.message);
  const restored = read.value !== null;
  if (restored) {
    const applied = state.restore(read.value);
    if (!applied.ok) return refuse(`state file ${given} cannot be restored: ${applied.problem.message}`);
  }
  try {
    removeStaleTemporaries(path);
    if (!restored) writeStateFileSync(path, state.snapshot());
  } catch (error) {
    lock.value();
    const code = (error as NodeJS.ErrnoException).code;
    const hint =
      code === 'ENOENT'
        ? `its directory ${dirname(resolve(path))} does not exist; create it first`
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : (error as Error).message;
    return fail(ErrorCode.BAD_USER_INPUT, `cannot write the state file ${path}: ${hint}`);
  }
  let pending: NodeJS.Immediate | undefined;
  let waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }> = [];
  const flush = () => {
    if (pending) clearImmediate(pending);
    pending = undefined;
    const waiting = waiters;
    waiters = [];
    try {
      writeStateFileSync(path, state.snapshot());
    } catch (error) {
      for (const waiter of waiting) waiter.reject(error);
      return;
    }
    for (const waiter of waiting) waiter.resolve();
  };
  const stop = state.onChange(() => {
    pending ??= setImmediate(flush);
  });
  const stopDurability = state.setDurability(() =>
    pending ? new Promise<void>((resolve, reject) => waiters.push({ resolve, reject })) : undefined,
  );
  return ok({
    path,
    restored,
    flush: () => {
      if (pending) flush();
    },
    close() {
      stop();
      stopDurability();
      if (pending) flush();
      lock.value();
    },
  });
}
