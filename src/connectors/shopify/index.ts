export { shopifyConnector } from './connector.js';
export { shopifyManifest } from './manifest.js';
