export { closeConnector } from './connector.js';
export { closeManifest } from './manifest.js';
