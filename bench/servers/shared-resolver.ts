/**
 * The trivial Map-backed resolver the baseline and Apollo servers share: the same work as the mock's mutation minus
 * validation, id format and everything else.
 */
import { randomBytes } from 'node:crypto';

const subscriptions = new Map<string, { sentera_id: string; callback_url: string; event_types: string[]; organization_sentera_id: string }>();
let counter = 0;

export const resolvers = {
  Mutation: {
    create_webhook_subscription: (_: unknown, args: { organization_sentera_id: string; callback_url: string; event_types: string[] }) => {
      const sentera_id = `${(counter++).toString(36).padStart(7, '0')}_WS_tok_CV_deve_${randomBytes(5).toString('hex').slice(0, 9)}_220131_132709`;
      const subscription = { sentera_id, ...args };
      subscriptions.set(sentera_id, subscription);
      return subscription;
    },
  },
};
