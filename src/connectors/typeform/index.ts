export { typeformConnector } from './connector.js';
export { typeformManifest } from './manifest.js';
