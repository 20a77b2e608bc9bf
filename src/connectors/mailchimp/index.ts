export { mailchimpConnector } from './connector.js';
export { mailchimpManifest } from './manifest.js';
