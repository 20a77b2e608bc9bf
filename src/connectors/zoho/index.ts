export { zohoConnector } from './connector.js';
export { zohoManifest } from './manifest.js';
