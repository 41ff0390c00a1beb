/** The documentation's create_webhook_subscription example, verbatim. */
export const DOCUMENTED_ORGANIZATION = '6aeagny_OR_w3njAcmeGrand_CV_deve_ef64a0fce_220112_111024';

export const DOCUMENTED_MUTATION = `mutation CreateWebhookSubscription {
  create_webhook_subscription(organization_sentera_id: "6aeagny_OR_w3njAcmeGrand_CV_deve_ef64a0fce_220112_111024", callback_url: "https://example.com/webhooks", event_types: [FEATURE_SET_CREATED]) {
  sentera_id
  event_types
  callback_url
  }
}`;

/** The instant of the documented response's id. */
export const DOCUMENTED_INSTANT = '2022-01-31T13:27:09Z';
