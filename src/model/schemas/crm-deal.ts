import { currency, dateTime, ids, money, objectSchema, str, timestamps } from './shared.js';

export const DEAL_STATUSES = ['OPEN', 'WON', 'LOST'] as const;
export type DealStatus = (typeof DEAL_STATUSES)[number];

/** Weft's default `crm-deal` schema: a sales opportunity in a pipeline (HubSpot deal, Salesforce Opportunity, Pipedrive deal). */
export const crmDealSchema = objectSchema('crm-deal', 'Deal', {
  name: str('Deal Name', 'The name of the deal.'),
  description: str('Description', 'A description of the deal.'),
  amount: money('Amount', 'The value of the deal.'),
  currency: currency('deal'),
  pipeline_id: str('Pipeline ID', 'The provider id of the pipeline the deal is in.'),
  pipeline_name: str('Pipeline Name', 'The name of the pipeline the deal is in.', { readOnly: true }),
  stage_id: str('Stage ID', 'The provider id of the stage of the deal in its pipeline.'),
  stage_name: str('Stage Name', 'The name of the stage of the deal.', { readOnly: true }),
  status: str('Status', 'Whether the deal is open, won or lost.', { enum: [...DEAL_STATUSES] }),
  close_date: str('Close Date', 'When the deal closed or is expected to close.', { format: 'date' }),
  probability: { title: 'Probability', type: 'integer', minimum: 0, maximum: 100, description: 'The chance of winning the deal, in percent.' },
  owner_id: str('Owner ID', 'The provider id of the user who owns the deal.'),
  company_id: str('Company ID', 'The provider id of the company the deal is with.'),
  contact_ids: ids('Contact IDs', 'The provider ids of the contacts of the deal.'),
  last_activity_at: dateTime('Last Activity At', 'When the deal last had an activity.', { readOnly: true }),
  ...timestamps('deal'),
});

export interface CrmDeal {
  name?: string | null;
  description?: string | null;
  amount?: string | null;
  currency?: string | null;
  pipeline_id?: string | null;
  pipeline_name?: string | null;
  stage_id?: string | null;
  stage_name?: string | null;
  status?: DealStatus | null;
  close_date?: string | null;
  probability?: number | null;
  owner_id?: string | null;
  company_id?: string | null;
  contact_ids?: string[] | null;
  last_activity_at?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
}
