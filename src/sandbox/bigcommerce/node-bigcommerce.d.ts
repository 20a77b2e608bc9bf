// node-bigcommerce ships no types: the referee test (api.test.ts) declares what it uses of the client.
declare module 'node-bigcommerce';
