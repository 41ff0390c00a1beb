// GraphiQL, bundled at build time (scripts/build-ui.ts) so the page loads nothing from outside the mock.
// GraphiQL's styles without its two embedded web fonts (about 260 KB of gzip): system fonts stand in.
import '@graphiql/react/dist/style.css';
import 'graphiql/src/style.css';
import { DOC_EXPLORER_PLUGIN } from '@graphiql/react';
import { GraphiQL } from 'graphiql';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';

interface PageConfig {
  endpoint: string;
  query: string;
  headers: string;
}

const config = JSON.parse(document.getElementById('sentera-mock-config')?.textContent ?? '{}') as PageConfig;

const fetcher = async (
  params: { query: string; variables?: unknown; operationName?: string | null },
  options?: { headers?: Record<string, unknown> },
) => {
  const response = await fetch(config.endpoint, {
    method: 'POST',
    headers: {
      ...(options?.headers as Record<string, string> | undefined),
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
    },
    body: JSON.stringify(params),
  });
  return response.json() as Promise<unknown>;
};

const root = document.getElementById('graphiql') as HTMLElement;
root.textContent = '';
createRoot(root).render(
  createElement(GraphiQL, {
    fetcher,
    defaultTabs: [{ query: config.query, headers: config.headers }],
    defaultHeaders: config.headers,
    defaultEditorToolsVisibility: 'headers',
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: false,
    visiblePlugin: DOC_EXPLORER_PLUGIN,
  }),
);
