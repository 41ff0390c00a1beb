/**
 * control-problem
 */
import type { ControlResponse } from '../http/control-api-types.js';

/**
 * A control API error response.
 *
 * @category Control API
 */
export function problem(status: number, code: string, message: string): ControlResponse {
  return { status, body: { error: { code, message } } };
}
