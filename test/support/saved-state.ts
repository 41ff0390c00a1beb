import type { MockOptions, SenteraMock } from '../../src/mock/create-mock.js';
import { restoreSavedState } from '../../src/state/restore-saved-state.js';
import { DOCUMENTED_ORGANIZATION } from './documented-example.js';
import { createTestMock } from './test-mock.js';

/**
 * A new test mock holding what a state file and its journal hold on disk now, as a restart would find them (no lock
 * taken, nothing written): throws when they cannot be restored.
 */
export function savedState(path: string, overrides: MockOptions = {}): SenteraMock {
  const mock = createTestMock(overrides);
  const saved = restoreSavedState({ state: mock.state, path });
  if (!saved.ok) throw new Error(saved.problem.message);
  return mock;
}

/** The ids of the documented organization's subscriptions saved on disk, oldest first. */
export const savedIds = (path: string): string[] =>
  savedState(path)
    .store.allWebhookSubscriptions()
    .filter((subscription) => subscription.organization_sentera_id === DOCUMENTED_ORGANIZATION)
    .map((subscription) => subscription.sentera_id);
