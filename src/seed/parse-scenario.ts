/**
 * parse-scenario
 */
import type { GraphQLSchema } from 'graphql';
import { TRIGGERING_TYPE_CODE } from '../events/event-type-info.js';
import {
  at,
  createSchemaChecks,
  expectId,
  expectList,
  expectRecord,
  expectString,
  expectUrlOrMockUrl,
  problem,
} from '../fixtures/fixture-checks.js';
import { parseFixtureFile } from '../fixtures/load-fixtures.js';
import { formatSenteraId, parseSenteraId, TypeCode } from '../ids/sentera-id.js';
import { sha256 } from '../runtime/sha256.js';
import { sharedSchema } from '../schema/load-schema.js';
import type { WebhookEventType } from '../store/types.js';
import type { Scenario, ScenarioEvent, ScenarioSubscription } from './scenario-types.js';

/**
 * Parses and validates a scenario file's text.
 *
 * @throws ConfigurationError naming the file, the path inside it and what was expected.
 * @category Seeding
 */
export function parseScenario(text: string, file: string, schema: GraphQLSchema = sharedSchema()): Scenario {
  const checks = createSchemaChecks(schema);
  const content = parseFixtureFile(text, file);
  const root = expectRecord(content, { file, path: '(top level)' }, 'a scenario', [
    'scenario',
    'description',
    'subscriptions',
    'events',
  ]);
  const name = expectString(root['scenario'], { file, path: 'scenario' });
  const description =
    root['description'] === undefined ? null : expectString(root['description'], { file, path: 'description' });

  const subscriptions: ScenarioSubscription[] = expectList(
    root['subscriptions'] ?? [],
    { file, path: 'subscriptions' },
    'subscriptions',
  ).map((entry, index) => {
    const item = at({ file, path: 'subscriptions' }, index);
    const record = expectRecord(entry, item, 'a mapping with organization_sentera_id, callback_url and event_types', [
      'organization_sentera_id',
      'callback_url',
      'event_types',
      'authentication',
    ]);
    const types = expectList(record['event_types'], at(item, 'event_types'), 'WebhookEventType values');
    if (types.length === 0) throw problem(at(item, 'event_types'), 'expected at least one event type');
    let authentication: ScenarioSubscription['authentication'] = null;
    if (record['authentication'] !== undefined) {
      const where = at(item, 'authentication');
      const auth = expectRecord(record['authentication'], where, 'client_id, client_secret, token_url and scope', [
        'client_id',
        'client_secret',
        'token_url',
        'scope',
      ]);
      authentication = {
        client_id: expectString(auth['client_id'], at(where, 'client_id')),
        client_secret: expectString(auth['client_secret'], at(where, 'client_secret')),
        token_url: expectUrlOrMockUrl(auth['token_url'], at(where, 'token_url')),
        scope: auth['scope'] === undefined ? null : expectString(auth['scope'], at(where, 'scope')),
      };
    }
    return {
      organization_sentera_id: expectId(
        record['organization_sentera_id'],
        at(item, 'organization_sentera_id'),
        TypeCode.ORGANIZATION,
        'an organization id',
      ),
      callback_url: expectUrlOrMockUrl(record['callback_url'], at(item, 'callback_url')),
      event_types: types.map(
        (type, typeIndex) =>
          checks.expectEnum(type, at(at(item, 'event_types'), typeIndex), 'WebhookEventType') as WebhookEventType,
      ),
      authentication,
    };
  });

  const keys = new Set<string>();
  const events: ScenarioEvent[] = expectList(root['events'] ?? [], { file, path: 'events' }, 'events').map(
    (entry, index) => {
      const item = at({ file, path: 'events' }, index);
      const record = expectRecord(entry, item, 'a mapping with key, organization_sentera_id and type', [
        'key',
        'organization_sentera_id',
        'type',
        'triggering_object_id',
        'payload',
      ]);
      const key = expectString(record['key'], at(item, 'key'));
      if (keys.has(key)) throw problem(at(item, 'key'), `duplicate event key "${key}"`);
      keys.add(key);
      const organization = expectId(
        record['organization_sentera_id'],
        at(item, 'organization_sentera_id'),
        TypeCode.ORGANIZATION,
        'an organization id',
      );
      const type = checks.expectEnum(record['type'], at(item, 'type'), 'WebhookEventType') as WebhookEventType;
      const triggering =
        record['triggering_object_id'] === undefined
          ? derivedObjectId(name, key, type, organization)
          : expectId(
              record['triggering_object_id'],
              at(item, 'triggering_object_id'),
              TRIGGERING_TYPE_CODE[type],
              `the object of a ${type} event`,
            );
      return {
        key,
        organization_sentera_id: organization,
        type,
        triggering_object_id: triggering,
        payload: checks.expectPayload(record['payload'], at(item, 'payload'), type),
      };
    },
  );
  return { name, description, subscriptions, events };
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
