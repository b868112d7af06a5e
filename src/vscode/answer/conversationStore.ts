// Conversations kept per workspace (workspaceState): the newest first, at most MAX_KEPT; a damaged or older-schema
// entry is set aside with a log line, never a crash.
import type * as vscode from 'vscode';
import { parseConversation, type Conversation } from '../../core/conversation';
import type { Logger } from '../../core/ports';

const KEY = 'frugal.conversations.v1';
const MAX_KEPT = 30;

export class ConversationStore {
  private list: Conversation[];

  constructor(
    private readonly memento: vscode.Memento,
    private readonly logger: Logger,
  ) {
    const raw = memento.get<unknown[]>(KEY) ?? [];
    const ok = (Array.isArray(raw) ? raw : []).map(parseConversation).filter((c): c is Conversation => !!c);
    if (Array.isArray(raw) && ok.length !== raw.length)
      logger.warn(`Conversations: ${raw.length - ok.length} damaged conversation(s) set aside.`);
    this.list = ok;
  }

  all(): readonly Conversation[] {
    return this.list;
  }

  get(id: string): Conversation | undefined {
    return this.list.find((c) => c.id === id);
  }

  async save(c: Conversation): Promise<void> {
    this.list = [c, ...this.list.filter((x) => x.id !== c.id)].slice(0, MAX_KEPT);
    await this.persist();
  }

  async remove(id: string): Promise<void> {
    this.list = this.list.filter((x) => x.id !== id);
    await this.persist();
  }

  async clear(): Promise<void> {
    this.list = [];
    await this.persist();
  }

  private async persist(): Promise<void> {
    try {
      await this.memento.update(KEY, this.list);
    } catch (e: any) {
      this.logger.error(`Conversations: could not be saved: ${e?.message ?? e}`);
    }
  }
}
