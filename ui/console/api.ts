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
  try {
    const response = await fetch(config.graphqlPath, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T | null; errors?: GraphQLError[] };
    return { data: body.data ?? null, errors: body.errors ?? [] };
  } catch (error) {
    return { data: null, errors: [{ message: unreachable(error), extensions: { code: 'UNREACHABLE' } }] };
  }
}

/** A control API error body, or the one the page makes when the mock gave none. */
export interface ControlError {
  code: string;
  message: string;
}

export async function control<T>(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ ok: boolean; status: number; body: T & { error?: ControlError } }> {
  let response: Response;
  try {
    response = await fetch(`_mock${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    return {
      ok: false,
      status: 0,
      body: { error: { code: 'UNREACHABLE', message: unreachable(error) } } as T & { error?: ControlError },
    };
  }
  const answer = (await response.json().catch(() => ({}))) as T & { error?: ControlError };
  if (!response.ok && answer.error === undefined)
    answer.error = { code: `HTTP_${response.status}`, message: response.statusText || 'no details given' };
  return { ok: response.ok, status: response.status, body: answer };
}

/** What a refused request tells the person: the error's code and message (never `undefined: undefined`). */
export function problemText(error: { code?: string | undefined; message?: string | undefined } | undefined): string {
  return `${error?.code ?? 'ERROR'}: ${error?.message ?? 'no details given'}`;
}

/** {@link problemText} of a GraphQL response's first error. */
export function graphqlProblemText(errors: readonly GraphQLError[]): string {
  return problemText({ code: errors[0]?.extensions?.code, message: errors[0]?.message });
}

function unreachable(error: unknown): string {
  return `the mock did not answer (${error instanceof Error ? error.message : 'no response'}); is it still running?`;
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
