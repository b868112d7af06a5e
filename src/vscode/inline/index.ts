export { registerInline, configSupportsFim, type InlineDeps } from './registerInline';
