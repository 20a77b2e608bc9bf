export { salesforceConnector } from './connector.js';
export { salesforceManifest } from './manifest.js';
