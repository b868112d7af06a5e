// Interfaces the editor side implements. The core depends on these, never on 'vscode'.

export { systemClock, type Clock } from './clock';

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface SecretSource {
  /** The API key for a provider id, or undefined when none is stored. */
  getApiKey(providerId: string): Promise<string | undefined>;
}

/** Small persistent key-value state (VS Code's Memento). */
export interface KeyValueStore {
  get<T>(key: string): T | undefined;
  set(key: string, value: unknown): Promise<void>;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/** Collects lines in memory; handy in tests. */
export class MemoryLogger implements Logger {
  readonly lines: string[] = [];
  debug(m: string): void {
    this.lines.push(`debug ${m}`);
  }
  info(m: string): void {
    this.lines.push(`info ${m}`);
  }
  warn(m: string): void {
    this.lines.push(`warn ${m}`);
  }
  error(m: string): void {
    this.lines.push(`error ${m}`);
  }
}
