import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors.js';
import { parseScenario } from '../../src/seed/parse-scenario.js';

const ORG = '6aeagny_OR_w3njAcmeGrand_CV_deve_ef64a0fce_220112_111024';
const subscription = `  - organization_sentera_id: ${ORG}\n    callback_url: https://example.com/hook\n    event_types: [TASK_MODIFIED]\n`;

describe('parseScenario', () => {
  it('reads subscriptions (with authentication) and events, deriving the triggering object id from name and key', () => {
    const scenario = parseScenario(
      `scenario: s\nsubscriptions:\n${subscription}    authentication:\n      client_id: c\n      client_secret: x\n      token_url: '{mock}/_oauth/token'\nevents:\n  - key: k\n    organization_sentera_id: ${ORG}\n    type: TASK_MODIFIED\n`,
      's.yaml',
    );
    expect(scenario.name).toBe('s');
    expect(scenario.description).toBeNull();
    expect(scenario.subscriptions[0]?.authentication).toEqual({
      client_id: 'c',
      client_secret: 'x',
      token_url: '{mock}/_oauth/token',
      scope: null,
    });
    expect(scenario.events[0]?.triggering_object_id).toMatch(/^[0-9a-z]{7}_TA_w3njAcmeGrand_CV_deve_/);
    expect(
      parseScenario(
        `scenario: s\nevents:\n  - { key: k, organization_sentera_id: ${ORG}, type: TASK_MODIFIED }\n`,
        'x.yaml',
      ).events[0]?.triggering_object_id,
    ).toBe(scenario.events[0]?.triggering_object_id);
  });

  it.each([
    ['a missing name', `description: d\n`, /^s\.yaml: scenario: expected a non-empty string, got nothing$/],
    [
      'an unknown top-level field',
      `scenario: s\ncolour: red\n`,
      /^s\.yaml: colour: unknown field "colour"; expected one of: scenario, description, subscriptions, events$/,
    ],
    [
      'subscriptions that are not a list',
      `scenario: s\nsubscriptions: 3\n`,
      /^s\.yaml: subscriptions: expected a list of subscriptions$/,
    ],
    [
      'an unknown event type',
      `scenario: s\nsubscriptions:\n  - organization_sentera_id: ${ORG}\n    callback_url: https://example.com/hook\n    event_types: [TASK_DONE]\n`,
      /^s\.yaml: subscriptions\[0\]\.event_types\[0\]: expected a WebhookEventType: one of FEATURE_SET_CREATED, SURVEY_CREATED, TASK_MODIFIED; got "TASK_DONE"$/,
    ],
    [
      'an empty event_types',
      `scenario: s\nsubscriptions:\n  - organization_sentera_id: ${ORG}\n    callback_url: https://example.com/hook\n    event_types: []\n`,
      /^s\.yaml: subscriptions\[0\]\.event_types: expected at least one event type$/,
    ],
    [
      'a callback_url that is not http(s)',
      `scenario: s\nsubscriptions:\n  - organization_sentera_id: ${ORG}\n    callback_url: ftp://example.com/hook\n    event_types: [TASK_MODIFIED]\n`,
      /^s\.yaml: subscriptions\[0\]\.callback_url: callback_url must be an absolute http\(s\) URL .*uses ftp$/,
    ],
    [
      'authentication without a client_secret',
      `scenario: s\nsubscriptions:\n${subscription}    authentication:\n      client_id: c\n      token_url: https://example.com/token\n`,
      /^s\.yaml: subscriptions\[0\]\.authentication\.client_secret: expected a non-empty string, got nothing$/,
    ],
    [
      'an organization id of the wrong type',
      `scenario: s\nevents:\n  - key: k\n    organization_sentera_id: b6i0chc_WS_w3njAcmeGrand_CV_deve_85c3a6365_220131_132709\n    type: TASK_MODIFIED\n`,
      /^s\.yaml: events\[0\]\.organization_sentera_id: ".*" has type code WS; an organization id has type code OR$/,
    ],
    [
      'a list where an event belongs',
      `scenario: s\nevents:\n  - [1, 2]\n`,
      /^s\.yaml: events\[0\]: expected a mapping with key, organization_sentera_id and type$/,
    ],
    [
      'a list where authentication belongs',
      `scenario: s\nsubscriptions:\n${subscription}    authentication: []\n`,
      /^s\.yaml: subscriptions\[0\]\.authentication: expected client_id, client_secret, token_url and scope$/,
    ],
    [
      'a duplicate event key',
      `scenario: s\nevents:\n  - { key: k, organization_sentera_id: ${ORG}, type: TASK_MODIFIED }\n  - { key: k, organization_sentera_id: ${ORG}, type: SURVEY_CREATED }\n`,
      /^s\.yaml: events\[1\]\.key: duplicate event key "k"$/,
    ],
    [
      'a triggering object of the wrong type',
      `scenario: s\nevents:\n  - key: k\n    organization_sentera_id: ${ORG}\n    type: TASK_MODIFIED\n    triggering_object_id: b6i0chc_FS_w3njAcmeGrand_CV_deve_85c3a6365_220131_132709\n`,
      /^s\.yaml: events\[0\]\.triggering_object_id: ".*" has type code FS; the object of a TASK_MODIFIED event has type code TA$/,
    ],
    [
      'a payload field the payload type does not have',
      `scenario: s\nevents:\n  - key: k\n    organization_sentera_id: ${ORG}\n    type: SURVEY_CREATED\n    payload: { colour: red }\n`,
      /^s\.yaml: events\[0\]\.payload\.colour: unknown field "colour"; expected one of: created_by_id, updated_by_id$/,
    ],
  ])('refuses %s, naming the file and the path inside it', (_, text, message) => {
    let error: unknown;
    try {
      parseScenario(text, 's.yaml');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(message);
  });
});
