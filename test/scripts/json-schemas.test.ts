import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { loadFixtures } from '../../src/fixtures/load-fixtures.js';
import { parseScenario } from '../../src/seed/parse-scenario.js';
import { publishedSchemas, schemaText } from '../../scripts/json-schemas.js';

const root = new URL('../../', import.meta.url);
const text = (path: string) => readFileSync(new URL(path, root), 'utf8');
const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false });
const fixturesSchema = ajv.compile(JSON.parse(text('schemas/fixtures.schema.json')));
const scenarioSchema = ajv.compile(JSON.parse(text('schemas/scenario.schema.json')));
const work = mkdtempSync(join(tmpdir(), 'sentera-json-schemas-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const ORG = 'k2m9p4x_OR_ecg4Acme_CV_deve_ef64a0fce_220112_110958';
const organizations = `organizations:\n  - sentera_id: ${ORG}\n    name: Acme\n`;

/** Whether the mock loads a fixture file (with the organization above beside it). */
function mockLoadsFixture(content: string): boolean {
  const dir = mkdtempSync(join(work, 'f-'));
  writeFileSync(join(dir, 'a.yaml'), organizations);
  writeFileSync(join(dir, 'b.yaml'), content);
  try {
    loadFixtures({ dir });
    return true;
  } catch {
    return false;
  }
}

describe('the published JSON Schemas', () => {
  it.each(publishedSchemas().map((published) => [published.file, published] as const))(
    'schemas/%s is what npm run schemas generates from the mock’s schemas',
    (file, published) => {
      expect(text(`schemas/${file}`)).toBe(schemaText(published));
    },
  );

  it('are exported by package.json', () => {
    const { exports } = JSON.parse(text('package.json')) as { exports: Record<string, string> };
    expect(exports['./fixtures.schema.json']).toBe('./schemas/fixtures.schema.json');
    expect(exports['./scenario.schema.json']).toBe('./schemas/scenario.schema.json');
  });

  it.each([
    ...readdirSync(new URL('fixtures/', root)).map((name) => [`fixtures/${name}`, 'fixtures.schema.json'] as const),
    ...readdirSync(new URL('scenarios/', root)).map((name) => [`scenarios/${name}`, 'scenario.schema.json'] as const),
  ])('%s names %s for editors and validates against it', (path, schemaFile) => {
    const content = text(path);
    expect(content.split('\n')[0]).toBe(`# yaml-language-server: $schema=../schemas/${schemaFile}`);
    const validate = schemaFile === 'fixtures.schema.json' ? fixturesSchema : scenarioSchema;
    expect(validate(parse(content)), JSON.stringify(validate.errors)).toBe(true);
  });

  const event = `events:\n  - organization_sentera_id: ${ORG}\n    created_at: 2022-01-01T00:00:00Z\n`;
  it.each([
    ['an unknown section', `colour: red\n`],
    ['an unknown field', `organizations:\n  - sentera_id: ${ORG}\n    name: A\n    colour: red\n`],
    ['an id of the wrong type code', `users:\n  - sentera_id: ${ORG}\n    organization_sentera_id: ${ORG}\n`],
    ['an unknown event type', `${event}    type: ORDER_PLACED\n`],
    ['a payload field of another event type', `${event}    type: SURVEY_CREATED\n    payload: { colour: red }\n`],
    ['a triggering object of the wrong type', `${event}    type: TASK_MODIFIED\n    triggering_object_id: ${ORG}\n`],
    ['attempts out of range', `${event}    type: TASK_MODIFIED\n    attempts: 1001\n`],
    ['a missing created_at', `events:\n  - organization_sentera_id: ${ORG}\n    type: TASK_MODIFIED\n`],
    [
      'a negative stream weight',
      `streams:\n  - { name: s, organization_sentera_id: ${ORG}, count: 1, from: 2022-01-01T00:00:00Z, to: 2022-01-02T00:00:00Z, types: { TASK_MODIFIED: -1 } }\n`,
    ],
    [
      'a schedule period that is not one',
      `schedules:\n  - { type: TASK_MODIFIED, organization_sentera_id: ${ORG}, every: often }\n`,
    ],
    ['a setting that is not a boolean', `settings:\n  bubbling: sometimes\n`],
  ])('fixtures: refuse %s, as the mock does', (_, content) => {
    expect(mockLoadsFixture(content)).toBe(false);
    expect(fixturesSchema(parse(content))).toBe(false);
  });

  it('fixtures: accept what the mock accepts', () => {
    const content = `${event}    type: TASK_MODIFIED\n    payload: { updated_by_id: vkuk9ja_US_7yqcJohnDow_CV_deve_f844446_200204_170541 }\nstreams:\n  - { name: s, organization_sentera_id: ${ORG}, count: 1, from: 2022-01-01T00:00:00Z, to: 2022-01-02T00:00:00Z, types: [TASK_MODIFIED], statuses: { SUCCESS: 3, FAILED: 0 } }\n`;
    expect(mockLoadsFixture(content)).toBe(true);
    expect(fixturesSchema(parse(content)), JSON.stringify(fixturesSchema.errors)).toBe(true);
  });

  it.each([
    ['a missing name', `events: []\n`],
    ['an unknown field', `scenario: s\ncolour: red\n`],
    [
      'an empty event_types',
      `scenario: s\nsubscriptions:\n  - { organization_sentera_id: ${ORG}, callback_url: 'https://example.com/h', event_types: [] }\n`,
    ],
    [
      'authentication without a token_url',
      `scenario: s\nsubscriptions:\n  - { organization_sentera_id: ${ORG}, callback_url: 'https://example.com/h', event_types: [TASK_MODIFIED], authentication: { client_id: c, client_secret: x } }\n`,
    ],
    ['an event without a key', `scenario: s\nevents:\n  - { organization_sentera_id: ${ORG}, type: TASK_MODIFIED }\n`],
  ])('scenarios: refuse %s, as the mock does', (_, content) => {
    expect(() => parseScenario(content, 's.yaml')).toThrow();
    expect(scenarioSchema(parse(content))).toBe(false);
  });
});
