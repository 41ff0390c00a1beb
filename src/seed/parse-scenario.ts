/**
 * parse-scenario
 */
import type { GraphQLSchema } from 'graphql';
import { ConfigurationError } from '../errors.js';
import { TRIGGERING_TYPE_CODE } from '../events/event-type-info.js';
import { parseFixtureFile } from '../fixtures/load-fixtures.js';
import { formatSenteraId, parseSenteraId } from '../ids/sentera-id.js';
import { sha256 } from '../runtime/sha256.js';
import { sharedSchema } from '../schema/load-schema.js';
import type { WebhookEventType } from '../store/types.js';
import { checkDocument } from '../validate/check-document.js';
import { scenarioSchema } from './scenario-schema.js';
import type { Scenario, ScenarioEvent, ScenarioSubscription } from './scenario-types.js';

/**
 * Parses and validates a scenario file's text.
 *
 * @throws ConfigurationError naming the file, the path inside it and what was expected.
 * @category Seeding
 */
export function parseScenario(text: string, file: string, schema: GraphQLSchema = sharedSchema()): Scenario {
  const root = checkDocument(scenarioSchema(schema), parseFixtureFile(text, file), { file, path: '' });
  const name = root.scenario;
  const subscriptions = (root.subscriptions ?? []).map((subscription): ScenarioSubscription => ({
    organization_sentera_id: subscription.organization_sentera_id,
    callback_url: subscription.callback_url,
    event_types: subscription.event_types as WebhookEventType[],
    authentication: subscription.authentication
      ? { ...subscription.authentication, scope: subscription.authentication.scope ?? null }
      : null,
  }));
  const keys = new Set<string>();
  const events = (root.events ?? []).map((event, index): ScenarioEvent => {
    if (keys.has(event.key))
      throw new ConfigurationError(`duplicate event key "${event.key}"`, `${file}: events[${index}].key`);
    keys.add(event.key);
    return {
      key: event.key,
      organization_sentera_id: event.organization_sentera_id,
      type: event.type,
      triggering_object_id:
        event.triggering_object_id ?? derivedObjectId(name, event.key, event.type, event.organization_sentera_id),
      payload: event.payload ?? {},
    };
  });

  return { name, description: root.description ?? null, subscriptions, events };
}

/** The triggering object id of a scenario event without one: a pure function of scenario, key, type and organization. */
function derivedObjectId(scenario: string, key: string, type: WebhookEventType, organization: string): string {
  const digest = sha256(`${scenario}\u0000${key}`);
  const parsed = parseSenteraId(organization);
  return formatSenteraId({
    nonce: (digest.readBigUInt64BE(0) % 36n ** 7n).toString(36).padStart(7, '0'),
    typeCode: TRIGGERING_TYPE_CODE[type],
    token: parsed.ok ? parsed.value.token : '',
    system: 'CV',
    env: parsed.ok ? parsed.value.env : 'deve',
    build: digest.subarray(8, 13).toString('hex').slice(0, 9),
    date: '220101',
    time: '000000',
  });
}
