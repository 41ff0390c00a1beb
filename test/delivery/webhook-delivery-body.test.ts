import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import type { DeliveryBodyFormat } from '../../src/delivery/build-delivery-body.js';
import { isWebhookDeliveryEnvelope, type WebhookDeliveryBody } from '../../src/delivery/webhook-delivery-body.js';
import { WEBHOOK_EVENT_TYPES } from '../../src/store/types.js';
import { deliveryBodySchema, deliveryBodyViolations } from '../support/delivery-body-schema.js';
import { DOCUMENTED_ORGANIZATION } from '../support/documented-example.js';
import { startReceiver } from '../support/receiver.js';
import { createTestMock } from '../support/test-mock.js';

const typesModule = fileURLToPath(new URL('../../src/delivery/webhook-delivery-body.ts', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'sentera-body-types-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** What the mock sends for every event type in one body format, as received by a real local server. */
async function sentBodies(format: DeliveryBodyFormat): Promise<string[]> {
  const receiver = await startReceiver();
  const mock = createTestMock({
    bubbling: false,
    delivery: { body: format, timeoutMs: 1_000, signingSecret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' },
  });
  const created = mock.store.createWebhookSubscription({
    organization_sentera_id: DOCUMENTED_ORGANIZATION,
    callback_url: receiver.url,
    event_types: [...WEBHOOK_EVENT_TYPES],
  });
  if (!created.ok) throw new Error(created.problem.message);
  for (const type of WEBHOOK_EVENT_TYPES) mock.events.emit({ type, organization_sentera_id: DOCUMENTED_ORGANIZATION });
  mock.events.emit({
    type: 'TASK_MODIFIED',
    organization_sentera_id: DOCUMENTED_ORGANIZATION,
    payload: { updated_by_id: null },
  });
  await mock.delivery?.idle(10_000);
  mock.close();
  return receiver.received.map((request) => request.body);
}

let files = 0;
// Each program reuses the last one's unchanged files (the lib .d.ts files), which cuts seconds off every check.
let previous: ts.Program | undefined;

/** TypeScript's diagnostics per `const body: TYPE = <literal>` line, in one file importing the exported types. */
function typeErrors(entries: ReadonlyArray<readonly [typeName: string, body: string]>): string[][] {
  const file = join(work, `bodies-${(files += 1)}.ts`);
  const header = `import type { WebhookDeliveryBody, WebhookDeliveryEnvelope, WebhookDeliveryPayload } from ${JSON.stringify(typesModule.replace(/\.ts$/, '.js'))};`;
  const lines = [
    header,
    ...entries.map(([typeName, body], index) => `export const body${index}: ${typeName} = ${body};`),
    'export type Used = [WebhookDeliveryBody, WebhookDeliveryEnvelope, WebhookDeliveryPayload];',
  ];
  writeFileSync(file, `${lines.join('\n')}\n`);
  const program = ts.createProgram({
    rootNames: [file],
    ...(previous ? { oldProgram: previous } : {}),
    options: {
      strict: true,
      noEmit: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      skipLibCheck: true,
      types: [],
      // ES2022 without the DOM library (the default for the target): the body types need neither it nor @types/node.
      lib: ['lib.es2022.d.ts'],
    },
  });
  previous = program;
  const errors: string[][] = entries.map(() => []);
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const line =
      diagnostic.file && diagnostic.start !== undefined
        ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line - 1
        : -1;
    (errors[line] ?? errors[0] ?? []).push(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
  }
  return errors;
}

describe.each([
  ['envelope', 'WebhookDeliveryEnvelope', 'envelope'],
  ['payload', 'WebhookDeliveryPayload', 'payload'],
] as const)('the %s body', (format, typeName, definition) => {
  let bodies: string[] = [];

  it('is sent for every event type, with a null updated_by_id too', async () => {
    bodies = await sentBodies(format);
    expect(bodies).toHaveLength(WEBHOOK_EVENT_TYPES.length + 1);
  });

  it('validates against the shipped JSON Schema', () => {
    expect(bodies.flatMap(deliveryBodyViolations)).toEqual([]);
  });

  it('has exactly the properties the schema describes (a new field must be added to the schema)', () => {
    const properties = (name: string) => Object.keys(deliveryBodySchema.definitions[name]?.properties ?? {}).sort();
    for (const body of bodies) {
      const parsed = JSON.parse(body) as Record<string, unknown>;
      expect(Object.keys(parsed).sort()).toEqual(properties(definition));
      if (format === 'envelope') expect(Object.keys(parsed['payload'] as object).sort()).toEqual(properties('payload'));
    }
  });

  it(`type-checks as ${typeName} and as WebhookDeliveryBody`, () => {
    const errors = typeErrors([
      ...bodies.map((body) => [typeName, body] as const),
      ...bodies.map((body) => ['WebhookDeliveryBody', body] as const),
    ]);
    expect(errors.flat()).toEqual([]);
    expect(bodies.map((body) => isWebhookDeliveryEnvelope(JSON.parse(body) as WebhookDeliveryBody))).toEqual(
      bodies.map(() => format === 'envelope'),
    );
  });
});

describe('the schema and the types', () => {
  const envelope = {
    sentera_id: 'hb0msz6_WE_w3njAcmeGrand_CV_deve_94004711f_220131_132709',
    type: 'TASK_MODIFIED',
    created_at: '2022-01-31T13:27:09Z',
    triggering_object_id: '7q9fwa8_TA_w3njAcmeGrand_CV_deve_94004711f_220131_132709',
    payload: {
      sentera_id: '7q9fwa8_TA_w3njAcmeGrand_CV_deve_94004711f_220131_132709',
      created_by_id: 'p3k8d2m_US_4hq1JaneRoe_CV_deve_f844446_200511_093015',
      updated_by_id: null,
    },
  };

  const broken: Array<[string, unknown]> = [
    ['created_at is missing', { ...envelope, created_at: undefined }],
    ['the payload has no created_by_id', { ...envelope, payload: { ...envelope.payload, created_by_id: undefined } }],
    ['created_by_id is a number', { ...envelope, payload: { ...envelope.payload, created_by_id: 7 } }],
  ];

  it('both refuse a body with a field missing or of the wrong type', () => {
    const texts = broken.map(([, body]) => JSON.stringify(body));
    const errors = typeErrors(texts.map((text) => ['WebhookDeliveryBody', text] as const));
    broken.forEach(([what], index) => {
      expect({
        what,
        schema: deliveryBodyViolations(texts[index] as string).length > 0,
        types: (errors[index] ?? []).length > 0,
      }).toEqual({ what, schema: true, types: true });
    });
    expect(typeErrors([['WebhookDeliveryBody', JSON.stringify(envelope)]]).flat()).toEqual([]);
  });

  it('the schema refuses a malformed id and a date with milliseconds', () => {
    expect(
      deliveryBodyViolations(JSON.stringify({ ...envelope, sentera_id: 'b1e4f0c2-0000-4000-8000-000000000000' })),
    ).not.toEqual([]);
    expect(deliveryBodyViolations(JSON.stringify({ ...envelope, created_at: '2022-01-31T13:27:09.000Z' }))).not.toEqual(
      [],
    );
  });

  it('the schema accepts an event type it does not know yet', () => {
    expect(deliveryBodyViolations(JSON.stringify({ ...envelope, type: 'FIELD_ARCHIVED' }))).toEqual([]);
  });
});
