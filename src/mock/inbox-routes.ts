/**
 * inbox-routes
 */
import { INBOX_NAME } from '../inbox/create-inbox-store.js';
import { readInput } from '../validate/check-document.js';
import { noBody } from '../validate/request-input.js';
import type { ControlledMock, ControlRoute } from './control-route.js';
import { problem, refusal } from './control-problem.js';

const CLEAR_ALL_BODY = noBody('DELETE /_mock/inbox');
const CLEAR_ONE_BODY = noBody('DELETE /_mock/inbox/<name>');

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
        const refused = readInput(CLEAR_ALL_BODY, request.body);
        if (!refused.ok) return refusal(refused.problem);
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
        const invalid = checked(name);
        if (invalid) return invalid;
        const refused = readInput(CLEAR_ONE_BODY, request.body);
        if (!refused.ok) return refusal(refused.problem);
        mock.inboxes.clear(name);
        return { status: 200, body: { cleared: true, inbox: name } };
      },
    },
  ];
}
