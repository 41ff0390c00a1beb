/**
 * receiver-check
 *
 * The vocabulary of the receiver check, the contract kit's turned round: the same levels, statuses and findings
 * (`CheckName`, `CheckStatus`, `ContractFailure`), with groups of their own instead of the contract's layers.
 */
import {
  judge,
  type CheckName,
  type CheckStatus,
  type CheckVerdict,
  type ContractFailure,
} from '../contract/contract-check.js';

/**
 * What a group of receiver checks looks at. `signature` runs only with a secret, `authentication` only with client
 * credentials.
 *
 * @category Receiver check
 */
export type ReceiverCheckGroup = 'acknowledgement' | 'signature' | 'authentication' | 'robustness';

/** Every group, in the order the check runs them. */
export const RECEIVER_CHECK_GROUPS: readonly ReceiverCheckGroup[] = [
  'acknowledgement',
  'signature',
  'authentication',
  'robustness',
];

/**
 * The result of one receiver check. `status` follows the level of the name as in the contract kit: a failed MUST is
 * `error`, a failed SHOULD `warn`, a failed MAY `notice`.
 *
 * @category Receiver check
 */
export interface ReceiverResult {
  readonly id: string;
  readonly name: CheckName;
  readonly group: ReceiverCheckGroup;
  readonly status: CheckStatus;
  readonly reason?: string;
  /** What was sent and what came back, one entry per delivery that went wrong. */
  readonly failures: readonly ContractFailure[];
  readonly durationMs: number;
}

/**
 * One check of a webhook receiver: data with a stable id and a MUST/SHOULD/MAY name. `run()` never throws for a
 * misbehaving receiver.
 *
 * @category Receiver check
 */
export interface ReceiverCheck {
  readonly id: string;
  readonly name: CheckName;
  readonly group: ReceiverCheckGroup;
  run(): Promise<ReceiverResult>;
}

/** Builds a receiver check from its body; a body that throws is a failure naming the exception. */
export function receiverCheck(
  id: string,
  name: CheckName,
  group: ReceiverCheckGroup,
  body: () => Promise<CheckVerdict>,
  now: () => number = performance.now.bind(performance),
): ReceiverCheck {
  return { id, name, group, run: async () => ({ id, name, group, ...(await judge(name, body, now)) }) };
}
