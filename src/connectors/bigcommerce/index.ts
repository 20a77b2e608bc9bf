export { bigcommerceConnector } from './connector.js';
export { bigcommerceManifest } from './manifest.js';
