export { freshdeskConnector } from './connector.js';
export { freshdeskManifest } from './manifest.js';
