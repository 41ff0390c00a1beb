/**
 * parse-event-log-snapshot
 */
import * as v from 'valibot';
import { ok, type Result } from '../errors.js';
import { WEBHOOK_EVENT_TYPES } from '../store/types.js';
import { readDocument } from '../validate/check-document.js';
import { notAList, parsedBy } from '../validate/schema-parts.js';
import type { WebhookEvent, WebhookEventStatus } from './event-types.js';

/** The event log's share of a saved state. */
export interface EventLogSnapshot {
  /** Emitted events forgotten by retention so far. */
  readonly dropped: number;
  readonly emitted: ReadonlyArray<{ readonly event: WebhookEvent; readonly recipients: readonly string[] }>;
  readonly states: ReadonlyArray<{
    readonly subscription: string;
    readonly event: string;
    readonly status: WebhookEventStatus;
    readonly attempts: number;
  }>;
}

const STATUSES = ['PENDING', 'SUCCESS', 'FAILED'] as const satisfies readonly WebhookEventStatus[];

const NOT_AN_EVENT =
  'expected a webhook event (sentera_id, organization_sentera_id, type, created_at, triggering_object_id, payload, status, attempts)';
const eventText = v.string(NOT_AN_EVENT);

const event: v.GenericSchema<unknown, WebhookEvent> = v.looseObject(
  {
    sentera_id: eventText,
    organization_sentera_id: eventText,
    type: v.picklist(WEBHOOK_EVENT_TYPES, NOT_AN_EVENT),
    created_at: parsedBy((value) => {
      const createdAt = new Date(String(value));
      return Number.isNaN(createdAt.getTime()) ? { ok: false, message: NOT_AN_EVENT } : { ok: true, value: createdAt };
    }),
    triggering_object_id: eventText,
    payload: v.looseObject(
      {
        __typename: v.picklist(
          ['TaskModifiedPayload', 'SurveyCreatedPayload', 'FeatureSetCreatedPayload'],
          NOT_AN_EVENT,
        ),
        sentera_id: eventText,
        created_by_id: eventText,
        updated_by_id: v.nullable(eventText),
      },
      NOT_AN_EVENT,
    ),
    status: v.picklist(STATUSES, NOT_AN_EVENT),
    attempts: v.pipe(v.number(NOT_AN_EVENT), v.integer(NOT_AN_EVENT)),
  },
  NOT_AN_EVENT,
);

const NOT_EMITTED = 'expected {event, recipients}';
const NOT_A_STATE = 'expected {subscription, event, status, attempts}';

const snapshot = notAList(
  'expected {emitted: [...], states: [...]}',
  v.object(
    {
      dropped: v.optional(
        v.pipe(
          v.number('expected a whole number >= 0'),
          v.safeInteger('expected a whole number >= 0'),
          v.minValue(0, 'expected a whole number >= 0'),
        ),
        0,
      ),
      emitted: v.array(
        v.object({ event, recipients: v.array(v.string(NOT_EMITTED), NOT_EMITTED) }, NOT_EMITTED),
        'expected {emitted: [...], states: [...]}',
      ),
      states: v.array(
        v.object(
          {
            subscription: v.string(NOT_A_STATE),
            event: v.string(NOT_A_STATE),
            status: v.picklist(STATUSES, NOT_A_STATE),
            attempts: v.pipe(v.number(NOT_A_STATE), v.integer(NOT_A_STATE), v.minValue(0, NOT_A_STATE)),
          },
          NOT_A_STATE,
        ),
        'expected {emitted: [...], states: [...]}',
      ),
    },
    'expected {emitted: [...], states: [...]}',
  ),
);

/**
 * Checks data claiming to be an {@link EventLogSnapshot}; every problem names its path under `at`.
 */
export function parseEventLogSnapshot(data: unknown, at: string): Result<EventLogSnapshot> {
  if (data === undefined) return ok({ dropped: 0, emitted: [], states: [] });
  return readDocument(snapshot, data, at);
}
