/** `npm run client:generate`: writes clients/typescript/openapi.json, src/schema.d.ts and docs/api-reference.md from the current routes. */
import { writeFileSync } from 'node:fs';

import { buildDocument, DOCUMENT_FILE, documentText, REFERENCE_FILE, referenceText, SCHEMA_FILE, schemaText } from './document.js';

const document = await buildDocument();
writeFileSync(DOCUMENT_FILE, await documentText(document));
writeFileSync(SCHEMA_FILE, await schemaText(document));
writeFileSync(REFERENCE_FILE, await referenceText(document));
console.log(`Wrote ${DOCUMENT_FILE}, ${SCHEMA_FILE} and ${REFERENCE_FILE}`);
