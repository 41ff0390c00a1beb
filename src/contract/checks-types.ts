/**
 * checks-types
 *
 * The parts of contracts/checks.json that the contract kit's public types name, as plain TypeScript types. The valibot
 * schema (checks-schema.ts) checks a document against them; keeping them apart keeps valibot's declarations out of the
 * published `.d.ts` files, which a consumer without `skipLibCheck` would otherwise type-check.
 */

/** One expectation on a step's response (or, with `step`, on another step's). */
export type Expectation = ExpectationBody & { readonly step?: string };

/** What an expectation checks. */
type ExpectationBody =
  | { readonly expect: 'valid' }
  | { readonly expect: 'envelope' }
  | { readonly expect: 'walk'; readonly path: string; readonly id: string }
  | { readonly expect: 'walk_echo'; readonly path: string }
  | { readonly expect: 'excludes'; readonly path: string; readonly value: unknown }
  | { readonly expect: 'pairwise_equal'; readonly paths: readonly [string, string] }
  | { readonly expect: 'rejected' }
  | { readonly expect: 'equals' | 'same_members'; readonly path: string; readonly value: unknown }
  | {
      readonly expect: 'each';
      readonly path: string;
      readonly equals?: unknown;
      readonly at_least?: unknown;
      readonly at_most?: unknown;
    }
  | { readonly expect: 'sum'; readonly paths: readonly string[]; readonly equals: string }
  | { readonly expect: 'less_than'; readonly path: string; readonly than: string }
  | { readonly expect: 'page'; readonly path: string; readonly page: unknown; readonly page_size: unknown }
  | { readonly expect: 'disjoint'; readonly paths: readonly [string, string] }
  | { readonly expect: 'sentera_id'; readonly path: string; readonly type_code: string; readonly nullable?: boolean };

/** When a check can be judged: a number at `path` of at least `at_least`, or a list with `distinct_at_least` distinct values. */
export interface SkipUnless {
  readonly step?: string;
  readonly path: string;
  readonly at_least?: number;
  readonly at_most?: number;
  readonly distinct_at_least?: number;
}

/** Which schema changes a schema check reports. */
export type DriftKind = 'documented-breaking' | 'inferred-breaking' | 'dangerous' | 'mock-extension-breaking';
