/**
 * control-problem
 */
import type { Problem } from '../errors.js';
import type { ControlResponse } from '../http/control-api-types.js';

/**
 * A control API error response.
 *
 * @category Control API
 */
export function problem(status: number, code: string, message: string): ControlResponse {
  return { status, body: { error: { code, message } } };
}

/**
 * The 400 answer refusing what a request sent (its body, its query, or something they name), with the problem's code
 * and message.
 *
 * @category Control API
 */
export function refusal(refused: Problem): ControlResponse {
  return problem(400, refused.code, refused.message);
}
