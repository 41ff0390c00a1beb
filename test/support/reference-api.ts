/**
 * A second implementation of Sentera's webhook-subscription API, written from schema.graphql and the documentation
 * without any of sentera-mock's code, so that the contract kit can be shown to pass on an implementation it was not
 * built alongside. Each fault option breaks exactly one thing, for the broken-implementation tests.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { makeExecutableSchema } from '@graphql-tools/schema';
import {
  buildSchema,
  execute,
  GraphQLError,
  GraphQLScalarType,
  Kind,
  OperationTypeNode,
  type ExecutionArgs,
  type GraphQLSchema,
} from 'graphql';
import { createHandler } from 'graphql-http';
import { afterFile } from './after-file.js';

const SDL = readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8');

export const REFERENCE_ORGANIZATION = '6aeagny_OR_w3njAcmeGrand_CV_deve_ef64a0fce_220112_111024';
/** The reference's second organization (Acme Grandchild's parent). */
export const OTHER_ORGANIZATION = 'k2m9p4x_OR_ecg4Acme_CV_deve_ef64a0fce_220112_110958';
const USER = 'vkuk9ja_US_7yqcJohnDow_CV_deve_f844446_200204_170541';
const EVENT_TYPES = ['FEATURE_SET_CREATED', 'SURVEY_CREATED', 'TASK_MODIFIED'] as const;
const STATUSES = ['SUCCESS', 'FAILED', 'PENDING'] as const;
const PAYLOAD_TYPES: Record<string, string> = {
  FEATURE_SET_CREATED: 'FeatureSetCreatedPayload',
  SURVEY_CREATED: 'SurveyCreatedPayload',
  TASK_MODIFIED: 'TaskModifiedPayload',
};

/** An HTTP response as the fault hooks see it. */
interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One thing to break (each option breaks one behaviour; none given: a correct implementation). */
export interface ReferenceFaults {
  /** Pages always hold 10 events, whatever page_size asks. */
  ignorePageSize?: boolean;
  /** Every page is the first. */
  ignorePage?: boolean;
  ignoreEventTypeFilter?: boolean;
  ignoreStatusFilter?: boolean;
  ignoreDateRange?: boolean;
  /** Url accepts any string. */
  acceptAnyUrl?: boolean;
  acceptEmptyEventTypes?: boolean;
  /** update_webhook_subscription without callback_url and event_types returns the subscription unchanged. */
  acceptEmptyUpdate?: boolean;
  /** update_webhook_subscription adds the new event types to the old ones. */
  mergeEventTypesOnUpdate?: boolean;
  /** delete_webhook_subscriptions deletes but returns an empty list. */
  deleteReturnsNothing?: boolean;
  /** delete_webhook_subscriptions refuses everything. */
  deleteRefusesEverything?: boolean;
  /** Webhook subscription ids in another format. */
  plainSubscriptionIds?: boolean;
  /** Introspection answers from this SDL instead of schema.graphql. */
  introspectionSdl?: (sdl: string) => string;
  /** Introspection queries are refused (400, as Apollo Server does). */
  disableIntrospection?: boolean;
  /** Rewrites every HTTP response to a GraphQL request. */
  respond?: (response: HttpResponse, operationName: string | undefined) => HttpResponse;

  // Behaviour that the shape of an answer does not show.
  /** update_webhook_subscription answers with the new values but keeps the old ones. */
  updateDoesNotStick?: boolean;
  /** delete_webhook_subscriptions answers with the subscriptions but keeps them. */
  deleteDoesNotDelete?: boolean;
  /** delete_webhook_subscriptions removes every subscription of the organization. */
  deleteRemovesWholeOrganization?: boolean;
  /** update_webhook_subscription accepts an empty event_types list. */
  acceptEmptyEventTypesOnUpdate?: boolean;
  /** create_webhook_subscription accepts any organization id. */
  createInAnyOrganization?: boolean;
  /** update_webhook_subscription of an unknown id answers with a made-up subscription. */
  updateUnknownAnswers?: boolean;
  /** delete_webhook_subscriptions takes any number of ids and skips the unknown ones. */
  acceptManyDeletes?: boolean;
  /** delete_webhook_subscriptions ignores which organization the ids belong to. */
  deleteAcrossOrganizations?: boolean;
  /** update_webhook_subscription applies an empty event_types list, then refuses it. */
  refuseAfterApplying?: boolean;
  /** Pages echo page - 1. */
  echoPageWrong?: boolean;
  /** present is false on pages with results and true on empty ones. */
  presentInverted?: boolean;
  /** present means "more pages follow". */
  presentMeansMorePages?: boolean;
  /** organizations' total_count is one too many. */
  organizationsTotalOffByOne?: boolean;
  /** Even pages are cut from the list rotated by one (a sort key that is not unique, say). */
  unstableOrder?: boolean;
  /** date_range bounds are exclusive. */
  exclusiveDateRange?: boolean;
  /** The status filter is dropped when event_type is also given. */
  statusIgnoredWithEventType?: boolean;
  /** These id fields are UUIDs. */
  uuidIds?: 'subscriptions' | 'events' | 'triggering-objects' | 'payload-users' | 'parent-organizations';
  /** Every response has one more top-level key. */
  extraTopLevelKey?: boolean;

  // Legitimate variations.
  /** Rewrites the SDL served (executed and introspected); the resolvers follow the options below. */
  sdl?: (sdl: string) => string;
  /** The names of DateRange's fields. @default ['start_date', 'end_date'] */
  dateRangeFields?: readonly [string, string];
  /** The WebhookEventStatus values, for SUCCESS, FAILED and PENDING. */
  statusNames?: Readonly<Record<string, string>>;
  /** The largest page_size accepted. @default 1000 */
  pageSizeCap?: number;
  /** The environment segment of minted ids. @default 'deve' */
  idEnvironment?: string;
  /** Events newest last instead of newest first (the same order on every page). */
  oldestFirst?: boolean;
  /** The extensions code of bad-input errors. @default 'BAD_USER_INPUT' */
  errorCode?: string;
  /** Every request after the first `after` gets HTTP 429 with this Retry-After once in `every` requests. */
  rateLimit?: { readonly every: number; readonly retryAfter: string };
}

interface Subscription {
  sentera_id: string;
  organization_sentera_id: string;
  callback_url: string;
  event_types: string[];
}

interface Event {
  sentera_id: string;
  created_at: string;
  type: string;
  status: string;
  attempts: number;
  triggering_object_id: string;
  payload: { created_by_id: string; sentera_id: string; updated_by_id: string | null };
}

/** What the server saw, for assertions. */
export interface ReferenceApi {
  readonly url: string;
  /** Live subscriptions (fixture ones excluded). */
  readonly subscriptions: ReadonlyMap<string, Subscription>;
  /** Every GraphQL request received: operation name, whether it is a mutation, the authorization header. */
  readonly requests: ReadonlyArray<{
    operationName: string | undefined;
    mutation: boolean;
    authorization: string | undefined;
  }>;
  close(): Promise<void>;
}

function token(organization: string): string {
  return organization.split('_')[2] as string;
}

function stamp(at: Date): string {
  const iso = at.toISOString();
  return `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}_${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
}

function eventsOf(organization: string, faults: ReferenceFaults): Event[] {
  const environment = faults.idEnvironment ?? 'deve';
  const events: Event[] = [];
  for (let index = 0; index < 14; index++) {
    const at = new Date(Date.UTC(2022, 0, 31, 12 - index, 7 * index, 0));
    const type = EVENT_TYPES[index % 3] as string;
    const triggering =
      faults.uuidIds === 'triggering-objects'
        ? randomUUID()
        : `${(1000 + index).toString(36).padStart(7, '0')}_${type === 'TASK_MODIFIED' ? 'TA' : type === 'SURVEY_CREATED' ? 'CO' : 'FS'}_${token(organization)}_CV_${environment}_0a1b2c3d4_${stamp(at)}`;
    const status = STATUSES[Math.floor(index / 2) % 3] as string;
    const user = faults.uuidIds === 'payload-users' ? randomUUID() : USER;
    events.push({
      sentera_id:
        faults.uuidIds === 'events'
          ? randomUUID()
          : `${(2000 + index).toString(36).padStart(7, '0')}_WE_${token(organization)}_CV_${environment}_0a1b2c3d4_${stamp(at)}`,
      created_at: at.toISOString().replace('.000Z', 'Z'),
      type,
      status: faults.statusNames?.[status] ?? status,
      attempts: (index % 4) + 1,
      triggering_object_id: triggering,
      payload: { created_by_id: user, sentera_id: triggering, updated_by_id: type === 'TASK_MODIFIED' ? user : null },
    });
  }
  return events;
}

function userError(message: string, code = 'BAD_USER_INPUT'): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

function buildReferenceSchema(faults: ReferenceFaults, subscriptions: Map<string, Subscription>): GraphQLSchema {
  const organizations = [
    { sentera_id: OTHER_ORGANIZATION, name: 'Acme', email: 'ops@acme.example', parent_organization_id: null },
    {
      sentera_id: REFERENCE_ORGANIZATION,
      name: 'Acme Grandchild',
      email: 'grandchild@acme.example',
      parent_organization_id: OTHER_ORGANIZATION,
    },
  ];
  if (faults.uuidIds === 'parent-organizations')
    (organizations[1] as { parent_organization_id: string | null }).parent_organization_id = randomUUID();
  const events = new Map(
    organizations.map((organization) => [organization.sentera_id, eventsOf(organization.sentera_id, faults)]),
  );
  const code = faults.errorCode ?? 'BAD_USER_INPUT';
  const refuse = (message: string) => userError(message, code);
  const cap = faults.pageSizeCap ?? 1000;
  const [startField, endField] = faults.dateRangeFields ?? ['start_date', 'end_date'];
  let counter = 0;

  const url = (value: unknown) => {
    if (faults.acceptAnyUrl) return value;
    try {
      const parsed = new URL(String(value));
      if (typeof value === 'string' && (parsed.protocol === 'http:' || parsed.protocol === 'https:')) return value;
    } catch {
      // refused below
    }
    throw refuse(`not an absolute http(s) URL: ${JSON.stringify(value)}`);
  };
  const dateTime = (value: unknown) => {
    if (
      typeof value === 'string' &&
      /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?(Z|[+-]\d\d:\d\d)?$/.test(value) &&
      !Number.isNaN(Date.parse(value))
    )
      return value;
    throw refuse(`not an ISO 8601 date-time: ${JSON.stringify(value)}`);
  };
  const page = <T>(items: readonly T[], pagination: { page: number; page_size: number }, extraCount = 0) => {
    if (pagination.page < 1 || pagination.page_size < 1 || pagination.page_size > cap)
      throw refuse(`page must be 1 or more and page_size from 1 to ${cap}`);
    const size = faults.ignorePageSize ? 10 : pagination.page_size;
    const number = faults.ignorePage ? 1 : pagination.page;
    const ordered =
      faults.unstableOrder && number % 2 === 0 && items.length > 0 ? [...items.slice(1), items[0] as T] : items;
    const results = ordered.slice((number - 1) * size, number * size);
    const present = faults.presentMeansMorePages
      ? number * size < items.length
      : faults.presentInverted
        ? results.length === 0
        : results.length > 0;
    return {
      page: faults.echoPageWrong ? pagination.page - 1 : pagination.page,
      page_size: pagination.page_size,
      present,
      total_count: items.length + extraCount,
      results,
    };
  };
  const subscription = (id: string) => {
    const found = subscriptions.get(id);
    if (!found) throw refuse(`no webhook subscription ${id}`);
    return found;
  };
  const checkEventTypes = (types: readonly string[], accept = faults.acceptEmptyEventTypes) => {
    if (types.length === 0 && !accept) throw refuse('event_types must not be empty');
    return [...new Set(types)];
  };

  return makeExecutableSchema({
    typeDefs: faults.sdl ? faults.sdl(SDL) : SDL,
    resolvers: {
      Url: new GraphQLScalarType({
        name: 'Url',
        serialize: (value) => value,
        parseValue: url,
        parseLiteral: (node) => url(node.kind === Kind.STRING ? node.value : undefined),
      }),
      ISO8601DateTime: new GraphQLScalarType({
        name: 'ISO8601DateTime',
        serialize: (value) => value,
        parseValue: dateTime,
        parseLiteral: (node) => dateTime(node.kind === Kind.STRING ? node.value : undefined),
      }),
      WebhookEventPayload: { __resolveType: (payload: { __type: string }) => payload.__type },
      WebhookEvent: { payload: (event: Event) => ({ ...event.payload, __type: PAYLOAD_TYPES[event.type] }) },
      WebhookSubscription: {
        events: (
          parent: Subscription,
          args: {
            event_type?: string;
            status?: string;
            date_range?: Record<string, string | undefined>;
            pagination: { page: number; page_size: number };
          },
        ) => {
          const [start, end] = [args.date_range?.[startField], args.date_range?.[endField]];
          const after = (at: string, bound: string) =>
            faults.exclusiveDateRange ? Date.parse(at) > Date.parse(bound) : Date.parse(at) >= Date.parse(bound);
          const before = (at: string, bound: string) =>
            faults.exclusiveDateRange ? Date.parse(at) < Date.parse(bound) : Date.parse(at) <= Date.parse(bound);
          const statusApplies = !(faults.statusIgnoredWithEventType && args.event_type);
          const all = events.get(parent.organization_sentera_id) ?? [];
          const matching = (faults.oldestFirst ? [...all].reverse() : all).filter(
            (event) =>
              parent.event_types.includes(event.type) &&
              (faults.ignoreEventTypeFilter || !args.event_type || event.type === args.event_type) &&
              (faults.ignoreStatusFilter || !statusApplies || !args.status || event.status === args.status) &&
              (faults.ignoreDateRange || start === undefined || after(event.created_at, start)) &&
              (faults.ignoreDateRange || end === undefined || before(event.created_at, end)),
          );
          return page(matching, args.pagination);
        },
      },
      Query: {
        organizations: (
          _: unknown,
          args: {
            organization_sentera_ids?: string[];
            parent_organization_id?: string;
            pagination: { page: number; page_size: number };
          },
        ) =>
          page(
            organizations.filter(
              (organization) =>
                (!args.organization_sentera_ids || args.organization_sentera_ids.includes(organization.sentera_id)) &&
                (!args.parent_organization_id || organization.parent_organization_id === args.parent_organization_id),
            ),
            args.pagination,
            faults.organizationsTotalOffByOne ? 1 : 0,
          ),
        webhook_subscription: (_: unknown, args: { sentera_id: string }) => subscriptions.get(args.sentera_id) ?? null,
        webhook_subscriptions: (
          _: unknown,
          args: { organization_sentera_id: string; pagination: { page: number; page_size: number } },
        ) =>
          page(
            [...subscriptions.values()].filter(
              (found) => found.organization_sentera_id === args.organization_sentera_id,
            ),
            args.pagination,
          ),
      },
      Mutation: {
        create_webhook_subscription: (
          _: unknown,
          args: { organization_sentera_id: string; callback_url: string; event_types: string[] },
        ) => {
          if (!events.has(args.organization_sentera_id) && !faults.createInAnyOrganization)
            throw refuse(`no organization ${args.organization_sentera_id}`);
          counter += 1;
          const id = faults.plainSubscriptionIds
            ? `subscription-${counter}`
            : faults.uuidIds === 'subscriptions'
              ? randomUUID()
              : `${(36 ** 6 + counter).toString(36)}_WS_${token(args.organization_sentera_id)}_CV_${faults.idEnvironment ?? 'deve'}_0a1b2c3d4_220131_132709`;
          const created = {
            sentera_id: id,
            organization_sentera_id: args.organization_sentera_id,
            callback_url: args.callback_url,
            event_types: checkEventTypes(args.event_types),
          };
          subscriptions.set(id, created);
          return created;
        },
        update_webhook_subscription: (
          _: unknown,
          args: { sentera_id: string; callback_url?: string | null; event_types?: string[] | null },
        ) => {
          const known = subscriptions.get(args.sentera_id);
          const found =
            known ??
            (faults.updateUnknownAnswers
              ? {
                  sentera_id: args.sentera_id,
                  organization_sentera_id: REFERENCE_ORGANIZATION,
                  callback_url: 'https://example.com/',
                  event_types: ['FEATURE_SET_CREATED'],
                }
              : subscription(args.sentera_id));
          if (args.callback_url == null && args.event_types == null && !faults.acceptEmptyUpdate)
            throw refuse('give callback_url, event_types or both');
          const target = faults.updateDoesNotStick ? { ...found } : found;
          if (args.callback_url != null) target.callback_url = args.callback_url;
          if (args.event_types != null) {
            if (faults.refuseAfterApplying && args.event_types.length === 0) {
              target.event_types = [];
              throw refuse('event_types must not be empty');
            }
            target.event_types = checkEventTypes(
              faults.mergeEventTypesOnUpdate ? [...found.event_types, ...args.event_types] : args.event_types,
              faults.acceptEmptyEventTypes || faults.acceptEmptyEventTypesOnUpdate,
            );
          }
          return target;
        },
        delete_webhook_subscriptions: (
          _: unknown,
          args: { organization_sentera_id: string; sentera_ids: string[] },
        ) => {
          if (faults.deleteRefusesEverything) throw refuse('deleting is not allowed');
          if (args.sentera_ids.length > 100 && !faults.acceptManyDeletes) throw refuse('at most 100 sentera_ids');
          const found = faults.acceptManyDeletes
            ? args.sentera_ids.flatMap((id) => subscriptions.get(id) ?? [])
            : args.sentera_ids.map(subscription);
          if (
            found.some((item) => item.organization_sentera_id !== args.organization_sentera_id) &&
            !faults.deleteAcrossOrganizations
          )
            throw refuse('a subscription belongs to another organization');
          if (!faults.deleteDoesNotDelete) for (const item of found) subscriptions.delete(item.sentera_id);
          if (faults.deleteRemovesWholeOrganization)
            for (const [id, item] of subscriptions)
              if (item.organization_sentera_id === args.organization_sentera_id) subscriptions.delete(id);
          return faults.deleteReturnsNothing ? [] : found;
        },
      },
    },
  });
}

/**
 * Serves the reference implementation (with `faults`, if any) over HTTP on port 0; closed after the file's tests.
 */
export async function startReferenceApi(faults: ReferenceFaults = {}): Promise<ReferenceApi> {
  const subscriptions = new Map<string, Subscription>();
  const schema = buildReferenceSchema(faults, subscriptions);
  const introspectionSchema = faults.introspectionSdl
    ? buildSchema(faults.introspectionSdl(faults.sdl ? faults.sdl(SDL) : SDL))
    : schema;
  let served = 0;
  const requests: Array<{ operationName: string | undefined; mutation: boolean; authorization: string | undefined }> =
    [];
  const isIntrospection = (args: ExecutionArgs) =>
    args.document.definitions.some(
      (definition) =>
        definition.kind === Kind.OPERATION_DEFINITION &&
        definition.selectionSet.selections.some(
          (selection) =>
            selection.kind === Kind.FIELD && (selection.name.value === '__schema' || selection.name.value === '__type'),
        ),
    );
  const handle = createHandler<IncomingMessage>({
    schema,
    execute: (args) => {
      if (isIntrospection(args) && faults.disableIntrospection)
        return { errors: [new GraphQLError('GraphQL introspection is not allowed')] };
      return execute(isIntrospection(args) ? { ...args, schema: introspectionSchema } : args);
    },
    onOperation: (req, args) => {
      const operation = args.document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
      const authorization = req.raw.headers['authorization'] ?? undefined;
      requests.push({
        operationName: args.operationName ?? undefined,
        mutation: operation?.kind === Kind.OPERATION_DEFINITION && operation.operation === OperationTypeNode.MUTATION,
        authorization,
      });
    },
  });
  const server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      void (async () => {
        served += 1;
        if (faults.rateLimit && served % faults.rateLimit.every === 0) {
          res
            .writeHead(429, { 'content-type': 'application/json', 'retry-after': faults.rateLimit.retryAfter })
            .end('{"errors":[{"message":"Too many requests"}]}');
          return;
        }
        if (new URL(req.url ?? '/', 'http://localhost').pathname !== '/graphql') {
          res
            .writeHead(404, { 'content-type': 'text/html' })
            .end(`<pre>Cannot ${req.method ?? 'GET'} ${req.url ?? '/'}</pre>`);
          return;
        }
        const [body, init] = await handle({
          method: req.method ?? 'GET',
          url: req.url ?? '/',
          headers: {
            get: (name: string) => {
              const value = req.headers[name.toLowerCase()];
              return Array.isArray(value) ? value.join(', ') : (value ?? null);
            },
          },
          body: text,
          raw: req,
          context: undefined,
        });
        let response: HttpResponse = {
          status: init.status,
          headers: { ...(init.headers as Record<string, string>) },
          body: body ?? '',
        };
        if (faults.respond) {
          let operationName: string | undefined;
          try {
            operationName = (JSON.parse(text) as { operationName?: string }).operationName;
          } catch {
            operationName = undefined;
          }
          response = faults.respond(response, operationName);
        }
        if (faults.extraTopLevelKey && response.body.startsWith('{'))
          response = {
            ...response,
            body: JSON.stringify({ ...(JSON.parse(response.body) as object), meta: { server: 'reference' } }),
          };
        res.writeHead(response.status, response.headers).end(response.body);
      })().catch((error: unknown) =>
        res.writeHead(500, { 'content-type': 'text/plain' }).end(`reference API bug: ${String(error)}`),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  afterFile(close);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, subscriptions, requests, close };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a fault reaches into a response's data to break one place
type JsonData = Record<string, any>;

/**
 * A `respond` fault that rewrites the `data` of the JSON responses to one operation (those whose every root field
 * is set: refused requests are left alone).
 */
export function rewriteData(
  operationName: string,
  rewrite: (data: JsonData) => void,
): NonNullable<ReferenceFaults['respond']> {
  return (response, name) => {
    if (name !== operationName) return response;
    const body = JSON.parse(response.body) as { data?: JsonData | null };
    if (!body.data || Object.values(body.data).some((value) => value === null)) return response;
    rewrite(body.data);
    return { ...response, body: JSON.stringify(body) };
  };
}
