export { asanaConnector } from './connector.js';
export { asanaManifest } from './manifest.js';
