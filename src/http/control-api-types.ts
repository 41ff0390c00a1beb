/**
 * control-api-types
 *
 * The shape of the control API as the front door calls it (`/_mock/*`); `src/mock/control-api.ts` implements it.
 */

/**
 * A request to the control API: the path below `/_mock`, e.g. `/reset`.
 *
 * @category Control API
 */
export interface ControlRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  /** The parsed JSON body, or undefined when there was none. */
  readonly body: unknown;
}

/**
 * A response of the control API: a status and a JSON body.
 *
 * @category Control API
 */
export interface ControlResponse {
  readonly status: number;
  readonly body: unknown;
}

/**
 * The control API: a function from request to response. Unknown paths are 404, wrong methods 405, and bad
 * bodies 400, each with `{ error: { code, message } }`.
 *
 * @category Control API
 */
export type ControlApi = (request: ControlRequest) => Promise<ControlResponse>;
