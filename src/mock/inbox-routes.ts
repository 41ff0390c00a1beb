/**
 * inbox-routes
 */
import { INBOX_NAME } from '../inbox/create-inbox-store.js';
import { noBody } from './check-fields.js';
import type { ControlledMock, ControlRoute } from './control-route.js';
import { problem } from './control-problem.js';

/**
 * The control routes of the built-in inbox: what each inbox received, as JSON, and emptying them.
 *
 * @category Control API
 */
export function createInboxRoutes(mock: Pick<ControlledMock, 'inboxes'>): ControlRoute[] {
  const checked = (name: string) =>
    INBOX_NAME.test(name)
      ? null
      : problem(
          400,
          'BAD_USER_INPUT',
          `an inbox name is made of letters, digits, ".", "_" and "-" (1 to 100), got ${JSON.stringify(name)}`,
        );
  return [
    {
      method: 'GET',
      path: '/inbox',
      description: 'the inboxes that received requests: [{"name", "count", "last_received_at"}]',
      handle: () => ({ status: 200, body: { inboxes: mock.inboxes.names() } }),
    },
    {
      method: 'DELETE',
      path: '/inbox',
      description: 'empty every inbox',
      handle: (request) => {
        const refused = noBody(request.body, 'DELETE /_mock/inbox');
        if (refused) return refused;
        mock.inboxes.clear();
        return { status: 200, body: { cleared: true } };
      },
    },
    {
      method: 'GET',
      path: '/inbox/:name',
      description:
        'what POST /_inbox/<name> received, oldest first (method, url, headers, body, received_at, signature and token checks)',
      handle: (_request, { name = '' }) =>
        checked(name) ?? { status: 200, body: { inbox: name, requests: mock.inboxes.list(name) } },
    },
    {
      method: 'DELETE',
      path: '/inbox/:name',
      description: 'empty one inbox',
      handle: (request, { name = '' }) => {
        const invalid = checked(name) ?? noBody(request.body, 'DELETE /_mock/inbox/<name>');
        if (invalid) return invalid;
        mock.inboxes.clear(name);
        return { status: 200, body: { cleared: true, inbox: name } };
      },
    },
  ];
}
