/**
 * event-type-info
 */
import { TRIGGERING_TYPE_CODE, type WebhookEventType } from '../store/types.js';
import type { WebhookEventPayload } from './event-types.js';

const TYPENAMES: Readonly<Record<WebhookEventType, WebhookEventPayload['__typename']>> = {
  FEATURE_SET_CREATED: 'FeatureSetCreatedPayload',
  SURVEY_CREATED: 'SurveyCreatedPayload',
  TASK_MODIFIED: 'TaskModifiedPayload',
};

export { TRIGGERING_TYPE_CODE };

/**
 * The schema.graphql payload type of an event type.
 *
 * @category Events
 */
export function payloadTypename(type: WebhookEventType): WebhookEventPayload['__typename'] {
  return TYPENAMES[type];
}
