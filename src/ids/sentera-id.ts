/**
 * sentera-id
 *
 * The shape of Sentera ids, as documented by example:
 * `b6i0chc_WS_w3njAcmeGrand_CV_deve_85c3a6365_220131_132709`.
 */
import { fail, ok, ErrorCode, type Result } from '../errors.js';

/**
 * The parts of a Sentera id, in order.
 *
 * @category Ids
 */
export interface SenteraIdParts {
  /** 7 lowercase base-36 characters, e.g. `b6i0chc`. */
  readonly nonce: string;
  /** The 2-letter object type code, e.g. `WS` for a webhook subscription, `OR` for an organization. */
  readonly typeCode: string;
  /** The tenant token, copied from the owning organization, e.g. `w3njAcmeGrand`; may be empty. */
  readonly token: string;
  /** The 2-letter system code, `CV` (CloudVault) on nearly every id. */
  readonly system: string;
  /** The environment, e.g. `deve`, `prod`, `stag`. */
  readonly env: string;
  /** 7 to 9 lowercase hex characters (inferred: the short SHA of the build that minted the id). */
  readonly build: string;
  /** The UTC creation time as `yymmdd`. */
  readonly date: string;
  /** The UTC creation time as `hhmmss`. */
  readonly time: string;
}

/**
 * The type codes the mock knows. `WE` (webhook event) is inferred; the others appear in Sentera's documentation.
 *
 * @category Ids
 */
export const TypeCode = {
  ORGANIZATION: 'OR',
  WEBHOOK_SUBSCRIPTION: 'WS',
  WEBHOOK_EVENT: 'WE',
  USER: 'US',
  TASK: 'TA',
  SURVEY: 'CO',
  FEATURE_SET: 'FS',
  FIELD: 'AS',
  FILE: 'FI',
} as const;

/** @category Ids */
export type TypeCode = (typeof TypeCode)[keyof typeof TypeCode];

/** Every documented id matches this. */
const SENTERA_ID = /^([0-9a-z]{7})_([A-Z]{2})_([A-Za-z0-9]*)_([A-Z]{2})_([a-z0-9]+)_([0-9a-f]{7,9})_(\d{6})_(\d{6})$/;

/**
 * The id format as a JSON Schema / ECMAScript `pattern`, for one type code or any.
 *
 * @example
 * ```ts
 * new RegExp(senteraIdPattern('OR')).test('k2m9p4x_OR_ecg4Acme_CV_deve_ef64a0fce_220112_110958'); // true
 * ```
 * @category Ids
 */
export function senteraIdPattern(typeCode?: string): string {
  return SENTERA_ID.source.replace('([A-Z]{2})', typeCode === undefined ? '([A-Z]{2})' : `(${typeCode})`);
}

/** The format, for error messages. */
export const SENTERA_ID_FORMAT =
  '{7 lowercase base-36}_{2-letter type code}_{token}_{2-letter system}_{env}_{7-9 hex}_{yymmdd}_{hhmmss}';

/**
 * Splits a Sentera id into its parts, or says why it is not one.
 *
 * @example
 * ```ts
 * const parsed = parseSenteraId('b6i0chc_WS_w3njAcmeGrand_CV_deve_85c3a6365_220131_132709');
 * if (parsed.ok) parsed.value.token; // 'w3njAcmeGrand'
 * ```
 * @category Ids
 */
export function parseSenteraId(text: string): Result<SenteraIdParts> {
  const match = SENTERA_ID.exec(text);
  if (!match) {
    return fail(ErrorCode.INVALID_SENTERA_ID, `"${text}" is not a Sentera id; expected ${SENTERA_ID_FORMAT}`);
  }
  const [, nonce, typeCode, token, system, env, build, date, time] = match as unknown as [string, ...string[]];
  const parts = { nonce, typeCode, token, system, env, build, date, time } as SenteraIdParts;
  if (!isValidStamp(parts.date, parts.time)) {
    return fail(
      ErrorCode.INVALID_SENTERA_ID,
      `"${text}" is not a Sentera id; its date ${parts.date}_${parts.time} is not a real yymmdd_hhmmss`,
    );
  }
  return ok(parts);
}

/**
 * Whether `text` is a well-formed Sentera id, optionally of the given type code.
 *
 * @category Ids
 */
export function isSenteraId(text: string, typeCode?: string): boolean {
  const parsed = parseSenteraId(text);
  return parsed.ok && (typeCode === undefined || parsed.value.typeCode === typeCode);
}

/**
 * Joins parts into a Sentera id. The inverse of {@link parseSenteraId}.
 *
 * @category Ids
 */
export function formatSenteraId(parts: SenteraIdParts): string {
  return [parts.nonce, parts.typeCode, parts.token, parts.system, parts.env, parts.build, parts.date, parts.time].join(
    '_',
  );
}

/**
 * The `yymmdd` and `hhmmss` segments of an instant, in UTC.
 *
 * @category Ids
 */
export function stampOf(instant: Date): { date: string; time: string } {
  const iso = instant.toISOString(); // 2022-01-31T13:27:09.000Z
  return {
    date: iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10),
    time: iso.slice(11, 13) + iso.slice(14, 16) + iso.slice(17, 19),
  };
}

function isValidStamp(date: string, time: string): boolean {
  const month = Number(date.slice(2, 4));
  const day = Number(date.slice(4, 6));
  const hour = Number(time.slice(0, 2));
  const minute = Number(time.slice(2, 4));
  const second = Number(time.slice(4, 6));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 59;
}
