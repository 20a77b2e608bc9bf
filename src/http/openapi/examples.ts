/**
 * An example request body per operation, shown on the reference page; test/api/openapi.test.ts checks that each one
 * is valid by its operation's own schema and is accepted by a running Weft.
 */
const SESSION_ID = '3f1c9a7e5b2d4c6e8f0a1b2c3d4e5f60';

export const BODY_EXAMPLES: Record<string, Record<string, unknown>> = {
  postApiSessionInitiate: { schema: [{ endgrate_type: 'crm-contact' }, { endgrate_type: 'crm-company' }] },
  postApiPullInitiate: {
    schema: [{ endgrate_type: 'crm-contact' }],
    provider: 'hubspot',
    redirect_url: 'https://app.example.com/connected',
    completed_webhook: { endpoint: 'https://app.example.com/hooks/weft' },
  },
  postApiPushInitiate: { schema: [{ endgrate_type: 'crm-company' }] },
  postApiSessionDelete: { session_id: SESSION_ID },
  postApiSessionEditLink: { session_id: SESSION_ID, kind: 'reauthenticate' },
  postApiPullTransfer: { session_id: SESSION_ID, endgrate_type: 'crm-contact', synchronous: true },
  postApiPushTransfer: {
    session_id: SESSION_ID,
    endgrate_type: 'crm-company',
    transfer_data: [{ name: 'Acme Corporation', website: 'https://acme.example.com' }],
    synchronous: true,
  },
  postApiSchemas: { session_id: SESSION_ID, data: [{ endgrate_type: 'crm-contact', associations: true }] },
};
