export { registerInline, configSupportsFim, inlineEngine, type InlineDeps } from './registerInline';
