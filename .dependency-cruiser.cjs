/**
 * The module map of ARCHITECTURE.md as dependency-cruiser rules (`npm run lint:deps`, run by `npm test`).
 *
 * `MAY_IMPORT` is the table's "may import" column, in the table's order: for each module of src/, the modules it may
 * import, a name ending in ` (types)` only through `import type`. Each module gets a rule named `<module>-may-import`,
 * so a wrong import fails with that name; test/architecture/dependency-rules.test.ts checks that the table and this
 * map agree.
 */
/** @type {Record<string, string[]>} */
const MAY_IMPORT = {
  errors: [],
  runtime: [],
  client: [],
  validate: ['errors'],
  ids: ['errors', 'runtime'],
  state: ['errors', 'validate'],
  store: ['errors', 'ids', 'runtime', 'state', 'validate'],
  schema: ['errors', 'runtime', 'store'],
  fake: ['ids', 'runtime', 'schema'],
  fixtures: ['errors', 'ids', 'runtime', 'schema', 'store', 'validate'],
  events: ['errors', 'fake', 'fixtures (types)', 'ids', 'runtime', 'state (types)', 'store', 'validate'],
  delivery: ['errors', 'events (types)', 'runtime', 'schema', 'state (types)', 'store (types)', 'validate'],
  seed: ['client', 'errors', 'events', 'fixtures', 'ids', 'runtime', 'schema', 'state', 'store', 'validate'],
  graphql: ['errors', 'events (types)', 'fake', 'schema', 'store (types)'],
  oauth: ['runtime'],
  inbox: ['delivery', 'oauth (types)', 'runtime'],
  live: ['delivery (types)', 'events (types)', 'inbox (types)', 'store (types)'],
  log: ['delivery (types)'],
  http: ['log'],
  ui: ['http', 'inbox', 'live (types)', 'oauth (types)', 'runtime'],
  mock: [
    'delivery',
    'errors',
    'events',
    'fake',
    'fixtures',
    'graphql',
    'http',
    'ids',
    'inbox',
    'live',
    'log',
    'oauth',
    'runtime',
    'schema',
    'state',
    'store',
    'ui',
    'validate',
  ],
  testing: ['delivery', 'events (types)', 'http', 'mock', 'runtime'],
  contract: ['client', 'runtime', 'schema', 'validate'],
  'receiver-check': ['contract', 'delivery', 'events (types)', 'ids', 'runtime', 'store (types)'],
  server: ['errors', 'http', 'mock', 'state'],
  express: ['http (types)', 'mock (types)', 'server'],
  cli: [
    'client',
    'contract',
    'delivery',
    'errors',
    'http',
    'log',
    'mock',
    'receiver-check',
    'runtime',
    'schema',
    'seed',
    'server',
    'store',
    'ui',
  ],
};

/** The npm packages the contract kit may import (it depends only on `fetch`, these and the schema file). */
const CONTRACT_PACKAGES = [
  'graphql',
  'graphql-http',
  '@graphql-inspector/core',
  '@graphql-tools/utils',
  'junit-report-builder',
  'valibot',
];

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
/** The path pattern of a module: `errors` is the file src/errors.ts, the others are folders. */
const modulePath = (name) => (name === 'errors' ? '^src/errors\\.ts$' : `^src/${escape(name)}/`);
const anyOf = (names) => names.map(modulePath).join('|');
const typesOnly = (entries) =>
  entries.filter((entry) => entry.endsWith(' (types)')).map((entry) => entry.slice(0, -' (types)'.length));
const allowed = (entries) => entries.map((entry) => entry.replace(/ \(types\)$/, ''));

const moduleRules = Object.entries(MAY_IMPORT).flatMap(([name, entries]) => {
  const rules = [
    {
      name: `${name}-may-import`,
      comment: `src/${name}${name === 'errors' ? '.ts' : '/'} may import only ${entries.length > 0 ? entries.join(', ') : 'no other module of src/'} (ARCHITECTURE.md, module map)`,
      severity: 'error',
      from: { path: modulePath(name) },
      to: { path: '^src/', pathNot: [modulePath(name), ...allowed(entries).map(modulePath)].join('|') },
    },
  ];
  const types = typesOnly(entries);
  if (types.length > 0) {
    rules.push({
      name: `${name}-may-import`,
      comment: `src/${name}/ may import ${types.join(', ')} only with \`import type\` (ARCHITECTURE.md, module map)`,
      severity: 'error',
      from: { path: modulePath(name) },
      to: { path: anyOf(types), dependencyTypesNot: ['type-only'] },
    });
  }
  return rules;
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycle, type imports included (ARCHITECTURE.md: dependencies point down the table)',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'index-only-at-the-top',
      comment:
        'Only the entry points import src/index.ts (a module of src/ imports the module that defines what it uses)',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/index\\.ts$' },
      to: { path: '^src/index\\.ts$' },
    },
    {
      name: 'express-only-in-the-express-adapter',
      comment: 'Only src/express/ knows express, and only its types',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/express/' },
      to: { path: '(^|/)node_modules/(express|@types/express)/' },
    },
    {
      name: 'express-only-in-the-express-adapter',
      comment: 'src/express/ imports express with `import type` only (the adapter works on any express-shaped req/res)',
      severity: 'error',
      from: { path: '^src/express/' },
      to: { path: '(^|/)node_modules/(express|@types/express)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-node-http-in-the-core',
      comment:
        'Nothing in store, ids, events, state, graphql, http or mock imports node:http (adapters live in server, testing)',
      severity: 'error',
      from: { path: `^src/(store|ids|events|state|graphql|http|mock)/` },
      to: { dependencyTypes: ['core'], path: '^(node:)?https?$' },
    },
    {
      name: 'contract-depends-only-on-fetch-and-the-schema',
      comment: `src/contract/ and the clients it uses (src/client/) import no npm package but ${CONTRACT_PACKAGES.join(', ')}`,
      severity: 'error',
      from: { path: '^src/(contract|client)/' },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'],
        pathNot: `(^|/)node_modules/(${CONTRACT_PACKAGES.map(escape).join('|')})/`,
      },
    },
    ...moduleRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json'],
    },
  },
};

// For the test that compares this map with ARCHITECTURE.md; not enumerable, so dependency-cruiser's configuration
// check (no unknown keys) does not see it.
Object.defineProperty(module.exports, 'MAY_IMPORT', { value: MAY_IMPORT, enumerable: false });
