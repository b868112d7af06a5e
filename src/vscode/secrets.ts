// API keys live in SecretStorage only. FRUGAL_API_KEY in the environment is read as a fallback (the demo uses it);
// nothing here is logged.
import * as vscode from 'vscode';
import type { SecretSource } from '../core/ports';

const keyName = (providerId: string): string => `frugal.apiKey.${providerId}`;

export class SecretStore implements SecretSource {
  constructor(private readonly storage: vscode.SecretStorage) {}

  async getApiKey(providerId: string): Promise<string | undefined> {
    const stored = await this.storage.get(keyName(providerId));
    return stored || process.env.FRUGAL_API_KEY || undefined;
  }

  async setApiKey(providerId: string, key: string): Promise<void> {
    await this.storage.store(keyName(providerId), key);
  }

  async deleteApiKey(providerId: string): Promise<void> {
    await this.storage.delete(keyName(providerId));
  }

  async hasStoredKey(providerId: string): Promise<boolean> {
    return !!(await this.storage.get(keyName(providerId)));
  }
}
