/** `npm run client:generate`: writes clients/typescript/openapi.json and src/schema.d.ts from the current routes. */
import { writeFileSync } from 'node:fs';

import { buildDocument, DOCUMENT_FILE, documentText, SCHEMA_FILE, schemaText } from './document.js';

const document = await buildDocument();
writeFileSync(DOCUMENT_FILE, await documentText(document));
writeFileSync(SCHEMA_FILE, await schemaText(document));
console.log(`Wrote ${DOCUMENT_FILE} and ${SCHEMA_FILE}`);
