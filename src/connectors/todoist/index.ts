export { todoistConnector } from './connector.js';
export { todoistManifest } from './manifest.js';
