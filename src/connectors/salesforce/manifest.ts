import { defineManifest } from '../kit/manifest.js';

/** The REST API version Weft speaks to Salesforce. */
export const SALESFORCE_API_VERSION = 'v60.0';

/** Salesforce: the REST API (SOQL queries, sObject Collections) with OAuth 2.0 web-server flow. */
export const salesforceManifest = defineManifest({
  name: 'salesforce',
  displayName: 'Salesforce',
  url: 'https://www.salesforce.com/',
  category: 'CRM',
  auth: {
    oauth2: {
      kind: 'oauth2',
      authorizeUrl: 'https://login.salesforce.com/services/oauth2/authorize',
      tokenUrl: 'https://login.salesforce.com/services/oauth2/token',
      scopes: ['api', 'refresh_token'],
      // Salesforce's web server flow documents `login_hint`: a username that prefills its login page (ignored when the
      // user already has a session in the browser). HubSpot's and Pipedrive's authorize endpoints document none.
      loginHintParam: 'login_hint',
      clientAuth: 'client_secret_post',
      // Salesforce Help, "OAuth 2.0 Web Server Flow for Web App Integration" and "Proof Key for Code Exchange (PKCE)
      // Extension": the web server flow takes `code_challenge` (base64url SHA-256) and `code_verifier`, and
      // recommends PKCE for private clients too. HubSpot's and Pipedrive's authorization requests document no
      // `code_challenge` (see README, Security).
      pkce: true,
    },
  },
  // Calls go to the org's instance_url from the token response; this base is only the login host.
  // instance_url is a My Domain (<name>.my.salesforce.com, sandboxes <name>--<box>.sandbox.my.salesforce.com, partitions
  // such as .develop.my.salesforce.com), a legacy instance (na1.salesforce.com) or older force.com / cloudforce.com
  // hosts; the US Department of Defense's Government Cloud uses my.salesforce.mil.
  api: {
    baseUrl: 'https://login.salesforce.com',
    domains: ['salesforce.com', 'force.com', 'cloudforce.com', 'salesforce.mil'],
  },
  pagination: { style: 'soql-locator', maxPageSize: 2000, next: ['nextRecordsUrl'], done: ['done'] },
  rateLimit: {
    // Salesforce limits requests per org per 24 hours (403 REQUEST_LIMIT_EXCEEDED), not per second; this window only
    // keeps Weft from flooding an org (Salesforce caps long-running concurrent requests at 25).
    window: { max: 50, intervalMs: 1000 },
    headers: {},
  },
  batchSize: { create: 200, update: 200 },
  schemas: {
    'crm-contact': {
      pull: true,
      push: true,
      integration: { name: 'salesforce-contacts', displayName: 'Contacts' },
      associations: ['crm-company'],
    },
    'crm-company': {
      pull: true,
      push: true,
      integration: { name: 'salesforce-accounts', displayName: 'Accounts' },
      associations: [],
    },
    'crm-deal': {
      pull: true,
      push: true,
      integration: { name: 'salesforce-opportunities', displayName: 'Opportunities' },
      associations: ['crm-company', 'crm-contact', 'crm-user'],
    },
    'crm-task': {
      pull: true,
      push: true,
      integration: { name: 'salesforce-tasks', displayName: 'Tasks' },
      associations: ['crm-contact', 'crm-company', 'crm-deal', 'crm-user'],
    },
    'crm-note': {
      pull: true,
      push: true,
      integration: { name: 'salesforce-notes', displayName: 'Notes' },
      associations: ['crm-contact', 'crm-company', 'crm-deal', 'crm-user'],
    },
    'crm-lead': {
      pull: true,
      push: true,
      integration: { name: 'salesforce-leads', displayName: 'Leads' },
      associations: ['crm-user'],
    },
    'crm-ticket': {
      pull: true,
      push: true,
      integration: { name: 'salesforce-cases', displayName: 'Cases' },
      associations: ['crm-contact', 'crm-company', 'crm-user'],
    },
    'crm-activity': {
      pull: true,
      push: true,
      integration: { name: 'salesforce-events', displayName: 'Events' },
      associations: ['crm-contact', 'crm-company', 'crm-deal', 'crm-user'],
    },
    'crm-product': {
      pull: true,
      push: true,
      integration: { name: 'salesforce-products', displayName: 'Products' },
      associations: [],
    },
    'crm-user': {
      pull: true,
      push: false,
      integration: { name: 'salesforce-users', displayName: 'Users' },
      associations: [],
    },
  },
});
