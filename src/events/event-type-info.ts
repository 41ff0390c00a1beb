/**
 * event-type-info
 */
import { TypeCode } from '../ids/sentera-id.js';
import type { WebhookEventType } from '../store/types.js';
import type { WebhookEventPayload } from './event-types.js';

const TYPENAMES: Readonly<Record<WebhookEventType, WebhookEventPayload['__typename']>> = {
  FEATURE_SET_CREATED: 'FeatureSetCreatedPayload',
  SURVEY_CREATED: 'SurveyCreatedPayload',
  TASK_MODIFIED: 'TaskModifiedPayload',
};

/**
 * The type code of the object each event type is about (the triggering object): FS, CO, TA.
 *
 * @category Events
 */
export const TRIGGERING_TYPE_CODE: Readonly<Record<WebhookEventType, string>> = {
  FEATURE_SET_CREATED: TypeCode.FEATURE_SET,
  SURVEY_CREATED: TypeCode.SURVEY,
  TASK_MODIFIED: TypeCode.TASK,
};

/**
 * The schema.graphql payload type of an event type.
 *
 * @category Events
 */
export function payloadTypename(type: WebhookEventType): WebhookEventPayload['__typename'] {
  return TYPENAMES[type];
}
