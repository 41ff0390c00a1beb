/**
 * parse-store-snapshot
 */
import * as v from 'valibot';
import { ErrorCode, fail, ok, type Result } from '../errors.js';
import { parseSenteraId, TypeCode } from '../ids/sentera-id.js';
import { readDocument } from '../validate/check-document.js';
import { notAList, parsedBy } from '../validate/schema-parts.js';
import { checkEventTypes, checkUrl } from './check-input.js';
import type { StoreSnapshot } from './create-store.js';
import type { Organization, WebhookSubscription } from './types.js';

const idOf = (typeCode: string, message: string) =>
  parsedBy((value) => {
    const parsed = parseSenteraId(String(value));
    return parsed.ok && parsed.value.typeCode === typeCode
      ? { ok: true, value: { id: String(value), token: parsed.value.token } }
      : { ok: false, message };
  });

const organization = v.pipe(
  v.object(
    {
      sentera_id: idOf(TypeCode.ORGANIZATION, 'expected an organization id (type code OR)'),
      name: v.string('expected string name and email'),
      email: v.string('expected string name and email'),
    },
    'expected an object',
  ),
  v.transform(({ sentera_id, name, email }): Organization => ({
    sentera_id: sentera_id.id,
    name,
    email,
    parent_organization_id: null,
    token: sentera_id.token,
  })),
);

const NOT_AUTHENTICATION = 'expected null or {client_id, client_secret, scope, token_url}';

const subscription = v.object(
  {
    sentera_id: idOf(TypeCode.WEBHOOK_SUBSCRIPTION, 'expected a webhook subscription id (type code WS)'),
    organization_sentera_id: parsedBy((value) => ({ ok: true, value: String(value) })),
    callback_url: parsedBy((value) => {
      const url = checkUrl(value, 'callback_url');
      return url.ok ? url : { ok: false, message: url.problem.message };
    }),
    event_types: parsedBy((value) => {
      const types = Array.isArray(value)
        ? checkEventTypes(value)
        : fail<never>(ErrorCode.BAD_USER_INPUT, 'expected a list');
      return types.ok ? types : { ok: false, message: types.problem.message };
    }),
    created_at: parsedBy((value) => {
      const createdAt = new Date(String(value));
      return Number.isNaN(createdAt.getTime())
        ? { ok: false, message: 'expected an ISO 8601 date-time' }
        : { ok: true, value: createdAt };
    }),
    authentication: v.nullish(
      v.object(
        {
          client_id: v.string(NOT_AUTHENTICATION),
          client_secret: v.string(NOT_AUTHENTICATION),
          scope: v.nullish(v.string(NOT_AUTHENTICATION)),
          token_url: v.string(NOT_AUTHENTICATION),
        },
        NOT_AUTHENTICATION,
      ),
    ),
  },
  'expected an object',
);

const snapshot = notAList(
  'expected an object with organizations and subscriptions',
  v.object(
    {
      organizations: v.optional(v.array(organization, 'expected a list'), []),
      subscriptions: v.optional(v.array(subscription, 'expected a list'), []),
    },
    'expected an object with organizations and subscriptions',
  ),
);

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
  if (data === undefined) return ok({ organizations: [], subscriptions: [] });
  const read = readDocument(snapshot, data, at);
  if (!read.ok) return read;
  const { organizations } = read.value;
  const organizationIds = new Set(knownOrganizations);
  for (const { sentera_id } of organizations) organizationIds.add(sentera_id);
  const subscriptions: WebhookSubscription[] = [];
  const seen = new Set<string>();
  for (const [index, raw] of read.value.subscriptions.entries()) {
    const path = `${at}.subscriptions[${index}]`;
    const id = raw.sentera_id.id;
    if (seen.has(id)) return fail(ErrorCode.BAD_USER_INPUT, `${path}.sentera_id: duplicate subscription ${id}`);
    seen.add(id);
    if (!organizationIds.has(raw.organization_sentera_id))
      return fail(
        ErrorCode.BAD_USER_INPUT,
        `${path}.organization_sentera_id: unknown organization ${JSON.stringify(raw.organization_sentera_id)}`,
      );
    subscriptions.push({
      sentera_id: id,
      organization_sentera_id: raw.organization_sentera_id,
      callback_url: raw.callback_url,
      event_types: raw.event_types,
      authentication: raw.authentication ? { ...raw.authentication, scope: raw.authentication.scope ?? null } : null,
      created_at: raw.created_at,
    });
  }
  return ok({ organizations, subscriptions });
}
