/**
 * documented-example
 */

/** The organization of the documentation's create_webhook_subscription example (Acme Grandchild in the default world). */
export const DOCUMENTED_ORGANIZATION = '6aeagny_OR_w3njAcmeGrand_CV_deve_ef64a0fce_220112_111024';

/**
 * The documentation's create_webhook_subscription example, with `callback_url` pointed at `callbackUrl` (the
 * documentation's `https://example.com/webhooks` is a public host; the mock's banner, README and GraphiQL use its own
 * inbox instead, so trying the example sends nothing off the machine).
 *
 * @example
 * ```ts
 * documentedExampleMutation({ callbackUrl: 'http://127.0.0.1:4000/_inbox/example' });
 * ```
 */
export function documentedExampleMutation(options: {
  callbackUrl: string;
  organization?: string;
  multiline?: boolean;
}): string {
  const { callbackUrl, organization = DOCUMENTED_ORGANIZATION, multiline = false } = options;
  const field = `create_webhook_subscription(organization_sentera_id: "${organization}", callback_url: ${JSON.stringify(callbackUrl)}, event_types: [FEATURE_SET_CREATED])`;
  return multiline
    ? `mutation CreateWebhookSubscription {\n  ${field} {\n    sentera_id\n    event_types\n    callback_url\n  }\n}\n`
    : `mutation CreateWebhookSubscription { ${field} { sentera_id event_types callback_url } }`;
}
