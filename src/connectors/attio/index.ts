export { attioConnector } from './connector.js';
export { attioManifest } from './manifest.js';
