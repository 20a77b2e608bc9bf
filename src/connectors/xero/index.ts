export { xeroConnector } from './connector.js';
export { xeroManifest } from './manifest.js';
