/**
 * create-state-registry
 *
 * The mock's state as one plain-data document, assembled from parts (store, ids, and whatever else registers), so it
 * can be saved, restored, exported and imported. Restoring is all-or-nothing: every part is checked before any is
 * applied.
 */
import * as v from 'valibot';
import { ErrorCode, fail, ok, type Result } from '../errors.js';
import { readInput } from '../validate/check-document.js';
import { anObject, missingFieldMessage, notAList } from '../validate/schema-parts.js';

/** The `format` of every state document. */
export const STATE_FORMAT = 'sentera-mock-state';
/** The version of the document layout this code writes and reads. */
export const STATE_VERSION = 1;

/**
 * A saved state of a mock.
 *
 * @category State
 */
export interface StateDocument {
  readonly format: typeof STATE_FORMAT;
  readonly version: typeof STATE_VERSION;
  /** The seed of the mock that saved it; restoring into another seed is refused. */
  readonly seed: string;
  readonly saved_at: string;
  /** One entry per part, by key. */
  readonly parts: Readonly<Record<string, unknown>>;
}

/**
 * What replaces a secret in a state shown to users.
 *
 * @category State
 */
export const REDACTED = '[redacted]';

/**
 * Options of a snapshot.
 *
 * @category State
 */
export interface SnapshotOptions {
  /** Replace secrets by {@link REDACTED} (exports shown to users); the state file keeps them. @default false */
  readonly redactSecrets?: boolean;
}

/**
 * One component's share of the state.
 *
 * @category State
 */
export interface StatePart {
  /** A stable key in the document, e.g. `store`. */
  readonly key: string;
  /**
   * The component's state as JSON-ready data. With `redactSecrets`, secrets (OAuth client secrets) are replaced by
   * {@link REDACTED}; `parse` must then take them back from the current state.
   */
  snapshot(options?: SnapshotOptions): unknown;
  /**
   * Checks `data` (from a file or a client: anything) without changing anything, and returns the function that
   * applies it. `at` is the path of `data` in the document, for error messages. `data` is undefined when the
   * document has no entry for this part: the part then returns to its initial state.
   */
  parse(data: unknown, at: string): Result<() => void>;
  /**
   * Checks one change this part announced with {@link StateRegistry.notifyChange} (`change`, read back from a
   * journal) without changing anything, and returns the function that applies it on top of the current state.
   * Applying a change must set values, not add to them: replaying a change the state already holds changes nothing.
   * Parts that never announce changes with data do not need it.
   */
  parseChange?(data: unknown, at: string): Result<() => void>;
}

/**
 * What changed in a state: one part, with or without the change itself.
 *
 * @category State
 */
export interface StateChange {
  /** The key of the part that changed. */
  readonly part: string;
  /**
   * The change as JSON-ready data, which the part's {@link StatePart.parseChange} reads back; without it, a journal
   * saves the part's whole snapshot.
   */
  readonly change?: unknown;
}

/**
 * The registry of state parts of one mock.
 *
 * @category State
 */
export interface StateRegistry {
  register(part: StatePart): void;
  /** The whole state now (secrets redacted when asked). */
  snapshot(options?: SnapshotOptions): StateDocument;
  /** Replaces the whole state with `document`, or changes nothing and says why. */
  restore(document: unknown): Result<void>;
  /**
   * Parts call this after each change of their state: with the part (and, when the part can replay it, the change
   * itself), or with nothing when any part may have changed (a reset, an import).
   */
  notifyChange(change?: StateChange): void;
  /** Calls `listener` after each change (undefined: any part may have changed); returns a function that stops it. */
  onChange(listener: (change: StateChange | undefined) => void): () => void;
  /** The keys of the registered parts, in order. */
  readonly keys: readonly string[];
  /** One part's snapshot (secrets kept). Throws for an unknown key (a bug). */
  snapshotPart(key: string): unknown;
  /**
   * Replaces one part's state with `data` (one of its snapshots), or changes nothing and says why. Calls no change
   * listener: it replays what was saved.
   */
  restorePart(key: string, data: unknown, at: string): Result<void>;
  /**
   * Applies one change a part announced (see {@link StatePart.parseChange}), or changes nothing and says why. Calls
   * no change listener: it replays what was saved.
   */
  replayChange(key: string, change: unknown, at: string): Result<void>;
  /**
   * Resolves once every change made so far is durable (written to the state file, when there is one); undefined when
   * nothing is waiting to be written. Transports await it before acknowledging a request.
   */
  durable(): Promise<void> | undefined;
  /** Persistence installs how {@link StateRegistry.durable} waits; returns a function that removes it. */
  setDurability(wait: () => Promise<void> | undefined): () => void;
}

/** Options of {@link createStateRegistry}. */
export interface StateRegistryOptions {
  seed: string;
  /** Stamps `saved_at`. */
  now: () => Date;
}

/**
 * Creates an empty registry.
 *
 * @category State
 */
export function createStateRegistry(options: StateRegistryOptions): StateRegistry {
  const { seed, now } = options;
  const parts = new Map<string, StatePart>();
  const listeners = new Set<(change: StateChange | undefined) => void>();
  let durability: (() => Promise<void> | undefined) | undefined;
  const invalid = (message: string) => fail<void>(ErrorCode.BAD_USER_INPUT, message);
  const stateDocument = stateDocumentSchema(seed, parts);
  const partOf = (key: string) => {
    const part = parts.get(key);
    if (!part) throw new Error(`[sentera-mock] no state part "${key}"`);
    return part;
  };

  return {
    register(part) {
      if (parts.has(part.key)) throw new Error(`[sentera-mock] state part "${part.key}" is registered twice`);
      parts.set(part.key, part);
    },
    snapshot: (options = {}) => ({
      format: STATE_FORMAT,
      version: STATE_VERSION,
      seed,
      saved_at: now().toISOString(),
      parts: Object.fromEntries([...parts.values()].map((part) => [part.key, part.snapshot(options)])),
    }),
    restore(document) {
      const checked = readInput(stateDocument, document);
      if (!checked.ok) return checked;
      const { parts: data } = checked.value;
      const appliers: Array<() => void> = [];
      for (const part of parts.values()) {
        const parsed = part.parse(data[part.key], `parts.${part.key}`);
        if (!parsed.ok) return parsed;
        appliers.push(parsed.value);
      }
      for (const apply of appliers) apply();
      for (const listener of listeners) listener(undefined);
      return ok(undefined);
    },
    notifyChange(change) {
      if (change && !parts.has(change.part))
        throw new Error(`[sentera-mock] a change of the unknown state part "${change.part}"`);
      for (const listener of listeners) listener(change);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get keys() {
      return [...parts.keys()];
    },
    snapshotPart: (key) => partOf(key).snapshot(),
    restorePart(key, data, at) {
      const parsed = partOf(key).parse(data, at);
      if (!parsed.ok) return parsed;
      parsed.value();
      return ok(undefined);
    },
    replayChange(key, change, at) {
      const part = partOf(key);
      if (!part.parseChange) return invalid(`${at}: state part "${key}" has no changes to replay, only snapshots`);
      const parsed = part.parseChange(change, at);
      if (!parsed.ok) return parsed;
      parsed.value();
      return ok(undefined);
    },
    durable: () => durability?.(),
    setDurability(wait) {
      if (durability) throw new Error('[sentera-mock] the state already has a persistence attached');
      durability = wait;
      return () => {
        if (durability === wait) durability = undefined;
      };
    },
  };
}

const NOT_A_STATE = 'not a sentera-mock state: expected a JSON object';

/**
 * The top level of a state document of a mock with this seed and these parts, checked in this order: a JSON object,
 * its `format`, `version` and `seed`, `parts` an object with no key but the registered ones (each part checks its
 * own entry). Other top-level fields are ignored.
 */
function stateDocumentSchema(seed: string, parts: ReadonlyMap<string, StatePart>) {
  const notAnObject = '"parts" must be an object';
  const unknownParts = (data: Record<string, unknown>) => Object.keys(data).filter((key) => !parts.has(key));
  const entries = {
    format: v.literal(
      STATE_FORMAT,
      (issue) => `not a sentera-mock state: "format" is ${JSON.stringify(issue.input)}, expected "${STATE_FORMAT}"`,
    ),
    version: v.literal(
      STATE_VERSION,
      (issue) =>
        `state version ${JSON.stringify(issue.input)} is not supported; this sentera-mock reads version ${STATE_VERSION}`,
    ),
    seed: v.literal(
      seed,
      (issue) =>
        `the state was saved with seed ${JSON.stringify(issue.input)}, this mock has seed ${JSON.stringify(seed)}; start with that seed or use another state file`,
    ),
    parts: v.pipe(
      anObject(notAnObject),
      v.check(
        (data) => unknownParts(data).length === 0,
        (issue) =>
          `unknown state parts ${unknownParts(issue.input)
            .map((key) => `"${key}"`)
            .join(', ')}; expected ${[...parts.keys()].join(', ')}`,
      ),
    ),
  };
  return notAList(
    NOT_A_STATE,
    v.looseObject(entries, (issue) => missingFieldMessage(entries, issue) ?? NOT_A_STATE),
  );
}
