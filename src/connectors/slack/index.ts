export { slackConnector } from './connector.js';
export { slackManifest } from './manifest.js';
