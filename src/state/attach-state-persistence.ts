/**
 * attach-state-persistence
 */
import { dirname, resolve } from 'node:path';
import { ErrorCode, fail, ok, type Result } from '../errors.js';
import type { SenteraMock } from '../mock/create-mock.js';
import { readStateFile, removeStaleTemporaries, writeStateFileSync } from './state-file.js';

/**
 * A mock's state kept in a file.
 *
 * @category State
 */
export interface StatePersistence {
  /** The file. */
  readonly path: string;
  /** Whether the file existed and was restored at start. */
  readonly restored: boolean;
  /** Writes pending changes now. */
  flush(): void;
  /** Writes pending changes and stops watching the mock. */
  close(): void;
}

/** Options of {@link attachStatePersistence}. */
export interface StatePersistenceOptions {
  mock: SenteraMock;
  /** The state file; created on the first change when it does not exist. */
  path: string;
}

/**
 * Restores a mock from its state file (when there is one) and saves every later change to it, atomically, coalescing
 * bursts of changes into one write. A file that is corrupt, foreign, of another version or of another seed is refused
 * (and left untouched) with a message saying why.
 *
 * @category State
 */
export function attachStatePersistence(options: StatePersistenceOptions): Result<StatePersistence> {
  const { mock, path } = options;
  const read = readStateFile(path);
  if (!read.ok) return fail(read.problem.code, `${read.problem.message}; refusing to start rather than overwrite it`);
  const restored = read.value !== null;
  if (restored) {
    const applied = mock.state.restore(read.value);
    if (!applied.ok) return fail(ErrorCode.BAD_USER_INPUT, `state file ${path} cannot be restored: ${applied.problem.message}; refusing to start rather than overwrite it`);
  }
  try {
    removeStaleTemporaries(path);
    if (!restored) writeStateFileSync(path, mock.state.snapshot());
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const hint = code === 'ENOENT' ? `its directory ${dirname(resolve(path))} does not exist; create it first` : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (error as Error).message;
    return fail(ErrorCode.BAD_USER_INPUT, `cannot write the state file ${path}: ${hint}`);
  }
  let pending: NodeJS.Immediate | undefined;
  const flush = () => {
    if (pending) clearImmediate(pending);
    pending = undefined;
    writeStateFileSync(path, mock.state.snapshot());
  };
  const stop = mock.state.onChange(() => {
    pending ??= setImmediate(flush);
  });
  return ok({
    path,
    restored,
    flush: () => {
      if (pending) flush();
    },
    close() {
      stop();
      if (pending) flush();
    },
  });
}
