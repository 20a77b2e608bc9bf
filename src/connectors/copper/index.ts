export { copperConnector } from './connector.js';
export { copperManifest } from './manifest.js';
