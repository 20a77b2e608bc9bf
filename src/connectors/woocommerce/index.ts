export { woocommerceConnector } from './connector.js';
export { woocommerceManifest } from './manifest.js';
