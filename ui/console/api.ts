// The console talks to the mock only through its public surfaces: GraphQL (the same mutations a user's app sends)
// and the JSON control API. Every URL is relative to the page.

export interface Config {
  graphqlPath: string;
  graphiql: boolean;
  documentedOrganization: string;
}

export const config = JSON.parse(document.getElementById('sentera-mock-config')?.textContent ?? '{}') as Config;

export interface GraphQLError {
  message: string;
  extensions?: { code?: string };
}

export async function graphql<T>(
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{ data: T | null; errors: GraphQLError[] }> {
  const response = await fetch(config.graphqlPath, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T | null; errors?: GraphQLError[] };
  return { data: body.data ?? null, errors: body.errors ?? [] };
}

export async function control<T>(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ ok: boolean; status: number; body: T & { error?: { code: string; message: string } } }> {
  const response = await fetch(`_mock${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return {
    ok: response.ok,
    status: response.status,
    body: (await response.json()) as T & { error?: { code: string; message: string } },
  };
}

export const EVENT_TYPES = ['FEATURE_SET_CREATED', 'SURVEY_CREATED', 'TASK_MODIFIED'] as const;
export const STATUSES = ['PENDING', 'SUCCESS', 'FAILED'] as const;

export interface Organization {
  sentera_id: string;
  name: string;
  parent_organization_id: string | null;
}

export interface Subscription {
  sentera_id: string;
  callback_url: string;
  event_types: string[];
  organization_sentera_id: string;
}

export interface WebhookEvent {
  sentera_id: string;
  type: string;
  status: string;
  attempts: number;
  created_at: string;
  triggering_object_id: string;
}

interface Attempt {
  attempt: number;
  trigger: string;
  at: string;
  status_code: number | null;
  duration_ms: number;
  error: string | null;
  response: string;
  token_refreshed: boolean;
}

export interface Delivery {
  id: string;
  event_sentera_id: string;
  subscription_sentera_id: string;
  event_type: string;
  url: string;
  status: string;
  attempts: Attempt[];
  next_attempt_at: string | null;
}

export interface InboxEntry {
  id: number;
  inbox: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  received_at: string;
  response_status: number;
  signature: { status: string; detail: string | null };
  authorization: { status: string; client_id: string | null };
}

export interface InboxSummary {
  name: string;
  count: number;
  last_received_at: string | null;
}
