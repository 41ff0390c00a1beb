/**
 * The trivial Map-backed resolver the baseline and Apollo servers share: a counter for the id (the same length as the
 * mock's, so every server sends the same number of bytes) and a Map insert; no validation, no hashing, no clock.
 */
const subscriptions = new Map<
  string,
  { sentera_id: string; callback_url: string; event_types: string[]; organization_sentera_id: string }
>();
let counter = 0;

export const resolvers = {
  Mutation: {
    create_webhook_subscription: (
      _: unknown,
      args: { organization_sentera_id: string; callback_url: string; event_types: string[] },
    ) => {
      const sentera_id = `${(counter++).toString(36).padStart(7, '0')}_WS_w3njAcmeGrand_CV_deve_a573b7182_220131_132709`;
      const subscription = { sentera_id, ...args };
      subscriptions.set(sentera_id, subscription);
      return subscription;
    },
  },
};
