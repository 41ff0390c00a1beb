import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import type { JSX } from 'preact';
import {
  config,
  control,
  EVENT_TYPES,
  graphql,
  graphqlProblemText,
  problemText,
  STATUSES,
  type Delivery,
  type InboxEntry,
  type InboxSummary,
  type Organization,
  type Subscription,
  type WebhookEvent,
} from './api.js';

const ORGANIZATIONS = `query ConsoleOrganizations { organizations(pagination: { page: 1, page_size: 1000 }) { results { sentera_id name parent_organization_id } } }`;
const CREATE = `mutation ConsoleCreate($organization: ID!, $url: Url!, $types: [WebhookEventType!]!) { create_webhook_subscription(organization_sentera_id: $organization, callback_url: $url, event_types: $types) { sentera_id } }`;
const UPDATE = `mutation ConsoleUpdate($id: ID!, $url: Url, $types: [WebhookEventType!]) { update_webhook_subscription(sentera_id: $id, callback_url: $url, event_types: $types) { sentera_id } }`;
const DELETE = `mutation ConsoleDelete($organization: ID!, $ids: [ID!]!) { delete_webhook_subscriptions(organization_sentera_id: $organization, sentera_ids: $ids) { sentera_id } }`;
const EVENTS = `query ConsoleEvents($id: ID!, $page: Int!, $type: WebhookEventType, $status: WebhookEventStatus, $range: DateRange) {
  webhook_subscription(sentera_id: $id) { events(pagination: { page: $page, page_size: 20 }, event_type: $type, status: $status, date_range: $range) { total_count page results { sentera_id type status attempts created_at triggering_object_id } } }
}`;

type Notify = (text: string, kind?: 'ok' | 'error') => void;

/** The console: the mock's world, driven through its GraphQL API and control API, updated live over SSE. */
export function App(): JSX.Element {
  const [organizations, setOrganizations] = useState<Organization[]>([]);
  const [subscriptions, setSubscriptions] = useState<Subscription[]>([]);
  const [deliveries, setDeliveries] = useState<Map<string, Delivery>>(new Map());
  const [inboxes, setInboxes] = useState<InboxSummary[]>([]);
  const [inboxEntries, setInboxEntries] = useState<InboxEntry[]>([]);
  const [selectedInbox, setSelectedInbox] = useState<string>('');
  const [selected, setSelected] = useState<Subscription | null>(null);
  const [eventsVersion, setEventsVersion] = useState(0);
  const [live, setLive] = useState<'connecting' | 'live' | 'offline'>('connecting');
  const [message, setMessage] = useState<{ text: string; kind: 'ok' | 'error' } | null>(null);
  const notify: Notify = useCallback((text, kind = 'ok') => setMessage({ text, kind }), []);

  const loadSubscriptions = useCallback(async (orgs: Organization[]) => {
    // One request for every organization's subscriptions: a field alias per organization.
    const query = `query ConsoleSubscriptions(${orgs.map((_, index) => `$o${index}: ID!`).join(', ')}) { ${orgs
      .map(
        (_, index) =>
          `o${index}: webhook_subscriptions(organization_sentera_id: $o${index}, pagination: { page: 1, page_size: 1000 }) { results { sentera_id callback_url event_types } }`,
      )
      .join(' ')} }`;
    if (orgs.length === 0) return setSubscriptions([]);
    const { data } = await graphql<Record<string, { results: Omit<Subscription, 'organization_sentera_id'>[] }>>(
      query,
      Object.fromEntries(orgs.map((organization, index) => [`o${index}`, organization.sentera_id])),
    );
    setSubscriptions(
      orgs.flatMap((organization, index) =>
        (data?.[`o${index}`]?.results ?? []).map((subscription) => ({
          ...subscription,
          organization_sentera_id: organization.sentera_id,
        })),
      ),
    );
  }, []);

  const loadDeliveries = useCallback(async () => {
    const { body } = await control<{ deliveries: Delivery[] }>('GET', '/deliveries');
    setDeliveries(new Map((body.deliveries ?? []).map((delivery) => [delivery.id, delivery])));
  }, []);

  const loadInboxes = useCallback(async () => {
    const { body } = await control<{ inboxes: InboxSummary[] }>('GET', '/inbox');
    setInboxes(body.inboxes ?? []);
  }, []);

  const loadWorld = useCallback(async () => {
    const { data } = await graphql<{ organizations: { results: Organization[] } }>(ORGANIZATIONS);
    const orgs = data?.organizations.results ?? [];
    setOrganizations(orgs);
    await loadSubscriptions(orgs);
  }, [loadSubscriptions]);

  const loadAll = useCallback(
    () => Promise.all([loadWorld(), loadDeliveries(), loadInboxes()]),
    [loadWorld, loadDeliveries, loadInboxes],
  );

  useEffect(() => {
    void loadWorld().then(() => requestAnimationFrame(() => performance.mark('sentera-mock:console-rendered')));
    void loadDeliveries();
    void loadInboxes();
  }, [loadWorld, loadDeliveries, loadInboxes]);

  useEffect(() => {
    if (!selectedInbox) {
      setInboxEntries([]);
      return;
    }
    void control<{ requests: InboxEntry[] }>('GET', `/inbox/${encodeURIComponent(selectedInbox)}`).then(({ body }) =>
      setInboxEntries(body.requests ?? []),
    );
  }, [selectedInbox]);

  useEffect(() => {
    const source = new EventSource('_mock/stream');
    source.onopen = () => setLive('live');
    source.onerror = () => setLive('offline');
    source.addEventListener('delivery', (event) => {
      const delivery = JSON.parse((event as MessageEvent<string>).data) as Delivery;
      setDeliveries((previous) => new Map(previous).set(delivery.id, delivery));
      setEventsVersion((version) => version + 1);
    });
    source.addEventListener('inbox', (event) => {
      const entry = JSON.parse((event as MessageEvent<string>).data) as InboxEntry;
      setInboxes((previous) => {
        const others = previous.filter((inbox) => inbox.name !== entry.inbox);
        const count = (previous.find((inbox) => inbox.name === entry.inbox)?.count ?? 0) + 1;
        return [...others, { name: entry.inbox, count, last_received_at: entry.received_at }].sort((a, b) =>
          a.name.localeCompare(b.name),
        );
      });
      setSelectedInbox((current) => current || entry.inbox);
      setInboxEntries((previous) =>
        previous.length === 0 || previous[0]?.inbox === entry.inbox ? [...previous, entry] : previous,
      );
    });
    source.addEventListener('subscriptions', () => setOrganizations((orgs) => (void loadSubscriptions(orgs), orgs)));
    source.addEventListener('event', () => setEventsVersion((version) => version + 1));
    source.addEventListener('clock', (event) =>
      dispatchEvent(new MessageEvent('sentera-mock:clock', { data: (event as MessageEvent<string>).data })),
    );
    source.addEventListener('reset', () => {
      setSelected(null);
      setSelectedInbox('');
      void loadAll();
    });
    return () => source.close();
  }, [loadAll, loadSubscriptions]);

  const subscriptionsById = useMemo(
    () => new Map(subscriptions.map((subscription) => [subscription.sentera_id, subscription])),
    [subscriptions],
  );

  return (
    <>
      <header class="bar">
        <h1>sentera-mock</h1>
        <nav aria-label="Pages">
          <a href="./" aria-current="page">
            Console
          </a>
          {config.graphiql && <a href={config.graphqlPath}>GraphiQL</a>}
          <a href="_mock">Control API</a>
        </nav>
        <span class={`live live-${live}`} role="status" aria-live="polite">
          {live === 'live' ? '● live' : live === 'connecting' ? '○ connecting' : '○ offline (retrying)'}
        </span>
        <Clock notify={notify} />
        <a class="button" href="_mock/state" download="sentera-mock-state.json">
          Export state
        </a>
        <button
          type="button"
          onClick={async () => {
            if (
              !confirm(
                'Reset the mock to its fixtures? Subscriptions, emitted events, deliveries and inboxes are forgotten.',
              )
            )
              return;
            await control('POST', '/reset');
            notify('The mock is back to its fixtures.');
          }}
        >
          Reset
        </button>
      </header>
      {message && (
        <p class={`message message-${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
          <button type="button" class="link" aria-label="Dismiss" onClick={() => setMessage(null)}>
            ×
          </button>
        </p>
      )}
      <main>
        <section class="panel world" aria-labelledby="world-title">
          <h2 id="world-title">Organizations and webhook subscriptions</h2>
          <OrganizationTree
            organizations={organizations}
            subscriptions={subscriptions}
            selected={selected}
            onSelect={setSelected}
            notify={notify}
          />
          <CreateSubscription organizations={organizations} notify={notify} />
        </section>
        <section class="panel" aria-labelledby="trigger-title">
          <h2 id="trigger-title">Trigger an event</h2>
          <TriggerForm organizations={organizations} notify={notify} />
        </section>
        <section class="panel wide" aria-labelledby="deliveries-title">
          <h2 id="deliveries-title">Deliveries</h2>
          <Deliveries
            deliveries={[...deliveries.values()].reverse()}
            subscriptions={subscriptionsById}
            notify={notify}
          />
        </section>
        <section class="panel" aria-labelledby="inbox-title">
          <h2 id="inbox-title">Inbox</h2>
          <Inbox inboxes={inboxes} selected={selectedInbox} onSelect={setSelectedInbox} entries={inboxEntries} />
        </section>
        {selected && (
          <section class="panel wide" aria-labelledby="events-title">
            <h2 id="events-title">
              Events of <code>{selected.sentera_id}</code>
            </h2>
            <Events subscription={selected} version={eventsVersion} />
          </section>
        )}
      </main>
    </>
  );
}

function Clock(props: { notify: Notify }): JSX.Element {
  const [clock, setClock] = useState<{ now: string; manual: boolean; at: number } | null>(null);
  const [, tick] = useState(0);
  const [advance, setAdvance] = useState('60000');
  const [setTo, setSetTo] = useState('');
  useEffect(() => {
    void control<{ now: string; manual: boolean }>('GET', '/clock').then(({ body }) =>
      setClock({ ...body, at: Date.now() }),
    );
    // A manual clock moves only when told, and the live feed says so; the system clock is shown ticking locally.
    const onClock = (event: Event) =>
      setClock({
        ...(JSON.parse((event as MessageEvent<string>).data) as { now: string; manual: boolean }),
        at: Date.now(),
      });
    addEventListener('sentera-mock:clock', onClock);
    const timer = setInterval(() => tick((count) => count + 1), 1000);
    return () => {
      removeEventListener('sentera-mock:clock', onClock);
      clearInterval(timer);
    };
  }, []);
  if (!clock) return <span class="clock">clock …</span>;
  return (
    <form
      class="clock"
      aria-label="Clock"
      onSubmit={async (event) => {
        event.preventDefault();
        const move =
          (event.submitter as HTMLButtonElement | null)?.value === 'set'
            ? { set: setTo }
            : { advance_ms: Number(advance) };
        const answer = await control<{ now: string }>('POST', '/clock', move);
        if (answer.ok) setClock({ now: answer.body.now, manual: true, at: Date.now() });
        else props.notify(problemText(answer.body.error), 'error');
      }}
    >
      <span title={clock.manual ? 'a manual clock: it moves only when told' : 'the system clock'}>
        <span class="muted">{clock.manual ? 'manual clock' : 'clock'}</span>{' '}
        <time>
          {clock.manual
            ? clock.now
            : new Date(Date.parse(clock.now) + Date.now() - clock.at).toISOString().replace(/\.\d+Z$/, 'Z')}
        </time>
      </span>
      {clock.manual && (
        <>
          <label>
            advance ms{' '}
            <input
              type="number"
              min="0"
              step="1000"
              value={advance}
              onInput={(event) => setAdvance(event.currentTarget.value)}
              size={8}
            />
          </label>
          <button type="submit" value="advance">
            Advance
          </button>
          <label>
            set to{' '}
            <input
              value={setTo}
              onInput={(event) => setSetTo(event.currentTarget.value)}
              placeholder="2022-01-31T14:00:00Z"
              size={20}
            />
          </label>
          <button type="submit" value="set">
            Set
          </button>
        </>
      )}
    </form>
  );
}

function OrganizationTree(props: {
  organizations: Organization[];
  subscriptions: Subscription[];
  selected: Subscription | null;
  onSelect: (subscription: Subscription) => void;
  notify: Notify;
}): JSX.Element {
  const { organizations, subscriptions } = props;
  const children = (parent: string | null) =>
    organizations.filter(
      (organization) =>
        organization.parent_organization_id === parent ||
        (parent === null &&
          organization.parent_organization_id !== null &&
          !organizations.some((candidate) => candidate.sentera_id === organization.parent_organization_id)),
    );
  const render = (organization: Organization): JSX.Element => {
    const own = subscriptions.filter(
      (subscription) => subscription.organization_sentera_id === organization.sentera_id,
    );
    const below = children(organization.sentera_id);
    return (
      <li key={organization.sentera_id}>
        <span class="org">
          <strong>{organization.name}</strong> <code class="id">{organization.sentera_id}</code>
        </span>
        {own.length > 0 && (
          <table class="subscriptions" aria-label={`Webhook subscriptions of ${organization.name}`}>
            <tbody>
              {own.map((subscription) => (
                <SubscriptionRow
                  key={subscription.sentera_id}
                  subscription={subscription}
                  selected={props.selected?.sentera_id === subscription.sentera_id}
                  onSelect={props.onSelect}
                  notify={props.notify}
                />
              ))}
            </tbody>
          </table>
        )}
        {below.length > 0 && <ul>{below.map(render)}</ul>}
      </li>
    );
  };
  if (organizations.length === 0) return <p class="muted">Loading…</p>;
  return <ul class="tree">{children(null).map(render)}</ul>;
}

function SubscriptionRow(props: {
  subscription: Subscription;
  selected: boolean;
  onSelect: (subscription: Subscription) => void;
  notify: Notify;
}): JSX.Element {
  const { subscription, notify } = props;
  const [editing, setEditing] = useState(false);
  const [url, setUrl] = useState(subscription.callback_url);
  const [types, setTypes] = useState<string[]>(subscription.event_types);
  if (editing) {
    return (
      <tr class="editing">
        <td colSpan={3}>
          <form
            aria-label={`Edit ${subscription.sentera_id}`}
            onSubmit={async (event) => {
              event.preventDefault();
              const { errors } = await graphql(UPDATE, { id: subscription.sentera_id, url, types });
              if (errors.length > 0) notify(graphqlProblemText(errors), 'error');
              else {
                notify(`Updated ${subscription.sentera_id}.`);
                setEditing(false);
              }
            }}
          >
            <CallbackUrlInput label="callback_url" value={url} onChange={setUrl} />
            <EventTypeChoice name={`types-${subscription.sentera_id}`} value={types} onChange={setTypes} />
            <button type="submit">Save</button>{' '}
            <button type="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </form>
        </td>
      </tr>
    );
  }
  return (
    <tr class={props.selected ? 'selected' : ''}>
      <td>
        <code class="id">{subscription.sentera_id}</code>
        <div class="url">{subscription.callback_url}</div>
      </td>
      <td>{subscription.event_types.join(', ')}</td>
      <td class="actions">
        <button
          type="button"
          onClick={() => props.onSelect(subscription)}
          aria-label={`Events of ${subscription.sentera_id}`}
        >
          Events
        </button>{' '}
        <button type="button" onClick={() => setEditing(true)} aria-label={`Edit ${subscription.sentera_id}`}>
          Edit
        </button>{' '}
        <button
          type="button"
          class="danger"
          aria-label={`Delete ${subscription.sentera_id}`}
          onClick={async () => {
            const { errors } = await graphql(DELETE, {
              organization: subscription.organization_sentera_id,
              ids: [subscription.sentera_id],
            });
            if (errors.length > 0) notify(graphqlProblemText(errors), 'error');
            else notify(`Deleted ${subscription.sentera_id}.`);
          }}
        >
          Delete
        </button>
      </td>
    </tr>
  );
}

function EventTypeChoice(props: { name: string; value: string[]; onChange: (types: string[]) => void }): JSX.Element {
  return (
    <fieldset class="types">
      <legend>event_types</legend>
      {EVENT_TYPES.map((type) => (
        <label key={type}>
          <input
            type="checkbox"
            name={props.name}
            checked={props.value.includes(type)}
            onChange={(event) =>
              props.onChange(
                event.currentTarget.checked
                  ? [...props.value, type]
                  : props.value.filter((candidate) => candidate !== type),
              )
            }
          />{' '}
          {type}
        </label>
      ))}
    </fieldset>
  );
}

/** The organization a form acts for: a choice among the known organizations. */
function OrganizationChoice(props: {
  organizations: Organization[];
  value: string;
  onChange: (organization: string) => void;
}): JSX.Element {
  return (
    <label>
      Organization{' '}
      <select value={props.value} onChange={(event) => props.onChange(event.currentTarget.value)}>
        {props.organizations.map((candidate) => (
          <option key={candidate.sentera_id} value={candidate.sentera_id}>
            {candidate.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A subscription's callback URL, as the create and edit forms take it. */
function CallbackUrlInput(props: { label: string; value: string; onChange: (url: string) => void }): JSX.Element {
  return (
    <label>
      {props.label}{' '}
      <input
        type="url"
        required
        value={props.value}
        onInput={(event) => props.onChange(event.currentTarget.value)}
        size={48}
      />
    </label>
  );
}

function CreateSubscription(props: { organizations: Organization[]; notify: Notify }): JSX.Element {
  const [organization, setOrganization] = useState(config.documentedOrganization);
  const [url, setUrl] = useState(`${location.origin}/_inbox/my-app`);
  const [types, setTypes] = useState<string[]>(['TASK_MODIFIED']);
  return (
    <form
      class="create"
      aria-labelledby="create-title"
      onSubmit={async (event) => {
        event.preventDefault();
        const { data, errors } = await graphql<{ create_webhook_subscription: { sentera_id: string } | null }>(CREATE, {
          organization,
          url,
          types,
        });
        if (errors.length > 0) props.notify(graphqlProblemText(errors), 'error');
        else props.notify(`Created ${data?.create_webhook_subscription?.sentera_id}.`);
      }}
    >
      <h3 id="create-title">New webhook subscription</h3>
      <OrganizationChoice organizations={props.organizations} value={organization} onChange={setOrganization} />
      <CallbackUrlInput label="Callback URL" value={url} onChange={setUrl} />
      <p class="hint">
        The mock's inbox records anything sent to <code>/_inbox/&lt;name&gt;</code>; add <code>?status=503</code> for a
        receiver that fails.
      </p>
      <EventTypeChoice name="create-types" value={types} onChange={setTypes} />
      <button type="submit">Create subscription</button>
    </form>
  );
}

function TriggerForm(props: { organizations: Organization[]; notify: Notify }): JSX.Element {
  const [type, setType] = useState<string>('TASK_MODIFIED');
  const [organization, setOrganization] = useState(config.documentedOrganization);
  const [createdBy, setCreatedBy] = useState('');
  const [updatedBy, setUpdatedBy] = useState('');
  return (
    <form
      class="trigger"
      onSubmit={async (event) => {
        event.preventDefault();
        const payload: Record<string, string> = {};
        if (createdBy) payload['created_by_id'] = createdBy;
        if (updatedBy && type === 'TASK_MODIFIED') payload['updated_by_id'] = updatedBy;
        const answer = await control<{ event: { sentera_id: string }; subscriptions: string[] }>('POST', '/events', {
          type,
          organization_sentera_id: organization,
          payload,
        });
        if (!answer.ok) props.notify(problemText(answer.body.error), 'error');
        else
          props.notify(
            `Emitted ${answer.body.event.sentera_id} to ${answer.body.subscriptions.length} subscription(s).`,
          );
      }}
    >
      <label>
        Event type{' '}
        <select value={type} onChange={(event) => setType(event.currentTarget.value)}>
          {EVENT_TYPES.map((candidate) => (
            <option key={candidate}>{candidate}</option>
          ))}
        </select>
      </label>
      <OrganizationChoice organizations={props.organizations} value={organization} onChange={setOrganization} />
      <label>
        created_by_id{' '}
        <input
          value={createdBy}
          onInput={(event) => setCreatedBy(event.currentTarget.value)}
          placeholder="generated when empty"
          size={40}
        />
      </label>
      {type === 'TASK_MODIFIED' && (
        <label>
          updated_by_id{' '}
          <input
            value={updatedBy}
            onInput={(event) => setUpdatedBy(event.currentTarget.value)}
            placeholder="generated when empty"
            size={40}
          />
        </label>
      )}
      <button type="submit">Emit event</button>
    </form>
  );
}

function Deliveries(props: {
  deliveries: Delivery[];
  subscriptions: Map<string, Subscription>;
  notify: Notify;
}): JSX.Element {
  if (props.deliveries.length === 0)
    return <p class="muted">No deliveries yet: emit an event and its deliveries appear here as they happen.</p>;
  return (
    <ul class="deliveries" aria-label="Deliveries">
      {props.deliveries.map((delivery) => (
        <li
          key={delivery.id}
          class="delivery"
          aria-label={`Delivery of ${delivery.event_sentera_id} to ${delivery.subscription_sentera_id}`}
        >
          <details>
            <summary>
              <span class={`status status-${delivery.status}`}>{delivery.status}</span>{' '}
              <span class="type">{delivery.event_type}</span> <code class="id">{delivery.event_sentera_id}</code> →{' '}
              <span class="url">{delivery.url}</span>{' '}
              <span class="muted">
                {delivery.attempts.length} attempt{delivery.attempts.length === 1 ? '' : 's'}
                {delivery.next_attempt_at && delivery.status === 'PENDING'
                  ? `, next retry ${delivery.next_attempt_at}`
                  : ''}
              </span>
            </summary>
            <table class="timeline" aria-label="Attempts">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">time</th>
                  <th scope="col">trigger</th>
                  <th scope="col">result</th>
                  <th scope="col">duration</th>
                  <th scope="col">response</th>
                </tr>
              </thead>
              <tbody>
                {delivery.attempts.map((attempt) => (
                  <tr key={attempt.attempt}>
                    <td>{attempt.attempt}</td>
                    <td>
                      <time>{attempt.at}</time>
                    </td>
                    <td>{attempt.trigger}</td>
                    <td>
                      {attempt.status_code ?? ''} {attempt.error ?? ''}
                      {attempt.token_refreshed ? ' (token refreshed)' : ''}
                    </td>
                    <td>{attempt.duration_ms} ms</td>
                    <td>
                      <code class="snippet">{attempt.response}</code>
                    </td>
                  </tr>
                ))}
                {delivery.next_attempt_at && delivery.status === 'PENDING' && (
                  <tr class="next">
                    <td>…</td>
                    <td colSpan={5}>
                      next retry at <time>{delivery.next_attempt_at}</time>
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
            <button
              type="button"
              onClick={async () => {
                const answer = await control(
                  'POST',
                  `/events/${encodeURIComponent(delivery.event_sentera_id)}/redeliver?subscription=${encodeURIComponent(delivery.subscription_sentera_id)}`,
                );
                if (!answer.ok) props.notify(problemText(answer.body.error), 'error');
                else props.notify(`Redelivering ${delivery.event_sentera_id}.`);
              }}
            >
              Redeliver
            </button>
          </details>
        </li>
      ))}
    </ul>
  );
}

function Inbox(props: {
  inboxes: InboxSummary[];
  selected: string;
  onSelect: (name: string) => void;
  entries: InboxEntry[];
}): JSX.Element {
  return (
    <>
      <label>
        Inbox{' '}
        <select value={props.selected} onChange={(event) => props.onSelect(event.currentTarget.value)}>
          <option value="">(choose)</option>
          {props.inboxes.map((inbox) => (
            <option key={inbox.name} value={inbox.name}>
              {inbox.name} ({inbox.count})
            </option>
          ))}
        </select>
      </label>
      {props.selected && (
        <p class="hint">
          <code>POST /_inbox/{props.selected}</code> ·{' '}
          <a href={`_mock/inbox/${encodeURIComponent(props.selected)}`}>JSON</a>
        </p>
      )}
      {props.inboxes.length === 0 && <p class="muted">Nothing received yet. The default subscriptions deliver here.</p>}
      <ol class="inbox" aria-label="Received requests" reversed>
        {[...props.entries].reverse().map((entry) => (
          <li key={entry.id}>
            <details>
              <summary>
                <time>{entry.received_at}</time> {entry.method} → {entry.response_status}{' '}
                <span class="type">{entry.headers['x-sentera-event-type'] ?? ''}</span>{' '}
                <span class={`check check-${entry.signature.status}`} title={entry.signature.detail ?? ''}>
                  signature {entry.signature.status}
                </span>{' '}
                <span class={`check check-${entry.authorization.status}`}>token {entry.authorization.status}</span>
              </summary>
              <table class="headers" aria-label="Headers">
                <tbody>
                  {Object.entries(entry.headers).map(([name, value]) => (
                    <tr key={name}>
                      <th scope="row">{name}</th>
                      <td>{value}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <pre class="body">{pretty(entry.body)}</pre>
            </details>
          </li>
        ))}
      </ol>
    </>
  );
}

function Events(props: { subscription: Subscription; version: number }): JSX.Element {
  const [page, setPage] = useState(1);
  const [type, setType] = useState('');
  const [status, setStatus] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [result, setResult] = useState<{ total_count: number; results: WebhookEvent[] } | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    const range =
      from || to ? { ...(from ? { start_date: `${from}:00Z` } : {}), ...(to ? { end_date: `${to}:59Z` } : {}) } : null;
    void graphql<{ webhook_subscription: { events: { total_count: number; results: WebhookEvent[] } } | null }>(
      EVENTS,
      { id: props.subscription.sentera_id, page, type: type || null, status: status || null, range },
    ).then(({ data, errors }) => {
      setError(errors.length > 0 ? graphqlProblemText(errors) : '');
      setResult(data?.webhook_subscription?.events ?? null);
    });
  }, [props.subscription.sentera_id, props.version, page, type, status, from, to]);
  const pages = result ? Math.max(1, Math.ceil(result.total_count / 20)) : 1;
  return (
    <>
      <form class="filters" aria-label="Event filters" onSubmit={(event) => event.preventDefault()}>
        <label>
          type{' '}
          <select value={type} onChange={(event) => (setType(event.currentTarget.value), setPage(1))}>
            <option value="">any</option>
            {EVENT_TYPES.map((candidate) => (
              <option key={candidate}>{candidate}</option>
            ))}
          </select>
        </label>
        <label>
          status{' '}
          <select value={status} onChange={(event) => (setStatus(event.currentTarget.value), setPage(1))}>
            <option value="">any</option>
            {STATUSES.map((candidate) => (
              <option key={candidate}>{candidate}</option>
            ))}
          </select>
        </label>
        <label>
          from (UTC){' '}
          <input
            type="datetime-local"
            value={from}
            onInput={(event) => (setFrom(event.currentTarget.value), setPage(1))}
          />
        </label>
        <label>
          to (UTC){' '}
          <input type="datetime-local" value={to} onInput={(event) => (setTo(event.currentTarget.value), setPage(1))} />
        </label>
      </form>
      {error && <p role="alert">{error}</p>}
      {result && (
        <>
          <table class="events" aria-label="Events">
            <thead>
              <tr>
                <th scope="col">created_at</th>
                <th scope="col">type</th>
                <th scope="col">status</th>
                <th scope="col">attempts</th>
                <th scope="col">sentera_id</th>
              </tr>
            </thead>
            <tbody>
              {result.results.map((event) => (
                <tr key={event.sentera_id}>
                  <td>
                    <time>{event.created_at}</time>
                  </td>
                  <td>{event.type}</td>
                  <td>
                    <span class={`status status-${event.status}`}>{event.status}</span>
                  </td>
                  <td>{event.attempts}</td>
                  <td>
                    <code class="id">{event.sentera_id}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <nav class="pager" aria-label="Event pages">
            <button type="button" disabled={page <= 1} onClick={() => setPage(page - 1)}>
              Previous
            </button>{' '}
            page {page} of {pages} ({result.total_count} events){' '}
            <button type="button" disabled={page >= pages} onClick={() => setPage(page + 1)}>
              Next
            </button>
          </nav>
        </>
      )}
    </>
  );
}

function pretty(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}
