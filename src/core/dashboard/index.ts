// The cost dashboard's pure side: aggregation, the webview protocol, the HTML shell and the ledger export.
export * from './protocol';
export * from './model';
export * from './export';
export * from './format';
export * from './html';
