export { dynamicsConnector } from './connector.js';
export { dynamicsManifest } from './manifest.js';
