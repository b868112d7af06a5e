// The one log channel. Core code gets it through the Logger port; nothing secret is ever passed to it.
import * as vscode from 'vscode';
import type { Logger } from '../core/ports';

export function createLogger(): { logger: Logger; channel: vscode.LogOutputChannel } {
  const channel = vscode.window.createOutputChannel('Frugal', { log: true });
  const logger: Logger = {
    debug: (m) => channel.debug(m),
    info: (m) => channel.info(m),
    warn: (m) => channel.warn(m),
    error: (m) => channel.error(m),
  };
  return { logger, channel };
}
