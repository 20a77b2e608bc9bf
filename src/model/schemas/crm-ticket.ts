import { dateTime, objectSchema, str, timestamps } from './shared.js';

export const TICKET_STATUSES = ['OPEN', 'IN_PROGRESS', 'WAITING', 'CLOSED'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const TICKET_PRIORITIES = ['LOW', 'MEDIUM', 'HIGH', 'URGENT'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];

/** Weft's default `crm-ticket` schema: a support case (HubSpot ticket, Salesforce Case). */
export const crmTicketSchema = objectSchema('crm-ticket', 'Ticket', {
  subject: str('Subject', 'The subject of the ticket.'),
  description: str('Description', 'What the ticket is about.'),
  status: str('Status', 'Where the ticket is: open, in progress, waiting or closed.', { enum: [...TICKET_STATUSES] }),
  priority: str('Priority', 'The priority of the ticket.', { enum: [...TICKET_PRIORITIES] }),
  pipeline_id: str('Pipeline ID', 'The provider id of the pipeline the ticket is in, where the provider has pipelines.'),
  stage_id: str('Stage ID', 'The provider id of the stage of the ticket, where the provider has stages.'),
  stage_name: str('Stage Name', 'The name of the stage of the ticket.', { readOnly: true }),
  owner_id: str('Owner ID', 'The provider id of the user the ticket is assigned to.'),
  contact_id: str('Contact ID', 'The provider id of the contact who raised the ticket.'),
  company_id: str('Company ID', 'The provider id of the company of the ticket.'),
  closed_at: dateTime('Closed At', 'When the ticket was closed.', { readOnly: true }),
  ...timestamps('ticket'),
});

export interface CrmTicket {
  subject?: string | null;
  description?: string | null;
  status?: TicketStatus | null;
  priority?: TicketPriority | null;
  pipeline_id?: string | null;
  stage_id?: string | null;
  stage_name?: string | null;
  owner_id?: string | null;
  contact_id?: string | null;
  company_id?: string | null;
  closed_at?: string | null;
  created_at?: string | null;
  updated_at?: string | null;
}
