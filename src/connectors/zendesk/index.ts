export { zendeskConnector } from './connector.js';
export { zendeskManifest } from './manifest.js';
