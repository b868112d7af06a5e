export { registerEditCommands, type EditDeps } from './registerEditCommands';
