import { describe, expect, it } from 'vitest';
import { createEventWorldMock } from '../support/test-mock.js';

const EVENTS = `query Events($id: ID!, $page: Int!, $size: Int!, $type: WebhookEventType, $status: WebhookEventStatus, $range: DateRange) {
  webhook_subscription(sentera_id: $id) {
    events(pagination: { page: $page, page_size: $size }, event_type: $type, status: $status, date_range: $range) {
      page page_size present total_count
      results { sentera_id type status attempts created_at triggering_object_id payload { __typename sentera_id created_by_id updated_by_id } }
    }
  }
}`;

describe('WebhookSubscription.events through GraphQL', () => {
  const { mock, subscriptionId: id } = createEventWorldMock();
  const events = async (variables: Record<string, unknown>) =>
    mock.execute({ query: EVENTS, variables: { id, page: 1, size: 5, ...variables } });

  it('answers with the five QueryResult fields and WebhookEvent fields of the right shapes', async () => {
    const result = await events({});
    expect(result.errors).toBeUndefined();
    const page = (
      result.data as {
        webhook_subscription: { events: { results: Array<Record<string, unknown>> } & Record<string, unknown> };
      }
    ).webhook_subscription.events;
    expect(page).toMatchObject({ page: 1, page_size: 5, present: true, total_count: expect.any(Number) });
    expect(page.results).toHaveLength(5);
    for (const event of page.results) {
      expect(event['created_at']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(['TASK_MODIFIED', 'SURVEY_CREATED']).toContain(event['type']);
      expect(event['payload']).toMatchObject({
        __typename: expect.stringMatching(/Payload$/),
        sentera_id: event['triggering_object_id'],
      });
    }
  });

  it('filters by event_type, status and an ISO 8601 date_range together', async () => {
    const result = await events({
      size: 1000,
      type: 'SURVEY_CREATED',
      status: 'FAILED',
      range: { start_date: '2022-01-01T00:05:00Z', end_date: '2022-01-01T00:06:00Z' },
    });
    const page = (
      result.data as {
        webhook_subscription: {
          events: { total_count: number; results: Array<{ type: string; status: string; created_at: string }> };
        };
      }
    ).webhook_subscription.events;
    expect(page.total_count).toBe(page.results.length);
    expect(page.results.length).toBeGreaterThan(0);
    for (const event of page.results) {
      expect(event).toMatchObject({ type: 'SURVEY_CREATED', status: 'FAILED' });
      expect(event.created_at >= '2022-01-01T00:05:00Z' && event.created_at <= '2022-01-01T00:06:00Z').toBe(true);
    }
  });

  it.each([
    [{ size: 0 }, 'INVALID_PAGINATION'],
    [{ size: 1001 }, 'INVALID_PAGINATION'],
    [{ page: 0 }, 'INVALID_PAGINATION'],
    [{ range: { start_date: 'last week' } }, 'INVALID_DATE_TIME'],
    [{ status: 'DONE' }, 'BAD_USER_INPUT'],
  ])('refuses %o with %s', async (variables, code) => {
    const result = await events(variables);
    expect(result.errors?.[0]?.extensions?.['code']).toBe(code);
  });
});
