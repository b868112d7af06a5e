// Getting the code out of a chat answer: the first fenced block of a finished answer, and, while it streams, the code
// as it arrives with the fences (and any prose around them) left out.
import { closesFence, fencedBlocks, fenceOpen } from '../lang/fences';

export interface CodeBlock {
  language: string;
  code: string;
}

/** Fenced blocks of a finished answer, in order (lang/fences.ts decides where each starts and ends). */
export function codeBlocks(answer: string): CodeBlock[] {
  return fencedBlocks(answer.replace(/\r\n/g, '\n')).map((b) => ({ language: b.info.split(/\s/)[0], code: b.body }));
}

/**
 * The code of an answer: its first non-empty fenced block, or the whole answer when it has none (a model that
 * answered with bare code, or a cached bare answer).
 */
export function extractCode(answer: string): string {
  const blocks = codeBlocks(answer).filter((b) => b.code.trim() !== '');
  if (blocks.length) return blocks[0].code;
  return answer.replace(/^\s*\n/, '').replace(/\s+$/, '');
}

/** Lines of prose tolerated before the first fence; after that the answer is taken to be bare code. */
const MAX_PROSE_LINES = 3;

/**
 * Streams the code of an answer as it arrives: drops an opening fence and the prose before it, stops at the closing
 * fence, and holds back only what might still turn out to be a fence (a line of backticks in the making) and the
 * newline before it. `push` returns the text safe to show now; `finish` the rest.
 */
export class FenceStripper {
  private state: 'start' | 'code' | 'plain' | 'done' = 'start';
  private fence = '```';
  /** text of the current, unfinished line */
  private line = '';
  /** how much of `line` has been given out */
  private lineOut = 0;
  /** a newline owed before the next output (withheld: it may be the one before the closing fence) */
  private owedNewline = false;
  private prose: string[] = [];

  get finished(): boolean {
    return this.state === 'done';
  }

  push(delta: string): string {
    let out = '';
    for (const part of delta.replace(/\r/g, '').split(/(\n)/)) {
      if (part === '') continue;
      if (part === '\n') out += this.endLine();
      else {
        this.line += part;
        out += this.partial();
      }
    }
    return out;
  }

  finish(): string {
    let out = '';
    if (this.line !== '') {
      if (this.state === 'start') {
        this.prose.push(this.line);
        this.line = '';
        this.lineOut = 0;
      } else if (this.state !== 'done' && !this.isClosing(this.line)) out += this.emitRest();
    }
    if (this.state === 'start') {
      const text = this.prose
        .join('\n')
        .replace(/^\s*\n/, '')
        .replace(/\s+$/, '');
      this.prose = [];
      out += text;
    }
    this.state = 'done';
    return out;
  }

  private partial(): string {
    if (this.state !== 'code' && this.state !== 'plain') return '';
    // a line that is only backticks (or tildes) so far might be the closing fence
    if (this.lineOut === 0 && /^\s*(`*|~*)$/.test(this.line)) return '';
    return this.emitRest();
  }

  private emitRest(): string {
    const rest = this.line.slice(this.lineOut);
    if (!rest) return '';
    this.lineOut = this.line.length;
    const nl = this.owedNewline ? '\n' : '';
    this.owedNewline = false;
    return nl + rest;
  }

  private endLine(): string {
    const line = this.line;
    let out = '';
    switch (this.state) {
      case 'start': {
        const open = fenceOpen(line);
        if (open) {
          this.state = 'code';
          this.fence = open.marker;
          this.prose = [];
        } else {
          this.prose.push(line);
          const nonEmpty = this.prose.filter((l) => l.trim() !== '').length;
          if (nonEmpty > MAX_PROSE_LINES) {
            // no fence came: the answer is bare code
            this.state = 'plain';
            const text = this.prose.join('\n').replace(/^\s*\n/, '');
            this.prose = [];
            out = (this.owedNewline ? '\n' : '') + text;
            this.owedNewline = true;
          }
        }
        break;
      }
      case 'code':
        if (this.isClosing(line)) {
          this.state = 'done';
          this.owedNewline = false;
          break;
        }
        out = this.emitRest();
        if (this.lineOut === 0 && line === '') {
          // an empty line: its newline is owed on top of the previous one
          out = this.owedNewline ? '\n' : '';
        }
        this.owedNewline = true;
        break;
      case 'plain':
        out = this.emitRest();
        if (this.lineOut === 0 && line === '') out = this.owedNewline ? '\n' : '';
        this.owedNewline = true;
        break;
      case 'done':
        break;
    }
    this.line = '';
    this.lineOut = 0;
    return out;
  }

  private isClosing(line: string): boolean {
    return closesFence(line, this.fence);
  }
}

/** Leading whitespace of a line. */
export function indentation(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}

/** Width of a line's indentation, a tab counting 4. */
export function indentWidth(line: string): number {
  let n = 0;
  for (const ch of line) {
    if (ch === ' ') n++;
    else if (ch === '\t') n += 4;
    else break;
  }
  return n;
}

/**
 * Re-bases streamed code on the cursor's indentation: the model writes from column 0 (or its own idea of the
 * indentation); each line after the first is moved so the block sits at `indent`, relative indentation kept. When
 * the cursor has only whitespace before it, the first line's own indentation is dropped (the cursor supplies it).
 */
export class Reindenter {
  private line = '';
  private decided = false;
  private first = true;
  private modelIndent: string | undefined;

  /**
   * @param linePrefix text before the insertion point on its line
   * @param indent indentation the block should sit at
   */
  constructor(
    private readonly linePrefix: string,
    private readonly indent: string,
  ) {}

  push(delta: string): string {
    let out = '';
    for (const part of delta.split(/(\n)/)) {
      if (part === '') continue;
      if (part === '\n') {
        if (!this.decided) out += this.decide();
        out += '\n';
        this.line = '';
        this.decided = false;
        this.first = false;
      } else if (this.decided) out += part;
      else {
        this.line += part;
        if (this.line.trim() !== '') out += this.decide();
      }
    }
    return out;
  }

  finish(): string {
    return this.decided || this.line === '' ? '' : this.decide();
  }

  private decide(): string {
    this.decided = true;
    const line = this.line;
    if (line.trim() === '') return '';
    const own = indentation(line);
    if (this.modelIndent === undefined) this.modelIndent = own;
    const body = line.slice(own.length);
    if (this.first) {
      if (this.linePrefix.trim() !== '') return body;
      return this.indent.slice(Math.min(this.linePrefix.length, this.indent.length)) + body;
    }
    const rel = own.startsWith(this.modelIndent)
      ? own.slice(this.modelIndent.length)
      : own.length > this.modelIndent.length
        ? own.slice(this.modelIndent.length)
        : '';
    return this.indent + rel + body;
  }
}

/** Re-bases a finished block (same rules as Reindenter). */
export function reindent(code: string, linePrefix: string, indent: string): string {
  const r = new Reindenter(linePrefix, indent);
  return r.push(code) + r.finish();
}
