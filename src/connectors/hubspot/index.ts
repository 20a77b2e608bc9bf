export { hubspotConnector } from './connector.js';
export { hubspotManifest } from './manifest.js';
