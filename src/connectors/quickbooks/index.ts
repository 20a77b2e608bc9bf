export { quickbooksConnector } from './connector.js';
export { quickbooksManifest } from './manifest.js';
