/** @zohocrm/nodejs-sdk-8.0 ships no types; the referee test (sdk.test.ts) uses it untyped. */
declare module '@zohocrm/nodejs-sdk-8.0';
