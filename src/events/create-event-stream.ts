/**
 * create-event-stream
 */
import type { StreamFixture } from '../fixtures/fixture-types.js';
import type { IdGenerator } from '../ids/create-id-generator.js';
import { TypeCode } from '../ids/sentera-id.js';
import { sha256 } from '../runtime/sha256.js';
import type { Organization } from '../store/types.js';
import type { WebhookEvent } from './event-types.js';
import { payloadTypename, TRIGGERING_TYPE_CODE } from './event-type-info.js';
import { createSlotPattern, type SlotPattern } from './slot-pattern.js';

/**
 * A generated stream of events, computed on demand: event i is a pure function of (seed, stream name, i). Index 0 is
 * the newest; created_at strictly decreases with the index (whole seconds, at most one event per second).
 *
 * @category Events
 */
export interface EventStream {
  readonly name: string;
  readonly organization_sentera_id: string;
  readonly count: number;
  readonly pattern: SlotPattern;
  /** created_at of event `index`, in whole seconds since the epoch. */
  secondAt(index: number): number;
  /** The smallest index whose created_at second is at most `second` (`count` when there is none). */
  firstIndexAtOrBefore(second: number): number;
  /** Event `index`, with its generated delivery state. */
  eventAt(index: number): WebhookEvent;
}

/** Options of {@link createEventStream}. */
export interface EventStreamOptions {
  definition: StreamFixture;
  organization: Organization;
  /** The users who create and update the stream's objects (at least one), or a function giving them when first needed. */
  users: readonly string[] | (() => readonly string[]);
  seed: string;
  ids: IdGenerator;
}

/**
 * Creates a stream. Costs O(1000) when first read (the slot cycle, the users), whatever its count; nothing before.
 *
 * @category Events
 */
export function createEventStream(options: EventStreamOptions): EventStream {
  const { definition, organization, seed, ids } = options;
  let users = typeof options.users === 'function' ? undefined : options.users;
  const usersOf = typeof options.users === 'function' ? options.users : () => users as readonly string[];
  const { name, count } = definition;
  const newest = Math.floor(definition.to.getTime() / 1000);
  const oldest = Math.ceil(definition.from.getTime() / 1000);
  const span = newest - oldest;
  const pattern = createSlotPattern({
    types: definition.types,
    statuses: definition.statuses,
    seed: `${seed}\u0000${name}`,
  });
  const secondAt = (index: number) => (count === 1 ? newest : newest - Math.floor((index * span) / (count - 1)));

  return {
    name,
    organization_sentera_id: organization.sentera_id,
    count,
    pattern,
    secondAt,
    firstIndexAtOrBefore(second) {
      let low = 0;
      let high = count;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (secondAt(middle) <= second) high = middle;
        else low = middle + 1;
      }
      return low;
    },
    eventAt(index) {
      const slot = pattern.slot(index);
      const at = new Date(secondAt(index) * 1000);
      const digest = sha256(`${seed}\u0000${name}\u0000${index}`);
      const objectAge = digest.readUInt32BE(0) % (30 * 86_400);
      const triggering = ids.at({
        typeCode: TRIGGERING_TYPE_CODE[slot.type],
        owner: organization,
        stream: `${name}/objects`,
        index,
        at: new Date(at.getTime() - objectAge * 1000),
      });
      users ??= usersOf();
      const createdBy = users[digest.readUInt32BE(4) % users.length] as string;
      const updatedBy = slot.type === 'TASK_MODIFIED' ? (users[digest.readUInt32BE(8) % users.length] as string) : null;
      const attempts =
        slot.status === 'SUCCESS'
          ? 1 + (digest.readUInt8(12) % 10 === 0 ? 1 : 0)
          : slot.status === 'FAILED'
            ? 8
            : digest.readUInt8(13) % 3;
      return {
        sentera_id: ids.at({ typeCode: TypeCode.WEBHOOK_EVENT, owner: organization, stream: name, index, at }),
        organization_sentera_id: organization.sentera_id,
        type: slot.type,
        created_at: at,
        triggering_object_id: triggering,
        payload: {
          __typename: payloadTypename(slot.type),
          sentera_id: triggering,
          created_by_id: createdBy,
          updated_by_id: updatedBy,
        },
        status: slot.status,
        attempts,
      };
    },
  };
}
