/**
 * evaluate-expectation
 *
 * Judges one expectation of checks.json against a step's response, returning precise findings (path, expected,
 * actual); an empty list means it holds.
 */
import { isDeepStrictEqual } from 'node:util';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { errorMessage, isGraphQLContentType, responseErrors, type GraphQLExchange } from '../client/send-graphql.js';
import type { ContractFailure } from './contract-check.js';
import type { Expectation } from './checks-types.js';
import { readPath, show } from './read-path.js';
import { validateResponse } from './validate-response.js';

/** What an expectation is judged with. */
export interface ExpectationContext {
  readonly schema: GraphQLSchema;
  readonly senteraIdPattern: RegExp;
  /** Resolves a value of checks.json (references included) against what the step sent. */
  resolve(value: unknown): Promise<unknown>;
  /** Every exchange of the run so far (for the envelope, which holds for all of them). */
  exchanges(): readonly GraphQLExchange[];
}

/** A step's answered request, as the expectation sees it. */
export interface AnsweredStep {
  readonly operation: { readonly name: string; readonly document: DocumentNode };
  readonly variables: Readonly<Record<string, unknown>>;
  readonly exchange: GraphQLExchange;
  /** Every page of a step that walks pages. */
  readonly pages?: readonly GraphQLExchange[];
}

/** The only top-level entries a GraphQL response may have (GraphQL spec, "Response Format"). */
const ENVELOPE_KEYS = new Set(['data', 'errors', 'extensions']);

const ACCEPTED_CONTENT_TYPES = 'application/json or application/graphql-response+json';

/**
 * The findings of one expectation on one response.
 */
export async function evaluateExpectation(
  expectation: Expectation,
  step: AnsweredStep,
  context: ExpectationContext,
): Promise<ContractFailure[]> {
  const { exchange } = step;
  const data = exchange.body?.data;
  switch (expectation.expect) {
    case 'valid':
      return valid(step, context.schema);
    case 'envelope': {
      const failures: ContractFailure[] = [];
      for (const seen of new Set([...context.exchanges(), exchange])) {
        const extra = seen.body === undefined ? [] : Object.keys(seen.body).filter((key) => !ENVELOPE_KEYS.has(key));
        if (extra.length > 0)
          failures.push({
            path: '(response)',
            expected: 'only data, errors and extensions at the top level',
            actual: `also ${extra.join(', ')} (HTTP ${seen.status}: ${show(seen.text, 100)})`,
          });
      }
      return failures;
    }
    case 'walk':
      return walk(expectation.path, expectation.id, step, Number(step.variables['page_size']));
    case 'walk_echo':
      return walkEcho(expectation.path, step, Number(step.variables['page_size']));
    case 'excludes': {
      const [read, excluded] = [readPath(data, expectation.path), await context.resolve(expectation.value)];
      if (!read.found) return [];
      const listed = new Set((Array.isArray(read.value) ? read.value : [read.value]).map(canonicalJson));
      const again = (Array.isArray(excluded) ? excluded : [excluded]).filter((item) => listed.has(canonicalJson(item)));
      return again.length === 0
        ? []
        : [
            {
              path: expectation.path,
              expected: `an error, or a list without ${show(again)}`,
              actual: show(read.value),
            },
          ];
    }
    case 'pairwise_equal': {
      const [first, second] = expectation.paths.map((path) => readPath(data, path)) as [
        ReturnType<typeof readPath>,
        ReturnType<typeof readPath>,
      ];
      if (!first.found) return [{ path: first.missing, expected: 'a list', actual: 'absent' }];
      if (!second.found) return [{ path: second.missing, expected: 'a list', actual: 'absent' }];
      const [left, right] = [first.value, second.value].map((value): unknown[] =>
        Array.isArray(value) ? value : [value],
      ) as [unknown[], unknown[]];
      return left.flatMap((value, index) =>
        deepEqual(value, right[index])
          ? []
          : [
              {
                path: itemPath(expectation.paths[0], index),
                expected: `${show(right[index])} (${itemPath(expectation.paths[1], index)})`,
                actual: show(value),
              },
            ],
      );
    }
    case 'rejected':
      return rejected(exchange);
    case 'equals': {
      const [read, expected] = [readPath(data, expectation.path), await context.resolve(expectation.value)];
      if (!read.found) return [{ path: read.missing, expected: show(expected), actual: 'absent' }];
      return deepEqual(read.value, expected)
        ? []
        : [{ path: expectation.path, expected: show(expected), actual: show(read.value) }];
    }
    case 'same_members': {
      const [read, expected] = [readPath(data, expectation.path), await context.resolve(expectation.value)];
      if (!read.found) return [{ path: read.missing, expected: `${show(expected)} (in any order)`, actual: 'absent' }];
      const sameMembers =
        Array.isArray(read.value) && Array.isArray(expected) && deepEqual(sortedJson(read.value), sortedJson(expected));
      return sameMembers
        ? []
        : [{ path: expectation.path, expected: `${show(expected)} (in any order)`, actual: show(read.value) }];
    }
    case 'each':
      return each(expectation, data, context);
    case 'sum': {
      const parts = expectation.paths.map((path) => readPath(data, path));
      const total = readPath(data, expectation.equals);
      const missing = [...parts, total].find((read) => !read.found || typeof read.value !== 'number');
      if (missing)
        return [
          missing.found
            ? { path: expectation.equals, expected: 'numbers to add up', actual: show(missing.value) }
            : { path: missing.missing, expected: 'a number', actual: 'absent' },
        ];
      const values = parts.map((read) => (read as { value: number }).value);
      const sum = values.reduce((a, b) => a + b, 0);
      return sum === (total as { value: number }).value
        ? []
        : [
            {
              path: expectation.paths.join(' + '),
              expected: `${String((total as { value: number }).value)} (${expectation.equals})`,
              actual: `${sum} (${values.join(' + ')})`,
            },
          ];
    }
    case 'less_than': {
      const [left, right] = [readPath(data, expectation.path), readPath(data, expectation.than)];
      if (!left.found) return [{ path: left.missing, expected: 'a number', actual: 'absent' }];
      if (!right.found) return [{ path: right.missing, expected: 'a number', actual: 'absent' }];
      return typeof left.value === 'number' && typeof right.value === 'number' && left.value < right.value
        ? []
        : [
            {
              path: expectation.path,
              expected: `less than ${show(right.value)} (${expectation.than})`,
              actual: show(left.value),
            },
          ];
    }
    case 'page':
      return page(
        expectation.path,
        data,
        Number(await context.resolve(expectation.page)),
        Number(await context.resolve(expectation.page_size)),
      );
    case 'disjoint': {
      const [first, second] = expectation.paths.map((path) => readPath(data, path)) as [
        ReturnType<typeof readPath>,
        ReturnType<typeof readPath>,
      ];
      if (!first.found) return [{ path: first.missing, expected: 'a list', actual: 'absent' }];
      if (!second.found) return [{ path: second.missing, expected: 'a list', actual: 'absent' }];
      const seen = new Set((Array.isArray(first.value) ? first.value : []).map(canonicalJson));
      const shared = (Array.isArray(second.value) ? second.value : []).filter((item) => seen.has(canonicalJson(item)));
      return shared.length === 0
        ? []
        : [
            {
              path: expectation.paths[1],
              expected: `none of ${expectation.paths[0]}`,
              actual: `${shared.length} shared: ${show(shared)}`,
            },
          ];
    }
    case 'sentera_id': {
      const read = readPath(data, expectation.path);
      if (!read.found)
        return [
          { path: read.missing, expected: `a sentera_id with type code ${expectation.type_code}`, actual: 'absent' },
        ];
      const values = expectation.path.includes('[*]') ? (read.value as unknown[]) : [read.value];
      return values.flatMap((value, index) => {
        if (value === null && expectation.nullable) return [];
        const match = typeof value === 'string' ? context.senteraIdPattern.exec(value) : null;
        if (match && match.groups?.['type_code'] === expectation.type_code) return [];
        return [
          {
            path: itemPath(expectation.path, index),
            expected: `a sentera_id such as b6i0chc_${expectation.type_code}_w3njAcmeGrand_CV_deve_85c3a6365_220131_132709 (type code ${expectation.type_code})`,
            actual: show(value),
          },
        ];
      });
    }
  }
}

/** A summary of an exchange for a finding: status, content type and the start of the body. */
export function describeExchange(exchange: GraphQLExchange): string {
  return `HTTP ${exchange.status} ${exchange.contentType || '(no content-type)'}: ${show(exchange.text, 100)}`;
}

function valid(step: AnsweredStep, schema: GraphQLSchema): ContractFailure[] {
  const { exchange } = step;
  const failures: ContractFailure[] = [];
  if (exchange.status !== 200)
    failures.push({ path: '(http)', expected: 'HTTP status 200', actual: describeExchange(exchange) });
  if (!isGraphQLContentType(exchange.contentType))
    failures.push({
      path: '(http)',
      expected: `content-type ${ACCEPTED_CONTENT_TYPES}`,
      actual: exchange.contentType || '(none)',
    });
  if (exchange.body === undefined)
    return [...failures, { path: '(body)', expected: 'a JSON object', actual: show(exchange.text) }];
  for (const error of responseErrors(exchange)) {
    failures.push({
      path: Array.isArray(error.path) ? error.path.join('.') : 'errors',
      expected: 'no error',
      actual: errorMessage(error),
    });
  }
  const data = exchange.body.data;
  if (data === undefined || data === null)
    return [...failures, { path: '(data)', expected: 'data', actual: show(data) }];
  return [
    ...failures,
    ...validateResponse({
      schema,
      document: step.operation.document,
      operationName: step.operation.name,
      variables: step.variables,
      data,
    }),
  ];
}

function rejected(exchange: GraphQLExchange): ContractFailure[] {
  const failures: ContractFailure[] = [];
  if (exchange.status >= 500 || exchange.status < 200 || (exchange.status >= 300 && exchange.status < 400)) {
    failures.push({
      path: '(http)',
      expected: 'HTTP 200 or 4xx with GraphQL errors',
      actual: describeExchange(exchange),
    });
  }
  if (exchange.body === undefined)
    return [...failures, { path: '(body)', expected: 'a JSON object with errors', actual: show(exchange.text) }];
  if (responseErrors(exchange).length === 0)
    failures.push({ path: 'errors', expected: 'at least one error', actual: show(exchange.body.errors) });
  const data = exchange.body.data;
  if (data !== undefined && data !== null) {
    if (typeof data !== 'object' || Array.isArray(data))
      failures.push({ path: '(data)', expected: 'null or absent', actual: show(data) });
    else
      for (const [key, value] of Object.entries(data))
        if (value !== null)
          failures.push({ path: key, expected: 'null (nothing done for refused input)', actual: show(value) });
  }
  return failures;
}

async function each(
  expectation: Extract<Expectation, { expect: 'each' }>,
  data: unknown,
  context: ExpectationContext,
): Promise<ContractFailure[]> {
  const read = readPath(data, expectation.path);
  if (!read.found) return [{ path: read.missing, expected: 'a list', actual: 'absent' }];
  const values = Array.isArray(read.value) ? read.value : [read.value];
  const equals = expectation.equals === undefined ? undefined : await context.resolve(expectation.equals);
  const atLeast = expectation.at_least === undefined ? undefined : await context.resolve(expectation.at_least);
  const atMost = expectation.at_most === undefined ? undefined : await context.resolve(expectation.at_most);
  const failures: ContractFailure[] = [];
  values.forEach((value, index) => {
    const path = itemPath(expectation.path, index);
    if (equals !== undefined && !deepEqual(value, equals))
      failures.push({ path, expected: show(equals), actual: show(value) });
    const [after, before] = typeof value === 'number' ? ['at least', 'at most'] : ['at or after', 'at or before'];
    if (atLeast !== undefined && !(compare(value, atLeast) >= 0))
      failures.push({ path, expected: `${after} ${show(atLeast)}`, actual: show(value) });
    if (atMost !== undefined && !(compare(value, atMost) <= 0))
      failures.push({ path, expected: `${before} ${show(atMost)}`, actual: show(value) });
  });
  return failures;
}

function page(path: string, data: unknown, number: number, size: number): ContractFailure[] {
  const read = readPath(data, path);
  if (!read.found) return [{ path: read.missing, expected: 'a page of events', actual: 'absent' }];
  const result = read.value as { total_count?: unknown; results?: unknown } | null;
  const results = result?.results;
  const total = result?.total_count;
  if (!Array.isArray(results)) return [{ path: `${path}.results`, expected: 'a list', actual: show(results) }];
  if (typeof total !== 'number') return [{ path: `${path}.total_count`, expected: 'a number', actual: show(total) }];
  if (results.length > size)
    return [
      {
        path: `${path}.results`,
        expected: `at most ${size} events (page_size ${size})`,
        actual: `${results.length} events`,
      },
    ];
  const expected = Math.max(0, Math.min(size, total - (number - 1) * size));
  return results.length === expected
    ? []
    : [
        {
          path: `${path}.results`,
          expected: `${expected} events (page ${number} of ${total} events at page_size ${size})`,
          actual: `${results.length} events`,
        },
      ];
}

interface PageSeen {
  readonly number: number;
  readonly page: Record<string, unknown> | undefined;
  readonly results: readonly unknown[] | undefined;
}

function pagesOf(path: string, step: AnsweredStep): PageSeen[] {
  return (step.pages ?? [step.exchange]).map((exchange, index) => {
    const read = readPath(exchange.body?.data, path);
    const page =
      read.found && read.value !== null && typeof read.value === 'object'
        ? (read.value as Record<string, unknown>)
        : undefined;
    return {
      number: index + 1,
      page,
      results: Array.isArray(page?.['results']) ? (page['results'] as unknown[]) : undefined,
    };
  });
}

/**
 * A walk through every page: each item on one page only, as many items as total_count says, full pages before the
 * last, and an empty page after it.
 */
function walk(path: string, idField: string, step: AnsweredStep, size: number): ContractFailure[] {
  const pages = pagesOf(path, step);
  const failures: ContractFailure[] = [];
  const seenOn = new Map<string, number>();
  let count = 0;
  for (const { number, page, results } of pages) {
    const at = `${path} (page ${number})`;
    if (!results) return [{ path: `${at}.results`, expected: 'a list', actual: show(page?.['results']) }];
    if (results.length > size)
      failures.push({
        path: `${at}.results`,
        expected: `at most ${size} items (page_size ${size})`,
        actual: `${results.length} items`,
      });
    const next = pages[number];
    if (next?.results && next.results.length > 0 && results.length < size)
      failures.push({
        path: `${at}.results`,
        expected: `a full page of ${size} (page ${number + 1} has items)`,
        actual: `${results.length} items`,
      });
    for (const item of results) {
      const id = show((item as Record<string, unknown> | null)?.[idField]);
      const earlier = seenOn.get(id);
      if (earlier !== undefined)
        failures.push({
          path: `${at}.results`,
          expected: `each item on one page only (a stable order across pages)`,
          actual: `${id} also on page ${earlier}`,
        });
      else seenOn.set(id, number);
      count += 1;
    }
  }
  const total = pages[0]?.page?.['total_count'];
  if (typeof total !== 'number')
    failures.push({ path: `${path}.total_count`, expected: 'a number', actual: show(total) });
  else if (seenOn.size !== total)
    failures.push({
      path: `${path}.total_count`,
      expected: `the number of distinct items over all pages (${seenOn.size} in ${pages.length} pages of ${size}, ${count} in all)`,
      actual: String(total),
    });
  const last = pages[pages.length - 1];
  if (last?.results && last.results.length > 0)
    failures.push({
      path: `${path} (page ${last.number})`,
      expected: `no items after the last page (total_count ${show(total)}, page_size ${size})`,
      actual: `${last.results.length} items`,
    });
  return failures;
}

/** On every page of a walk: the page number and size echoed, and present (when selected) true exactly when the page has items. */
function walkEcho(path: string, step: AnsweredStep, size: number): ContractFailure[] {
  return pagesOf(path, step).flatMap(({ number, page, results }) => {
    const at = `${path} (page ${number})`;
    const failures: ContractFailure[] = [];
    if (page?.['page'] !== number)
      failures.push({ path: `${at}.page`, expected: String(number), actual: show(page?.['page']) });
    if (page?.['page_size'] !== size)
      failures.push({ path: `${at}.page_size`, expected: String(size), actual: show(page?.['page_size']) });
    const holds = (results?.length ?? 0) > 0;
    if (page !== undefined && 'present' in page && page['present'] !== holds)
      failures.push({
        path: `${at}.present`,
        expected: `${String(holds)} (the page holds ${results?.length ?? 0} items)`,
        actual: show(page?.['present']),
      });
    return failures;
  });
}

/** Compares two numbers, or two date-times by instant; NaN when they are not comparable. */
function compare(value: unknown, bound: unknown): number {
  if (typeof value === 'number' && typeof bound === 'number') return value - bound;
  if (typeof value === 'string' && typeof bound === 'string') return Date.parse(value) - Date.parse(bound);
  return Number.NaN;
}

function itemPath(path: string, index: number): string {
  const parts = path.split('[*]').length;
  return parts === 1 ? path : parts === 2 ? path.replace('[*]', `[${index}]`) : `${path} (item ${index})`;
}

function sortedJson(values: readonly unknown[]): string[] {
  return values.map(canonicalJson).sort();
}

/** JSON values compared as values: the order of an object's keys does not matter, the order of a list does. */
function deepEqual(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(a, b);
}

/** JSON text with every object's keys sorted, so equal values (whatever their key order) give equal text. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
}
