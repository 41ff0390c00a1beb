/**
 * parse-store-snapshot
 */
import { ErrorCode, fail, ok, type Result } from '../errors.js';
import { parseSenteraId, TypeCode } from '../ids/sentera-id.js';
import { checkEventTypes, checkUrl } from './check-input.js';
import type { StoreSnapshot } from './create-store.js';
import type { Organization, WebhookAuthentication, WebhookSubscription } from './types.js';

/**
 * Checks data claiming to be a {@link StoreSnapshot} (e.g. read from a state file), converting dates; every problem
 * names its path under `at`.
 *
 * @param knownOrganizations the fixtures' organization ids, which subscriptions may belong to.
 */
export function parseStoreSnapshot(
  data: unknown,
  at: string,
  knownOrganizations: ReadonlySet<string>,
): Result<StoreSnapshot> {
  const problem = (path: string, message: string) =>
    fail<StoreSnapshot>(ErrorCode.BAD_USER_INPUT, `${path}: ${message}`);
  if (data === undefined) return ok({ organizations: [], subscriptions: [] });
  if (!isRecord(data)) return problem(at, 'expected an object with organizations and subscriptions');
  const { organizations: rawOrganizations = [], subscriptions: rawSubscriptions = [] } = data;
  if (!Array.isArray(rawOrganizations)) return problem(`${at}.organizations`, 'expected a list');
  if (!Array.isArray(rawSubscriptions)) return problem(`${at}.subscriptions`, 'expected a list');

  const organizations: Organization[] = [];
  const organizationIds = new Set(knownOrganizations);
  for (const [index, raw] of rawOrganizations.entries()) {
    const path = `${at}.organizations[${index}]`;
    if (!isRecord(raw)) return problem(path, 'expected an object');
    const id = parseSenteraId(String(raw['sentera_id']));
    if (!id.ok || id.value.typeCode !== TypeCode.ORGANIZATION)
      return problem(`${path}.sentera_id`, 'expected an organization id (type code OR)');
    if (typeof raw['name'] !== 'string' || typeof raw['email'] !== 'string')
      return problem(path, 'expected string name and email');
    organizations.push({
      sentera_id: String(raw['sentera_id']),
      name: raw['name'],
      email: raw['email'],
      parent_organization_id: null,
      token: id.value.token,
    });
    organizationIds.add(String(raw['sentera_id']));
  }

  const subscriptions: WebhookSubscription[] = [];
  const seen = new Set<string>();
  for (const [index, raw] of rawSubscriptions.entries()) {
    const path = `${at}.subscriptions[${index}]`;
    if (!isRecord(raw)) return problem(path, 'expected an object');
    const id = String(raw['sentera_id']);
    const parsedId = parseSenteraId(id);
    if (!parsedId.ok || parsedId.value.typeCode !== TypeCode.WEBHOOK_SUBSCRIPTION)
      return problem(`${path}.sentera_id`, 'expected a webhook subscription id (type code WS)');
    if (seen.has(id)) return problem(`${path}.sentera_id`, `duplicate subscription ${id}`);
    seen.add(id);
    const organization = String(raw['organization_sentera_id']);
    if (!organizationIds.has(organization))
      return problem(`${path}.organization_sentera_id`, `unknown organization ${JSON.stringify(organization)}`);
    const url = checkUrl(raw['callback_url'], 'callback_url');
    if (!url.ok) return problem(`${path}.callback_url`, url.problem.message);
    const types = Array.isArray(raw['event_types'])
      ? checkEventTypes(raw['event_types'])
      : fail<never>(ErrorCode.BAD_USER_INPUT, 'expected a list');
    if (!types.ok) return problem(`${path}.event_types`, types.problem.message);
    const createdAt = new Date(String(raw['created_at']));
    if (Number.isNaN(createdAt.getTime())) return problem(`${path}.created_at`, 'expected an ISO 8601 date-time');
    const authentication = parseAuthentication(raw['authentication']);
    if (authentication === undefined)
      return problem(`${path}.authentication`, 'expected null or {client_id, client_secret, scope, token_url}');
    subscriptions.push({
      sentera_id: id,
      organization_sentera_id: organization,
      callback_url: url.value,
      event_types: types.value,
      authentication,
      created_at: createdAt,
    });
  }
  return ok({ organizations, subscriptions });
}

function parseAuthentication(raw: unknown): WebhookAuthentication | null | undefined {
  if (raw === null || raw === undefined) return null;
  if (!isRecord(raw)) return undefined;
  const { client_id, client_secret, scope = null, token_url } = raw;
  if (
    typeof client_id !== 'string' ||
    typeof client_secret !== 'string' ||
    typeof token_url !== 'string' ||
    (scope !== null && typeof scope !== 'string')
  )
    return undefined;
  return { client_id, client_secret, scope, token_url };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
