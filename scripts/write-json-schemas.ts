/**
 * write-json-schemas: `npm run schemas` writes schemas/fixtures.schema.json and schemas/scenario.schema.json.
 */
import { writeFileSync } from 'node:fs';
import { publishedSchemas, schemaText } from './json-schemas.js';

for (const published of publishedSchemas()) {
  const path = new URL(`../schemas/${published.file}`, import.meta.url);
  writeFileSync(path, schemaText(published));
  console.log(`wrote schemas/${published.file}`);
}
