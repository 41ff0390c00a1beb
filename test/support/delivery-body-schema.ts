import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';

/** The JSON Schema the package ships for delivered bodies. */
export const deliveryBodySchema = JSON.parse(
  readFileSync(new URL('../../schemas/webhook-delivery-body.schema.json', import.meta.url), 'utf8'),
) as {
  definitions: Record<string, { properties?: Record<string, unknown> }>;
};

const validate = new Ajv({ allErrors: true, strict: true, strictTypes: false }).compile(deliveryBodySchema);

/** The schema's complaints about a delivered body (raw text), empty when it validates. */
export function deliveryBodyViolations(text: string): string[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return ['not JSON'];
  }
  if (validate(body)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}`);
}
