/**
 * create-ui-routes
 *
 * The mock's browser-facing routes on the front door: the console page, the pages' assets, the built-in webhook inbox,
 * the OAuth token endpoint and the live feed as Server-Sent Events. (GraphiQL at `GET /graphql` is
 * {@link createGraphiqlPage}, which the front door asks before the GraphQL endpoint.)
 */
import type { FrontDoorRoute } from '../http/create-front-door.js';
import type { MockRequest, MockResponse } from '../http/http-types.js';
import { errorResponse, jsonResponse, textResponse } from '../http/text-response.js';
import { INBOX_NAME, type InboxStore } from '../inbox/create-inbox-store.js';
import type { LiveFeed } from '../live/create-live-feed.js';
import { DOCUMENTED_ORGANIZATION, documentedExampleMutation } from './documented-example.js';
import type { TokenEndpoint } from '../oauth/create-token-endpoint.js';
import { loadUiAssets, type ServedAsset } from './load-ui-assets.js';
import { PAGE_CSP, renderConsolePage, renderGraphiqlPage } from './render-pages.js';

/**
 * Interval timers, injectable (the live stream's keep-alive).
 *
 * @category UI
 */
export interface IntervalTimers {
  setInterval(callback: () => void, milliseconds: number): unknown;
  clearInterval(handle: unknown): void;
}

/** Options of {@link createUiRoutes}. */
export interface UiRoutesOptions {
  inboxes: InboxStore;
  tokenEndpoint: TokenEndpoint;
  live: LiveFeed;
  /** @default '/graphql' */
  graphqlPath?: string;
  /** Whether the console links to GraphiQL. @default true */
  graphiql?: boolean;
  /** The pages' assets. @default loadUiAssets() */
  assets?: () => Promise<ReadonlyMap<string, ServedAsset>>;
  /** A comment line on the live stream this often, so proxies and browsers keep it open. @default 20000 */
  keepAliveMs?: number;
  /** @default the global setInterval (unref'd) / clearInterval */
  timers?: IntervalTimers;
}

const HTML_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy': PAGE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/**
 * The console (`GET /`), the pages' assets (`GET /_ui/<name>`), the inbox (`/_inbox/<name>`, any method), the token
 * endpoint (`POST /_oauth/token`) and the live feed (`GET /_mock/stream`, `text/event-stream`).
 *
 * @category UI
 */
export function createUiRoutes(options: UiRoutesOptions): FrontDoorRoute[] {
  const {
    inboxes,
    tokenEndpoint,
    live,
    graphqlPath = '/graphql',
    graphiql = true,
    assets = () => loadUiAssets(),
    keepAliveMs = 20_000,
    timers = {
      setInterval: (callback, ms) => setInterval(callback, ms).unref(),
      clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
    },
  } = options;
  const consoleHtml = renderConsolePage({
    graphqlPath: graphqlPath.replace(/^\//, ''),
    graphiql,
    documentedOrganization: DOCUMENTED_ORGANIZATION,
  });

  return [
    { method: 'GET', path: '/', handle: () => textResponse(200, consoleHtml, HTML_HEADERS) },
    {
      method: 'GET',
      path: '/_ui/*',
      async handle(request, { path }) {
        const name = path.slice('/_ui/'.length);
        let asset: ServedAsset | undefined;
        try {
          asset = (await assets()).get(name);
        } catch (error) {
          return errorResponse(500, 'UI_ASSETS_MISSING', (error as Error).message);
        }
        if (!asset) return errorResponse(404, 'NOT_FOUND', `no page asset ${JSON.stringify(name)}`);
        return servedAsset(asset, request);
      },
    },
    {
      method: '*',
      path: '/_inbox/*',
      async handle(request, { path, readBody }) {
        const name = decodeURIComponent(path.slice('/_inbox/'.length));
        if (!INBOX_NAME.test(name))
          return errorResponse(
            404,
            'NOT_FOUND',
            `an inbox is /_inbox/<name>, the name made of letters, digits, ".", "_" and "-" (1 to 100), e.g. /_inbox/my-app; got ${JSON.stringify(name)}`,
          );
        const body = await readBody();
        if (typeof body !== 'string') return body;
        const headers: Record<string, string> = {};
        if (request.headers.forEach)
          request.headers.forEach((value, header) => (headers[header.toLowerCase()] = value));
        const entry = inboxes.receive({
          inbox: name,
          method: request.method,
          url: relativeUrl(request.url),
          headers,
          body,
        });
        return jsonResponse(entry.response_status, {
          received: true,
          inbox: name,
          id: entry.id,
          status: entry.response_status,
        });
      },
    },
    {
      method: '*',
      path: '/_oauth/token',
      async handle(request, { readBody }) {
        const body = request.method === 'POST' ? await readBody() : '';
        if (typeof body !== 'string') return body;
        const answer = tokenEndpoint.handle({
          method: request.method,
          contentType: request.headers.get('content-type'),
          authorization: request.headers.get('authorization'),
          body,
        });
        return jsonResponse(answer.status, answer.body, answer.headers);
      },
    },
    {
      method: 'GET',
      path: '/_mock/stream',
      handle: (request) => liveStream(request, live, keepAliveMs, timers),
    },
  ];
}

/**
 * The GraphiQL page for `GET <graphqlPath>` from a browser, or undefined when the request is not one (an API GET
 * with `?query=`, or a client that does not accept HTML): the GraphQL endpoint answers those.
 *
 * @category UI
 */
export function createGraphiqlPage(options: {
  origin: string;
  graphqlPath?: string;
}): (request: MockRequest) => MockResponse | undefined {
  const { origin, graphqlPath = '/graphql' } = options;
  const depth = graphqlPath.split('/').length - 2;
  let html: string | undefined;
  return (request) => {
    if (request.method !== 'GET' || !(request.headers.get('accept') ?? '').includes('text/html')) return undefined;
    if (/[?&]query=/.test(request.url)) return undefined;
    html ??= renderGraphiqlPage({
      endpoint: graphqlPath.split('/').pop() as string,
      query: documentedExampleMutation({ callbackUrl: `${origin}/_inbox/example`, multiline: true }),
      headers: '{\n  "authorization": "Bearer any-token-the-mock-accepts"\n}',
      assetPrefix: '../'.repeat(Math.max(0, depth)),
    });
    return textResponse(200, html, HTML_HEADERS);
  };
}

function servedAsset(asset: ServedAsset, request: MockRequest): MockResponse {
  const gzip = /\bgzip\b/.test(request.headers.get('accept-encoding') ?? '');
  const body = gzip ? asset.gzip : asset.body;
  const headers = {
    'content-type': asset.type,
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    vary: 'accept-encoding',
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
  };
  return new Response(body, { status: 200, headers });
}

function relativeUrl(url: string): string {
  if (url.startsWith('/')) return url;
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
}

function liveStream(request: MockRequest, live: LiveFeed, keepAliveMs: number, timers: IntervalTimers): MockResponse {
  const encoder = new TextEncoder();
  let stop = () => undefined as void;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop();
        }
      };
      send('retry: 2000\n: sentera-mock live feed\n\n');
      const unsubscribe = live.subscribe((message) =>
        send(`event: ${message.type}\ndata: ${JSON.stringify(message.data)}\n\n`),
      );
      const keepAlive = timers.setInterval(() => send(': keep-alive\n\n'), keepAliveMs);
      let stopped = false;
      stop = () => {
        if (stopped) return;
        stopped = true;
        unsubscribe();
        timers.clearInterval(keepAlive);
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      request.signal?.addEventListener('abort', () => stop(), { once: true });
    },
    cancel() {
      stop();
    },
  });
  return new Response(body, {
    status: 200,
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
    },
  });
}
