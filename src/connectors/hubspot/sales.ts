/**
 * HubSpot's deals, tickets, leads, products, notes, tasks and activities (calls, meetings and e-mails as one `crm-activity`)
 * as field tables. Links to contacts, companies and deals are associations, not properties: they are read from the
 * record's `associations` (which the pull always fetches for these objects) and written as associations (push.ts).
 * A deal's or ticket's pipeline and stage names, and a deal's status, come from the portal's pipelines, looked up once
 * per connection.
 */
import { asText } from '../../lib/text.js';
import * as f from '../kit/field-table.js';
import type { ProviderClient } from '../kit/http.js';
import { associatedIds, type HubSpotObject, primaryAssociatedId } from './mapping.js';

/** A stage of a pipeline, as the pipelines API describes it. */
export interface StageInfo {
  id: string;
  label: string;
  /** Deals: the win probability, 0–1. */
  probability: number | null;
  closed: boolean;
}

export interface PipelineInfo {
  id: string;
  label: string;
  stages: StageInfo[];
}

/** The portal's pipelines of an object type; the first is the default one. */
export type Pipelines = PipelineInfo[];

interface PipelinesResponse {
  results?: Array<{ id: string; label: string; stages?: Array<{ id: string; label: string; metadata?: Record<string, string> }> }>;
}

const pipelineCache = (objectType: 'deals' | 'tickets' | 'leads') =>
  f.perConnection<Pipelines>(async (client: ProviderClient) => {
    const res = await client.request<PipelinesResponse>({ method: 'GET', path: `/crm/v3/pipelines/${objectType}` });
    return (res.body.results ?? []).map((p) => ({
      id: p.id,
      label: p.label,
      stages: (p.stages ?? []).map((s) => ({
        id: s.id,
        label: s.label,
        probability: s.metadata?.['probability'] === undefined ? null : Number(s.metadata['probability']),
        closed: s.metadata?.['isClosed'] === 'true' || s.metadata?.['ticketState'] === 'CLOSED',
      })),
    }));
  });

export const dealPipelines = pipelineCache('deals');
export const ticketPipelines = pipelineCache('tickets');
export const leadPipelines = pipelineCache('leads');

const dialect: f.Dialect<HubSpotObject> = {
  name: 'HubSpot',
  get: (o, field) => o.properties[field] ?? (o as unknown as Record<string, unknown>)[field],
  record: (values) => {
    const { associations, kind, ...properties } = values;
    return {
      id: '1',
      properties: Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, asText(v)])),
      ...(associations ? { associations: associations as HubSpotObject['associations'] } : {}),
      ...(kind ? { kind } : {}),
    } as HubSpotObject;
  },
  put: (v) => asText(v),
};

/** A link held as an association to `toType`: one id (the primary, else the first) or all of them; written by push.ts. */
function linked(toType: string, many = false): f.Row<Pipelines> {
  return f.custom<Pipelines>({
    fields: [],
    elsewhere: true,
    sample: { associations: { [toType]: { results: [{ id: '9001', type: 'sample' }] } } },
    read: (get) => {
      const record = { associations: get('associations') } as HubSpotObject;
      return many ? associatedIds(record, toType) : primaryAssociatedId(record, toType);
    },
  });
}

/** A writable instant (HubSpot takes ISO text or epoch milliseconds; Weft writes ISO). */
const instant = (field: string, also: string[] = []): f.Row<Pipelines> =>
  f.custom<Pipelines>({
    fields: [field],
    sample: { [field]: '2024-03-01T10:00:00.000Z' },
    filters: { '': { name: field, type: 'datetime' } },
    read: (get) => f.isoOf(get(field)),
    write(value, out) {
      out.set(field, value);
      for (const other of also) out.set(other, value);
    },
  });

/** An option field read through `table` (unknown values read as null), written back through its inverse. */
function choice(field: string, table: Record<string, string>, back: Record<string, string>): f.Row<Pipelines> {
  return f.custom<Pipelines>({
    fields: [field],
    sample: { [field]: Object.keys(table)[0] },
    read: (get) => table[f.textOf(get(field)) ?? ''] ?? null,
    write(value, out) {
      if (value === null) return out.set(field, null);
      const v = back[value as string];
      if (v === undefined) out.warn(`HubSpot has no ${out.key} ${asText(value)}; it was not written`);
      else out.set(field, v);
    },
  });
}

const stageOf = (pipelines: Pipelines | undefined, pipelineId: unknown, stageId: unknown) => {
  const pipeline = pipelines?.find((p) => p.id === pipelineId) ?? pipelines?.[0];
  return pipeline?.stages.find((s) => s.id === stageId);
};

/** A pipeline's or stage's name from the portal's pipelines (read-only). */
function nameRow(kind: 'pipeline' | 'stage', fields: { pipeline: string; stage: string }, key: string): f.Row<Pipelines> {
  return f.custom<Pipelines>({
    fields: [fields.pipeline, fields.stage],
    sample: { [fields.pipeline]: 'default', [fields.stage]: 'qualifiedtobuy' },
    read(get, ctx) {
      if (kind === 'pipeline') return ctx?.find((p) => p.id === get(fields.pipeline))?.label ?? null;
      return stageOf(ctx, get(fields.pipeline), get(fields.stage))?.label ?? null;
    },
    unwritable: `${key} is read-only (write ${key.replace('_name', '_id')})`,
  });
}

/** A deal's status: won or lost by its stage (HubSpot's `hs_is_closed_won`, `hs_is_closed`), written as a closed stage. */
const dealStatus = f.custom<Pipelines>({
  fields: ['hs_is_closed_won', 'hs_is_closed', 'pipeline'],
  sample: { hs_is_closed_won: 'true', hs_is_closed: 'true' },
  read(get) {
    if (get('hs_is_closed_won') === 'true') return 'WON';
    return get('hs_is_closed') === 'true' ? 'LOST' : get('hs_is_closed') === 'false' ? 'OPEN' : null;
  },
  write(value, out, ctx, common) {
    if (value === null || typeof common['stage_id'] === 'string') return; // the stage given says it all
    const pipeline = ctx?.find((p) => p.id === (common['pipeline_id'] ?? 'default')) ?? ctx?.[0];
    const stage = pipeline?.stages.find((s) =>
      value === 'WON' ? s.closed && s.probability === 1 : value === 'LOST' ? s.closed && s.probability === 0 : !s.closed,
    );
    if (!stage) return out.error(`No stage of the HubSpot pipeline ${pipeline?.id ?? '(none)'} makes a deal ${asText(value)}`);
    out.set('dealstage', stage.id);
  },
});

const DEAL_STAGE = { pipeline: 'pipeline', stage: 'dealstage' };

export const DEAL = f.fieldTable<HubSpotObject, Pipelines>(dialect, {
  name: f.required(f.text('dealname'), 'HubSpot needs a deal name'),
  description: f.text('description'),
  amount: f.money('amount'),
  currency: f.text('deal_currency_code'),
  pipeline_id: f.text('pipeline'),
  pipeline_name: nameRow('pipeline', DEAL_STAGE, 'pipeline_name'),
  stage_id: f.text('dealstage'),
  stage_name: nameRow('stage', DEAL_STAGE, 'stage_name'),
  status: dealStatus,
  // A datetime property in HubSpot: the date is written as its midnight UTC, as HubSpot's own forms do.
  close_date: f.custom<Pipelines>({
    ...f.day('closedate'),
    write: (value, out) => out.set('closedate', value === null ? null : `${asText(value)}T00:00:00.000Z`),
  }),
  // The forecast probability when set, else the stage's; HubSpot keeps 0–1, Weft percent.
  probability: f.custom<Pipelines>({
    fields: ['hs_forecast_probability', 'hs_deal_stage_probability'],
    sample: { hs_deal_stage_probability: '0.4' },
    read(get) {
      const v = f.textOf(get('hs_forecast_probability')) ?? f.textOf(get('hs_deal_stage_probability'));
      return v === null || Number.isNaN(Number(v)) ? null : Math.round(Number(v) * 100);
    },
    write: (value, out) => out.set('hs_forecast_probability', value === null ? null : String((value as number) / 100)),
  }),
  owner_id: f.reference('hubspot_owner_id'),
  company_id: linked('companies'),
  contact_ids: linked('contacts', true),
  last_activity_at: f.date('notes_last_updated'),
  created_at: f.date('createdate', 'createdAt'),
  updated_at: f.date('hs_lastmodifieddate', 'updatedAt'),
});

const TICKET_STAGE = { pipeline: 'hs_pipeline', stage: 'hs_pipeline_stage' };

/** Whether a stage waits on the customer (HubSpot's "Waiting on contact"; "Waiting on us" is work in progress). */
const waitsOnCustomer = (label: string) => /waiting/i.test(label) && !/waiting on us/i.test(label);

/** A ticket's status from its stage: closed, waiting on the customer, open (the pipeline's first) or in progress. */
const ticketStatus = f.custom<Pipelines>({
  fields: ['hs_pipeline', 'hs_pipeline_stage'],
  sample: { hs_pipeline: '0', hs_pipeline_stage: '1' },
  read(get, ctx) {
    const pipeline = ctx?.find((p) => p.id === get('hs_pipeline')) ?? ctx?.[0];
    const stage = pipeline?.stages.find((s) => s.id === get('hs_pipeline_stage'));
    if (!stage || !pipeline) return null;
    if (stage.closed) return 'CLOSED';
    if (waitsOnCustomer(stage.label)) return 'WAITING';
    return pipeline.stages[0] === stage ? 'OPEN' : 'IN_PROGRESS';
  },
  write(value, out, ctx, common) {
    if (value === null || typeof common['stage_id'] === 'string') return;
    const pipeline = ctx?.find((p) => p.id === (common['pipeline_id'] ?? '0')) ?? ctx?.[0];
    const stages = pipeline?.stages ?? [];
    const open = stages.filter((s) => !s.closed);
    const stage =
      value === 'CLOSED'
        ? stages.find((s) => s.closed)
        : value === 'WAITING'
          ? open.find((s) => waitsOnCustomer(s.label))
          : value === 'OPEN'
            ? open[0]
            : (open.find((s, i) => i > 0 && !waitsOnCustomer(s.label)) ?? open[0]);
    if (!stage) return out.error(`No stage of the HubSpot pipeline ${pipeline?.id ?? '(none)'} makes a ticket ${asText(value)}`);
    out.set('hs_pipeline_stage', stage.id);
  },
});

const PRIORITIES = { LOW: 'LOW', MEDIUM: 'MEDIUM', HIGH: 'HIGH', URGENT: 'URGENT' };

export const TICKET = f.fieldTable<HubSpotObject, Pipelines>(dialect, {
  subject: f.required(f.text('subject'), 'HubSpot needs a ticket name (subject)'),
  description: f.text('content'),
  status: ticketStatus,
  priority: choice('hs_ticket_priority', PRIORITIES, PRIORITIES),
  pipeline_id: f.text('hs_pipeline'),
  stage_id: f.text('hs_pipeline_stage'),
  stage_name: nameRow('stage', TICKET_STAGE, 'stage_name'),
  owner_id: f.reference('hubspot_owner_id'),
  contact_id: linked('contacts'),
  company_id: linked('companies'),
  closed_at: f.date('closed_date'),
  created_at: f.date('createdate', 'createdAt'),
  updated_at: f.date('hs_lastmodifieddate', 'updatedAt'),
});

export const PRODUCT = f.fieldTable<HubSpotObject, Pipelines>(dialect, {
  name: f.required(f.text('name'), 'HubSpot needs a product name'),
  description: f.text('description'),
  sku: f.text('hs_sku'),
  unit_price: f.money('price'),
  currency: f.none(null, "HubSpot prices products in the portal's currency; currency was not written"),
  active: f.none(null, 'HubSpot products have no active flag; active was not written'),
  owner_id: f.reference('hubspot_owner_id'),
  created_at: f.date('createdate', 'createdAt'),
  updated_at: f.date('hs_lastmodifieddate', 'updatedAt'),
});

export const NOTE = f.fieldTable<HubSpotObject, Pipelines>(dialect, {
  title: f.none(null, 'HubSpot notes have no title; title was not written'),
  content: f.required(f.text('hs_note_body'), 'HubSpot needs a note body'),
  owner_id: f.reference('hubspot_owner_id'),
  contact_id: linked('contacts'),
  company_id: linked('companies'),
  deal_id: linked('deals'),
  // A note's timestamp is when it was taken: HubSpot requires one, Weft writes the time of the push (push.ts).
  created_at: f.date('hs_createdate', 'createdAt'),
  updated_at: f.date('hs_lastmodifieddate', 'updatedAt'),
});

// HubSpot's WAITING has no common status of its own: it reads as in progress (and IN_PROGRESS writes back as itself).
const TASK_STATUS = { NOT_STARTED: 'OPEN', WAITING: 'IN_PROGRESS', IN_PROGRESS: 'IN_PROGRESS', COMPLETED: 'COMPLETED', DEFERRED: 'CANCELLED' };
const TASK_STATUS_BACK = { OPEN: 'NOT_STARTED', IN_PROGRESS: 'IN_PROGRESS', COMPLETED: 'COMPLETED', CANCELLED: 'DEFERRED' };
const TASK_PRIORITY = { LOW: 'LOW', MEDIUM: 'MEDIUM', HIGH: 'HIGH' };

export const TASK = f.fieldTable<HubSpotObject, Pipelines>(dialect, {
  subject: f.text('hs_task_subject'),
  content: f.text('hs_task_body'),
  status: choice('hs_task_status', TASK_STATUS, TASK_STATUS_BACK),
  priority: choice('hs_task_priority', TASK_PRIORITY, TASK_PRIORITY),
  due_at: instant('hs_timestamp'),
  completed_at: f.date('hs_task_completion_date'),
  owner_id: f.reference('hubspot_owner_id'),
  contact_id: linked('contacts'),
  company_id: linked('companies'),
  deal_id: linked('deals'),
  created_at: f.date('hs_createdate', 'createdAt'),
  updated_at: f.date('hs_lastmodifieddate', 'updatedAt'),
});

/** A lead's status from its stage in the lead pipeline (HubSpot's stage ids; a portal's own stages by their place). */
const LEAD_STAGES: Record<string, string> = {
  'new-stage-id': 'NEW',
  'attempting-stage-id': 'OPEN',
  'connected-stage-id': 'OPEN',
  'qualified-stage-id': 'QUALIFIED',
  'unqualified-stage-id': 'UNQUALIFIED',
};
const disqualifies = (label: string) => /disqualif|unqualif/i.test(label);

const leadStatus = f.custom<Pipelines>({
  fields: ['hs_pipeline', 'hs_pipeline_stage'],
  sample: { hs_pipeline: 'lead-pipeline-id', hs_pipeline_stage: 'attempting-stage-id' },
  read(get, ctx) {
    const id = f.textOf(get('hs_pipeline_stage'));
    if (id === null) return null;
    if (LEAD_STAGES[id]) return LEAD_STAGES[id];
    const pipeline = ctx?.find((p) => p.id === get('hs_pipeline')) ?? ctx?.[0];
    const stage = pipeline?.stages.find((s) => s.id === id);
    if (!stage || !pipeline) return null;
    if (stage.closed) return disqualifies(stage.label) ? 'UNQUALIFIED' : 'QUALIFIED';
    return pipeline.stages[0] === stage ? 'NEW' : 'OPEN';
  },
  write(value, out, ctx) {
    if (value === null) return;
    if (value === 'CONVERTED')
      return out.warn('HubSpot has no converted lead status (a qualified lead becomes a deal in HubSpot); status was not written');
    const stages = ctx?.[0]?.stages ?? [];
    const open = stages.filter((s) => !s.closed);
    const stage =
      value === 'NEW'
        ? open[0]
        : value === 'OPEN'
          ? (open[1] ?? open[0])
          : stages.find((s) => s.closed && disqualifies(s.label) === (value === 'UNQUALIFIED'));
    if (!stage) return out.error(`No stage of the HubSpot lead pipeline makes a lead ${asText(value)}`);
    out.set('hs_pipeline_stage', stage.id);
  },
});

const fromContact = (key: string) => `${key} is calculated by HubSpot from the lead's primary contact (write the contact); it was not written`;

/**
 * HubSpot's lead (object 0-136): a name, a stage in the lead pipeline and a primary contact, whose name and e-mail
 * (and company's name) HubSpot copies onto the lead as read-only properties.
 */
export const LEAD = f.fieldTable<HubSpotObject, Pipelines>(dialect, {
  first_name: f.readOnly(f.text('hs_associated_contact_firstname'), fromContact('first_name')),
  last_name: f.readOnly(f.text('hs_associated_contact_lastname'), fromContact('last_name')),
  title: f.required(f.text('hs_lead_name'), 'HubSpot needs a lead name (title)'),
  company_name: f.readOnly(f.text('hs_associated_company_name'), "company_name is calculated by HubSpot from the lead's company; it was not written"),
  email_addresses: f.readOnly(
    f.custom<Pipelines>({
      fields: ['hs_associated_contact_email'],
      sample: { hs_associated_contact_email: 'ann@acme.com' },
      read: (get) => {
        const email = f.textOf(get('hs_associated_contact_email'));
        return email === null ? [] : [{ email_address: email, email_address_type: 'WORK' }];
      },
    }),
    fromContact('email_addresses'),
  ),
  phone_numbers: f.none([], "HubSpot leads hold no phone numbers (the contact's are on the contact); phone_numbers were not written"),
  addresses: f.none([], "HubSpot leads hold no addresses (the contact's are on the contact); addresses were not written"),
  status: leadStatus,
  owner_id: f.reference('hubspot_owner_id'),
  contact_id: f.required(linked('contacts'), 'HubSpot needs the contact a lead is for (contact_id)'),
  company_id: linked('companies'),
  created_at: f.date('hs_createdate', 'createdAt'),
  updated_at: f.date('hs_lastmodifieddate', 'updatedAt'),
});

/** HubSpot's activity objects that are a `crm-activity`, and their common type. */
export const ACTIVITY_KINDS = { calls: 'CALL', meetings: 'MEETING', emails: 'EMAIL' } as const;
export type ActivityKind = keyof typeof ACTIVITY_KINDS;

/** The HubSpot object of an activity type (undefined for types HubSpot keeps elsewhere or not at all). */
export const kindOfType = (type: unknown): ActivityKind | undefined =>
  (Object.entries(ACTIVITY_KINDS).find(([, t]) => t === type)?.[0] as ActivityKind | undefined) ?? undefined;

/** A field held by a different property on each kind of activity (absent on some). */
function byKind(props: Partial<Record<ActivityKind, string>>, key: string, sample: string): f.Row<Pipelines> {
  const [firstKind, firstField] = Object.entries(props)[0] as [ActivityKind, string];
  return f.custom<Pipelines>({
    fields: Object.values(props),
    sample: { kind: firstKind, [firstField]: sample },
    read(get) {
      const field = props[get('kind') as ActivityKind];
      return field === undefined ? null : f.textOf(get(field));
    },
    write(value, out, _ctx, common) {
      const kind = kindOfType(common['type']);
      const field = kind && props[kind];
      if (field) out.set(field, value);
      else if (kind && value !== null) out.warn(`HubSpot ${kind} have no ${key}; it was not written`);
    },
  });
}

const DIRECTIONS: Partial<Record<ActivityKind, Record<string, string>>> = {
  calls: { INBOUND: 'INBOUND', OUTBOUND: 'OUTBOUND' },
  emails: { INCOMING_EMAIL: 'INBOUND', EMAIL: 'OUTBOUND', FORWARDED_EMAIL: 'OUTBOUND' },
};
const DIRECTIONS_BACK: Partial<Record<ActivityKind, Record<string, string>>> = {
  calls: { INBOUND: 'INBOUND', OUTBOUND: 'OUTBOUND' },
  emails: { INBOUND: 'INCOMING_EMAIL', OUTBOUND: 'EMAIL' },
};

export const ACTIVITY = f.fieldTable<HubSpotObject, Pipelines>(dialect, {
  type: f.custom<Pipelines>({
    fields: [],
    sample: { kind: 'meetings' },
    read: (get) => ACTIVITY_KINDS[get('kind') as ActivityKind] ?? null,
    // Chooses the object written (push.ts); not a property.
    elsewhere: true,
  }),
  title: byKind({ calls: 'hs_call_title', meetings: 'hs_meeting_title', emails: 'hs_email_subject' }, 'title', 'Demo'),
  description: byKind({ calls: 'hs_call_body', meetings: 'hs_meeting_body', emails: 'hs_email_text' }, 'description', 'Walkthrough'),
  timestamp: f.custom<Pipelines>({
    ...instant('hs_timestamp'),
    write(value, out, _ctx, common) {
      out.set('hs_timestamp', value);
      if (common['type'] === 'MEETING') out.set('hs_meeting_start_time', value);
    },
  }),
  user_id: f.reference('hubspot_owner_id'),
  contact_id: linked('contacts'),
  company_id: linked('companies'),
  deal_id: linked('deals'),
  end_timestamp: f.custom<Pipelines>({
    fields: ['hs_meeting_end_time'],
    sample: { kind: 'meetings', hs_meeting_end_time: '2024-03-01T11:00:00.000Z' },
    read: (get) => (get('kind') === 'meetings' ? f.isoOf(get('hs_meeting_end_time')) : null),
    write(value, out, _ctx, common) {
      if (common['type'] === 'MEETING') out.set('hs_meeting_end_time', value);
      else if (value !== null) out.warn('Only HubSpot meetings have an end; end_timestamp was not written');
    },
  }),
  direction: f.custom<Pipelines>({
    fields: ['hs_call_direction', 'hs_email_direction'],
    sample: { kind: 'calls', hs_call_direction: 'INBOUND' },
    read(get) {
      const kind = get('kind') as ActivityKind;
      const field = kind === 'calls' ? 'hs_call_direction' : 'hs_email_direction';
      return DIRECTIONS[kind]?.[f.textOf(get(field)) ?? ''] ?? null;
    },
    write(value, out, _ctx, common) {
      const kind = kindOfType(common['type']);
      const v = kind && value !== null ? DIRECTIONS_BACK[kind]?.[value as string] : undefined;
      if (v !== undefined) out.set(kind === 'calls' ? 'hs_call_direction' : 'hs_email_direction', v);
      else if (value !== null) out.warn(`HubSpot ${kind ?? 'activities'} have no direction; direction was not written`);
    },
  }),
  duration_seconds: f.custom<Pipelines>({
    fields: ['hs_call_duration', 'hs_meeting_start_time', 'hs_meeting_end_time'],
    sample: { kind: 'calls', hs_call_duration: '95000' },
    read(get) {
      if (get('kind') === 'calls') {
        const ms = Number(f.textOf(get('hs_call_duration')) ?? NaN);
        return Number.isFinite(ms) ? Math.round(ms / 1000) : null;
      }
      const start = Date.parse(asText(get('hs_meeting_start_time')));
      const end = Date.parse(asText(get('hs_meeting_end_time')));
      return get('kind') === 'meetings' && Number.isFinite(start) && Number.isFinite(end) ? Math.round((end - start) / 1000) : null;
    },
    write(value, out, _ctx, common) {
      if (common['type'] === 'CALL') out.set('hs_call_duration', value === null ? null : String((value as number) * 1000));
      else if (value !== null && common['type'] !== 'MEETING') out.warn('HubSpot keeps a duration for calls only; duration_seconds was not written');
    },
  }),
  // An e-mail's recipients (HubSpot derives `hs_email_to_email` from the headers Weft writes).
  participants: f.custom<Pipelines>({
    fields: ['hs_email_to_email'],
    sample: { kind: 'emails', hs_email_to_email: 'ada@example.com' },
    read(get) {
      const to = f.textOf(get('hs_email_to_email'));
      return to === null ? [] : to.split(';').map((email) => ({ email_address: email.trim(), email_address_type: null }));
    },
    write(value, out, _ctx, common) {
      const list = (value ?? []) as Array<{ email_address: string }>;
      if (common['type'] === 'EMAIL') out.set('hs_email_headers', JSON.stringify({ to: list.map((p) => ({ email: p.email_address })) }));
      else if (list.length > 0) out.warn('HubSpot keeps the participants of e-mails only; participants were not written');
    },
  }),
  created_at: f.date('hs_createdate', 'createdAt'),
  updated_at: f.date('hs_lastmodifieddate', 'updatedAt'),
});
