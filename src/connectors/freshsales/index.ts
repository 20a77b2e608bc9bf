export { freshsalesConnector } from './connector.js';
export { freshsalesManifest } from './manifest.js';
