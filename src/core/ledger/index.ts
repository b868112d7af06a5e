export * from './ledger';
export { parseLedgerLine } from './record';
