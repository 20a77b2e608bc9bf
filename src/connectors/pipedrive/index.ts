export { pipedriveConnector } from './connector.js';
export { pipedriveManifest } from './manifest.js';
