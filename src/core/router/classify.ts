// The tier classifier: which of cheap / coder / reasoner can do this request. Pure, synchronous, deterministic,
// and fast enough to run on every keystroke-triggered request (a few dozen regex tests over short text).
import { fencedBlocks } from '../lang/fences';
import { languageInfo } from '../lang/table';
import type { EditorRequest, Task, Tier } from '../types';
import {
  ATTACK_CLASS,
  ATTACK_CLASS_AS_DATA,
  BENIGN_PHRASES,
  CHEAP_CUES,
  CODE_CUES,
  CODER_CUES,
  CONCEPTUAL,
  CONCEPTUAL_MARKER,
  DEPENDENCY_BUMP,
  LANGUAGE_NAMES,
  NOT_CONCEPTUAL,
  FREQUENCY,
  JUSTIFY,
  PROBING,
  PROSE_LANGUAGES,
  REASONER_CUES,
  REASONER_THRESHOLD,
  STRUCTURE_NODES,
  STATE_SYMPTOM,
  SYMPTOM,
  SYMPTOM_WEIGHT,
  TEXT_OUTPUTS,
  type TierCue,
  type Topic,
} from './cues';
import {
  ALGORITHM_CODE_FEATURES,
  FEATURE_CODE_REGEXES,
  FEATURE_TEXT_REGEXES,
  REPORT_EVIDENCE,
  describeFeature,
  features,
  plainMath,
  scoreModel,
  type LinearModel,
  type ModelScore,
} from './features';
import { isProse, maskProse, opensWithSentence, plainNotation, splitCode } from './mask';
import {
  describeNamed,
  NAMED_SCAN_CHARS,
  namedProblem,
  prepareKnownProblems,
  statementProblem,
  stubProblem,
  type NamedProblem,
} from './known';
import { MODEL } from './model';
import { Prefilter, type TextScan } from './prefilter';

export type ClassifyInput = Pick<EditorRequest, 'task' | 'instruction' | 'languageId' | 'selection' | 'diagnostics'>;

export interface Classification {
  tier: Tier;
  /** One line a user understands, starting with the tier. */
  reason: string;
  /** Machine-readable evidence, e.g. `task:fix`, `concurrency:deadlock`, `code:locks`, `cheap:naming`. */
  signals: string[];
}

/** Where each command leans before its content is read, and how strongly. */
const PRIORS: Record<Task, { tier: 'cheap' | 'coder'; w: number }> = {
  explain: { tier: 'cheap', w: 2 },
  document: { tier: 'cheap', w: 3 },
  ask: { tier: 'cheap', w: 1 },
  generate: { tier: 'coder', w: 2 },
  refactor: { tier: 'coder', w: 2.5 },
  tests: { tier: 'coder', w: 2 },
  fix: { tier: 'coder', w: 2.5 },
  complete: { tier: 'coder', w: 4 },
};

/** A cue that only restates the command adds nothing ("tests" under Write Tests, "refactor" under Refactor). */
const REDUNDANT: Partial<Record<Task, string>> = { tests: 'tests', refactor: 'refactor' };

/**
 * Commands whose output is rarely an argument need stronger evidence. Complete: inline completions have no thinking
 * budget and the reasoner has no FIM. Document: the doc must carry a real argument ("why these orderings suffice"),
 * not restate a fact the user gives ("note that this is safe to call from several goroutines").
 */
const THRESHOLDS: Partial<Record<Task, number>> = { complete: 6, document: 4.5 };
/** Scanning more of a huge selection would cost time and add nothing the first screens do not show. */
const MAX_SCAN_CHARS = 8000;
/** How much of the user's words the policy's phrase cues read. */
const RULES_SCAN_CHARS = 2000;
/**
 * How much of the user's words the evidence features read (a long pasted statement is about 2,500 characters). Past
 * this, a statement's middle is mostly worked examples: leaving it out held out as well as reading 4,000 characters
 * did (LOSO pooled exact 0.659 -> 0.662, recall 0.562 -> 0.572) and costs less time on the longest requests.
 */
const MAX_WORDS_CHARS = 3000;
/** Of those, how many come from the end of a longer text. */
const TAIL_CHARS = 1200;
/** Instructions that say no more than "explain this" leave the selected code to speak. */
const BARE_EXPLAIN =
  /^(please )?(explain|describe|what does (this|it) do|what is this|walk me through)( (this|it|the code|the selection|this code|this function))?( please)?[.?!]*$/;

interface Hit {
  topic: Topic;
  w: number;
  word: string;
  fromCode: boolean;
  noun?: boolean;
  /** Where the words matched, for words cues. */
  at?: number;
}

/** Commands under which a question is a request for an answer, so its frame counts ("is it safe …", "can this …"). */
const QUESTION_TASKS: ReadonlySet<Task> = new Set<Task>(['explain', 'ask', 'fix']);
const FRAME_WEIGHT = 1;
/** "How do I …" asks for a recipe, not for an argument about behaviour. */
const HOW_TO = /\bhow (to|(do|can|could|should|would) (i|we|you))\b/;
const threshold0 = (task: Task): number => THRESHOLDS[task] ?? REASONER_THRESHOLD;

/** A question about the risk of the selected code that names no kind of risk ("is this safe?"). */
const SAFETY_PROBE =
  /\b(is|are) (this|it|that|these|the \w+)( (code|function|snippet|query|queries|endpoint|handler|route|method|class|script|implementation|line|call))? (really |actually )?(safe|dangerous|risky|exploitable|ok to ship)\b|\bsafe to (use|run|ship|deploy|merge|expose)\b|\bwhat (can|could) go wrong\b|\b(anything|something) (i|we) should (worry|know) about\b|\bany risks?\b/;

const SAFETY_PROBE_WEIGHT = 2;

/** Commands under which a question written in a comment of the selection is the user's question. */
const READS_COMMENTS: ReadonlySet<Task> = new Set<Task>(['ask', 'fix']);
/** Instructions that defer to the code ("see the comment", "the FIXME", "?"), or say nothing at all. */
const POINTS_AT_CODE =
  /^$|\b(comments?|todo|fixme|note|question|see (above|below|code))\b|^\W*$|^(explain|help|why|this|pls|please|\?)( (this|pls|please))?\W*$/;
/** Comment lines in a selection (//, #, --, /* and * continuation lines). */
const COMMENT_LINE = /^\s*(?:\/\/+|#+(?![!\w])|--|\/\*+|\*(?!\/))\s*(.*?)\s*(?:\*\/)?\s*$/;
/** A comment that asks something or flags a bug. */
const ASKING_COMMENT = /\?|^(fixme|bug|xxx)\b/i;

/**
 * Questions the user wrote into the selected code ("# why is user None here only on prod??"): under Explain, Ask or
 * Fix with an instruction that says nothing of its own, they are the request. Only the first screens are read.
 */
function commentQuestions(selection: string): string {
  const out: string[] = [];
  const lines = selection.split('\n', 60);
  for (const line of lines) {
    const m = COMMENT_LINE.exec(line);
    if (m && m[1] && ASKING_COMMENT.test(m[1])) out.push(m[1]);
    if (out.length >= 3) break;
  }
  return out.join(' . ');
}

/**
 * Runs of whitespace other than a single space (which would be replaced by itself): collapsing these to one space is
 * /\s+/g -> ' ', with far fewer replacements.
 */
const WHITESPACE_RUN = /[^\S ]\s*| \s+/g;

/**
 * Lower-cased, whitespace collapsed, BENIGN_PHRASES blanked; with the scan of the result. Phrases run in order on the
 * text the previous ones left, so the first scan decides which may match only while none has matched; after the
 * first blanking (rare: a few requests in a thousand) the rest run and the result is scanned again.
 */
function normalise(text: string): { t: string; scan: TextScan } {
  const t0 = text.toLowerCase().replace(WHITESPACE_RUN, ' ').trim();
  const scan0 = WORDS_FILTER.scan(t0);
  let t = t0;
  for (const re of BENIGN_PHRASES) {
    if (t === t0 && !scan0.may(re)) continue;
    t = t.replace(re, ' ~ ');
  }
  if (scan0.may(ATTACK_CLASS_AS_DATA) && ATTACK_CLASS_AS_DATA.test(t)) t = t.replace(ATTACK_CLASS, ' ~ ');
  if (t === t0) return { t, scan: scan0 };
  scan0.release();
  return { t, scan: WORDS_FILTER.scan(t) };
}

/** `re.test(text)` where `text` is the scanned text or its opening (regexes whose literals are missing never run). */
function has(re: RegExp, text: string, scan: TextScan): boolean {
  return scan.test(re, text);
}

function firstMatch(re: RegExp, text: string, scan: TextScan): string | undefined {
  return scan.match(re, text)?.trim();
}

const globalCopies = new Map<RegExp, RegExp>();

/** A global copy of `re`, made once. */
function globalCopy(re: RegExp): RegExp {
  let g = globalCopies.get(re);
  if (!g) {
    g = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
    globalCopies.set(re, g);
  }
  return g;
}

/** Distinct matches of a cue in the code, so five different atomic operations weigh more than one. */
function distinctMatches(re: RegExp, text: string, limit: number): number {
  const g = globalCopy(re);
  g.lastIndex = 0;
  const seen = new Set<string>();
  for (let m = g.exec(text); m && seen.size < limit; m = g.exec(text)) {
    seen.add(m[0]);
    if (m[0].length === 0) g.lastIndex++;
  }
  return seen.size;
}

function countLines(text: string): number {
  if (!text) return 0;
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') ? n - 1 : n;
}

/**
 * Whether a normalised text has at most `max` words (`max` - 1 spaces). Stops counting at the first space too many:
 * a long statement is not read to its end to learn it has more than a handful of words.
 */
function atMostWords(text: string, max: number): boolean {
  let n = 0;
  for (let i = text.indexOf(' '); i >= 0; i = text.indexOf(' ', i + 1)) if (++n >= max) return false;
  return true;
}

function languageName(id: string): string {
  return LANGUAGE_NAMES[id] ?? (id || 'unknown language');
}

function contextPhrase(req: ClassifyInput): string {
  const lines = countLines(req.selection);
  if (!lines) return 'no selection';
  return `${lines} line${lines === 1 ? '' : 's'} of ${languageName(req.languageId)} context`;
}

/** Short, single-line rendering of a matched phrase for a reason. */
function shortWord(word: string): string {
  // Masked spans ("·" for inline code) are dropped with the other symbols, and the spaces around them close up.
  const w = word
    .replace(/[^\w\s'/+#.()^*≤≥-]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return w.length > 28 ? w.slice(0, 27) + '…' : w;
}

const NONE: ReadonlySet<string> = new Set();

/**
 * Words that address the assistant in the sentence of a request for code: "can you write…", "please convert…",
 * "give me a snippet", "how do I write…", "…small example pls". Without one, and not opening its sentence, the words
 * tell the user's story: "I know I can do this using loops", "as in the code snippet above", "when I do it with new
 * tasks the buttons fail", "create my own range class" (among solutions found elsewhere).
 */
const ADDRESSED =
  /\b(can|could|would|will) (you|u|someone|anyone|somebody)\b|\b(please|pls|plz)\b|\b(give|show|send|get) me\b|\bi('d| would) like\b|\bi want (you|a|an|some|the|to see)\b|\bi need\b|\bhelp me\b|\bhow (to|(do|can|could|would|should) (i|we|you|one))\b|\bis there (a|an|any) (way|example|snippet)\b|\b(best|right|correct|proper|cleanest|easiest|simplest) way to\b|\blooking for\b|\bneed (a|an|some)\b/;
/** What may come before a request's verb at the start of its sentence ("ok, now write…"). */
const OPENING = /^(((please|pls|ok|okay|so|now|also|then|and|hi|hey|thanks|next|finally|lastly|great)[,!]?|\W) ?)*$/;
/** A leading clause before a request's verb: "given these rows, write…", "in python, convert…". */
const AFTER_CLAUSE = /, $/;
/** The verbs of a request as a command: only these follow a leading clause as one ("…, with code" is no command). */
const IMPERATIVE =
  /^(write|create|implement|build|make|generate|code|give|show|convert|translate|rewrite|port|change|add)\b/;
/**
 * The verbs of a command that names its output further on: "write a commit message", "give these functions clearer
 * names", "fix the typos", "add docstrings". A sentence opening with one asks for what its object names.
 */
const COMMAND_OPENING = new RegExp(
  `^${OPENING.source.slice(1, -1)}(write|rewrite|draft|generate|create|make|give|add|apply|use|fix|correct|suggest|propose|rename|pick|summari[sz]e|translate|(re)?format|sort|tidy|clean|improve|update|reword|rephrase|document|describe|explain|label|classify|categori[sz]e|list|come up)\\b`,
);
/** Words this short are the request itself, even without a verb ("gofmt-style formatting and group the imports"). */
const TERSE_REQUEST_WORDS = 12;
/** How far a sentence is read back and on from the words of a request. */
const SENTENCE_CHARS = 300;

/**
 * Whether text[from, to) is asked of the assistant: it opens its sentence (or follows a leading clause as a command),
 * or the sentence addresses it. With `command` (a cue naming the object of a command), also where its sentence opens
 * with a command verb, or where the words are that short ("docstrings for all functions").
 */
function addressed(text: string, from: number, to: number, command = false): boolean {
  if (command && atMostWords(text, TERSE_REQUEST_WORDS)) return true;
  let start = from;
  const back = Math.max(0, from - SENTENCE_CHARS);
  while (start > back && !sentenceEnd(text, start - 1)) start--;
  const before = text.slice(start, from);
  if (OPENING.test(before)) return true;
  if (command && COMMAND_OPENING.test(before)) return true;
  if (AFTER_CLAUSE.test(before) && IMPERATIVE.test(text.slice(from, to))) return true;
  let end = to;
  const on = Math.min(text.length, to + SENTENCE_CHARS);
  while (end < on && !sentenceEnd(text, end)) end++;
  return ADDRESSED.test(text.slice(start, end + 1));
}

/** A sentence ends at i: a full stop, question or exclamation mark, colon or semicolon before a space or the end. */
function sentenceEnd(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return (
    (c === 46 || c === 63 || c === 33 || c === 58 || c === 59) &&
    (i + 1 === text.length || text.charCodeAt(i + 1) === 32)
  );
}

/**
 * The first match of a request cue that is asked of the assistant (see ADDRESSED), or undefined. With `command`, a
 * match inside a sentence that opens with a command verb counts too (the cue names the command's object).
 */
function requestMatch(re: RegExp, text: string, scan: TextScan, command = false): string | undefined {
  if (!scan.may(re, text.length)) return undefined;
  const g = globalCopy(re);
  g.lastIndex = 0;
  for (let m = g.exec(text); m; m = g.exec(text)) {
    if (m[0].length === 0) g.lastIndex++;
    else if (addressed(text, m.index, m.index + m[0].length, command)) return m[0].trim();
  }
  return undefined;
}

/** The cheap cues on the instruction alone, when the words the rules read also hold a pasted spec. */
function instructionCues(instruction: string): ReturnType<typeof scoreTier> {
  if (!instruction.trim()) return { score: 0, hits: [] };
  // The cues read the opening only: masking all of a pasted 200,000-character instruction took milliseconds.
  const { t, scan } = normalise(maskProse(instruction.slice(0, MAX_SCAN_CHARS)));
  try {
    return scoreTier(CHEAP_CUES, t.length > RULES_SCAN_CHARS ? t.slice(0, RULES_SCAN_CHARS) : t, scan);
  } finally {
    scan.release();
  }
}

/** Where a statement starts this close to the front of the words, what comes before it is the user's request. */
const LEAD_IN_CHARS = 300;

/** The cheap cues on the words before a problem statement that starts within LEAD_IN_CHARS, else none. */
function leadInCues(text: string, scan: TextScan): ReturnType<typeof scoreTier> {
  const at = text.slice(0, LEAD_IN_CHARS).search(PUZZLE_STATEMENT);
  return at > 0 ? scoreTier(CHEAP_CUES, text.slice(0, at), scan) : { score: 0, hits: [] };
}

function scoreTier(
  cues: TierCue[],
  text: string,
  scan: TextScan,
  skip: ReadonlySet<string> = new Set(),
  requests: ReadonlySet<string> = NONE,
  command = false,
): { score: number; hits: Array<{ what: string; w: number; word: string }> } {
  let score = 0;
  const hits: Array<{ what: string; w: number; word: string }> = [];
  const seen = new Set<string>();
  for (const cue of cues) {
    if (skip.has(cue.what) || seen.has(cue.what)) continue;
    const word = requests.has(cue.what) ? requestMatch(cue.re, text, scan, command) : firstMatch(cue.re, text, scan);
    if (word === undefined) continue;
    seen.add(cue.what);
    score += cue.w;
    hits.push({ what: cue.what, w: cue.w, word });
  }
  return { score, hits };
}

/**
 * Classifies one request into a tier with a one-line reason. Deterministic: the same request always gets the same
 * answer. The command sets a prior, the content decides: reasoner cues (concurrency, unclear-cause bugs, algorithm
 * design, proofs, security, performance root causes, architecture trade-offs) escalate from any command, and
 * output-kind cues (commit message, naming, summary, code writing, conversion…) move between cheap and coder.
 * The rules alone; classify() adds the learned cue model on top.
 */
export function classifyRules(req: ClassifyInput): Classification {
  return rulesOn(req, userWords(req)).cls;
}

interface RulesResult {
  /** The rules' own decision (reasoner at their threshold). */
  cls: Classification;
  /** The cheap/coder decision below the reasoner, always computed. */
  below: Classification;
  score: number;
  threshold: number;
  hits: Hit[];
  /** The words hold a problem statement (PUZZLE_STATEMENT). */
  puzzle: boolean;
}

interface UserWords {
  /** The user's words: the instruction, plus a pasted statement, a stub's spec or questions in comments (see below). */
  words0: string;
  /** The opening of words0 masked (examples, logs, strings), lower-cased, with BENIGN_PHRASES blanked: what the
   * policy's phrase cues read. */
  text: string;
  /** All of words0 (up to MAX_WORDS_CHARS) masked and normalised like text: what the evidence features read. */
  full: string;
  /** The selection with its comments and string contents removed: what code cues may read. */
  selection: string;
  fromComments: boolean;
  /** words0 adds a pasted statement or a stub's spec to the instruction: text that is not the user's request. */
  spec: boolean;
  /** full is in plain notation (plainNotation and plainMath applied; everywhere but under Fix). */
  plain: boolean;
  /** Which literals of the word regexes occur in full (text is its opening). */
  scan: TextScan;
  /** words0's opening (MAX_SCAN_CHARS), lower-cased, unmasked: made once when first read (unmaskedLower). */
  lower?: string;
  /** Its literals for RAW_FILTER's regexes, scanned when first needed (unmaskedScan). */
  rawScan?: TextScan;
  /** selection's literals for CODE_FILTER's regexes, scanned when first needed (codeScan). */
  codeScan?: TextScan;
}

/** The user's words as typed, lower-cased: what tool reports and REPORT_EVIDENCE read. */
function unmaskedLower(user: UserWords): string {
  return (user.lower ??= user.words0.slice(0, MAX_SCAN_CHARS).toLowerCase());
}

function unmaskedScan(user: UserWords): TextScan {
  return (user.rawScan ??= RAW_FILTER.scan(unmaskedLower(user)));
}

function codeScan(user: UserWords): TextScan {
  return (user.codeScan ??= CODE_FILTER.scan(user.selection));
}

/** Instructions under Generate/Complete that leave the stub's comments and docstring to say what to build. */
const DEFERS_TO_SPEC =
  /^$|^(please )?(implement|complete|finish|write|code|solve|fill in|do)( (this|the|it|that|my))?( (function|method|stub|class|code|todo|solution|problem|body|one))?( (please|for me))?\W*$/;

/**
 * A short request under Generate that points at the selection for what to build ("implement a solution to this
 * problem", "write code for the problem described above", "solve this in python"): the stub's comments say what.
 */
const POINTS_AT_SPEC =
  /^(please |can you |could you )?(implement|complete|finish|write|code|solve|fill in|do|make|build|create|generate|program)( (me|up|out))?( (a|an|the|this|my|your))?( (working|correct|full|complete|efficient|fast|python|java|c\+\+|javascript|typescript|go|rust))?( (solution|code|function|method|program|implementation|class|body|logic|algorithm|stub|problem|task|exercise|todo|this|it))\b/;
/** Words that point at the selection for what is meant ("this", "described above", "the docstring"). */
const SPEC_POINTER =
  /\b(this|it|above|below|described|comments?|docstring|spec|specification|problem|task|exercise|stub|todo|here)\b/;
/** A question under Ask about solving the problem in front of the user ("how should I approach this problem?"). */
const ABOUT_THE_PROBLEM =
  /\b(problem|task|exercise|challenge|puzzle|kata|solve|solution|approach|algorithm|hints?|tips?|ideas?|stuck|tackle|start)\b/;
/** Instructions of at most this many words can defer to the selection; longer ones carry their own request. */
const DEFERRING_WORDS = 12;

const wordCount = (s: string): number => (s.match(/\S+/g) ?? []).length;

/**
 * A mathematical problem's task, as Project Euler and olympiads pose it: a quantity asked for ("Find the sum of...",
 * "How many ... are there", "What is the largest...", "Determine the number of...") or a function defined to be
 * evaluated ("Let f(n) be...", "Define S(n) as...").
 */
const MATH_TASK =
  /\b(find|compute|calculate|determine|what is|give) (the |all )?[^.?!]{0,60}\b(sum|number|value|count|smallest|largest|least|greatest|total|product|digits?|probability|expected)\b|\bhow many\b[^.?!]{0,80}\b(are there|exist|can|do|does|will|is)\b|\b(let|define) \$?[a-z](_\w+)?(\(| be\b| as\b| denote\b)/;

/** Whether a selection's comments hold a problem statement (an exercise written above its stub). */
function statementIn(comments: string[]): boolean {
  const words = comments.join(' ').toLowerCase().replace(WHITESPACE_RUN, ' ').trim();
  return PUZZLE_STATEMENT.test(words) || MATH_TASK.test(words);
}

/**
 * The words with each fenced problem statement unwrapped (its fence lines dropped): a fence usually quotes code, logs
 * or data, which masking blanks, but a closed fence of prose (no info string, or a prose language's) that states a
 * problem (statementIn) holds what the user asks about.
 */
function unfenceStatements(words: string): string {
  const fences = new Set<number>();
  for (const b of fencedBlocks(words))
    if (
      b.closed &&
      PROSE_LANGUAGES.has(languageInfo(b.lang).id) &&
      opensWithSentence(b.body) &&
      isProse('', b.body) &&
      statementIn([b.body])
    )
      fences.add(b.openLine).add(b.closeLine);
  return fences.size
    ? words
        .split('\n')
        .filter((_, i) => !fences.has(i))
        .join('\n')
    : words;
}

/**
 * A long pasted statement keeps its start and its end: the task comes first and the limits ("Constraints: 1 <= n <=
 * 10^5") come last, after the examples.
 */
function headAndTail(words: string): string {
  if (words.length <= MAX_WORDS_CHARS) return words;
  return `${words.slice(0, MAX_WORDS_CHARS - TAIL_CHARS)}\n${words.slice(words.length - TAIL_CHARS)}`;
}

function userWords(req: ClassifyInput): UserWords {
  const instruction = req.instruction ?? '';
  const raw = (req.selection ?? '').slice(0, MAX_SCAN_CHARS);
  const prose = raw.trim() !== '' && isProse(req.languageId, raw);
  const split = prose ? { code: '', comments: [] } : splitCode(raw, req.languageId, MAX_SCAN_CHARS);
  let words0 = instruction;
  let fromComments = false;
  let spec = false;
  // The instruction lower-cased is read only by the two branches below that test it (a pasted statement is not).
  let lower: string | undefined;
  const lowerInstruction = (): string => (lower ??= instruction.toLowerCase().trim());
  if (prose && (req.task === 'ask' || req.task === 'generate' || req.task === 'fix')) {
    // A pasted statement or ticket: the text is the request.
    words0 = `${instruction}\n${raw}`;
    spec = true;
  } else if (
    (req.task === 'generate' || req.task === 'complete') &&
    split.comments.length &&
    (DEFERS_TO_SPEC.test(lowerInstruction()) ||
      (req.task === 'generate' &&
        POINTS_AT_SPEC.test(lowerInstruction()) &&
        SPEC_POINTER.test(lowerInstruction()) &&
        wordCount(instruction) <= DEFERRING_WORDS))
  ) {
    // Generate on a stub: its comments and docstring are the specification the user asks us to implement. The
    // instruction only says "build it" (the command's own words: "write code for the problem above" and "solve this"
    // ask for the same thing), so the words are the spec alone; cheap cues still read the instruction (spec).
    words0 = split.comments.join('\n');
    fromComments = true;
    spec = true;
  } else if (
    req.task === 'ask' &&
    split.comments.length &&
    wordCount(instruction) <= DEFERRING_WORDS &&
    ABOUT_THE_PROBLEM.test(lowerInstruction()) &&
    statementIn(split.comments)
  ) {
    // A question about the exercise written above a stub ("how should I approach this problem?"): the statement in
    // the comments is what is asked about, as if it were pasted. Other comments (a FIXME) are never read this way.
    words0 = `${instruction}\n${split.comments.join('\n')}`;
    fromComments = true;
    spec = true;
  } else if (READS_COMMENTS.has(req.task) && raw && POINTS_AT_CODE.test(lowerInstruction())) {
    // Fix or Ask that defers to the code ("see the FIXME"): the user's own question, written in a comment.
    const asked = commentQuestions(raw);
    if (asked) {
      words0 = `${instruction} ${asked}`;
      fromComments = true;
    }
  }
  // A statement pasted in a fence ("```\n<problem>\n```\nhow do I solve it?") is the request, not quoted data.
  if (words0.includes('```')) words0 = unfenceStatements(words0);
  // Limits in a scraped page's notation (HTML, superscripts, a lost caret) read as the same limits in plain text.
  // Not under Fix: there the limits are the problem's, not the bug's. Measured on DebugBench (whose statements lost
  // their carets), reading them sent Easy and Medium fixes to the reasoner: held-out over-escalation 0.029 -> 0.118,
  // exact 0.758 -> 0.719, for 4 of 34 Hard fixes gained.
  const plain = req.task !== 'fix';
  if (plain) words0 = plainNotation(words0);
  // TeX limits and numbers ("$n \\le 10^{12}$", "the rightmost $16$ digits") read as plain ones by every cue, after
  // the masking has used the "$ " of shell prompts.
  const masked = maskProse(headAndTail(words0));
  const { t: full, scan } = normalise(plain ? plainMath(masked) : masked);
  return {
    words0,
    text: full.length > RULES_SCAN_CHARS ? full.slice(0, RULES_SCAN_CHARS) : full,
    full,
    selection: split.code,
    fromComments,
    spec,
    plain,
    scan,
  };
}

/** Reports of tools that find concurrency and memory bugs, as pasted from a terminal or a CI log. */
const TOOL_REPORTS: Array<{ topic: Topic; re: RegExp }> = [
  {
    topic: 'concurrency',
    re: /warning: data race|threadsanitizer: (data race|lock-order-inversion)|all goroutines are asleep - deadlock|found one java-level deadlock/,
  },
  {
    topic: 'memory safety',
    re: /addresssanitizer: \S+|==\d+== ?(invalid (read|write) of size|conditional jump or move depends|\d+ bytes in \d+ blocks are definitely lost)|heap-use-after-free|(stack|heap|global)-buffer-overflow|double free or corruption|free\(\): invalid pointer/,
  },
];

/**
 * The regexes read on the user's words unmasked and lower-cased (tool reports, REPORT_EVIDENCE, DEPENDENCY_BUMP),
 * prefiltered in one pass over them like the masked words' (a request that reads them reads all of them).
 */
const RAW_FILTER = new Prefilter([
  DEPENDENCY_BUMP,
  ...TOOL_REPORTS.map((r) => r.re),
  ...REPORT_EVIDENCE.map((e) => e.re),
]);

/**
 * Every regex read on the selected code (UserWords.selection): the policy's code cues and the features' code marks,
 * prefiltered in one pass over it. Most selections hold the literals of few of them; each regex run on its own is a
 * pass over up to 8,000 characters of code.
 */
const CODE_FILTER = new Prefilter([...CODE_CUES.map((c) => c.re), ...FEATURE_CODE_REGEXES]);

/**
 * A competitive-programming or exercise statement: its opening ("You are given...", also after a question such as
 * "how do I solve this?"), a judge's input/output sections ("The first line contains...", "Print one integer"), or
 * a game's rules ("two players take turns ... the one who cannot move loses", "Alice and Bob play a game", "the one
 * who can't move loses").
 */
const PUZZLE_STATEMENT =
  /(^|[.?!:] )(you are given|given (an?|the|two|three) (\d+-indexed |positive |non-?negative |non-?empty |sorted |binary |circular |undirected |directed |rooted |weighted |unweighted |connected |acyclic |bipartite |2d |m x n |n x n )*(integers?|arrays?|strings?|lists?|matrix|matrices|grid|tree|graph|dag|linked list|root|head|number|n|permutations?|sequences?|intervals?)\b)|\bthe first (and only )?line (of (the |each )?(input|test( case)?) )?contains\b|\b(first|only|single) line of (the )?input\b|\beach test (case )?(contains|consists)\b|\b(input|output) (format|specification)\b|\bprint (a single|one|the (answer|minimum|maximum|number))\b|\bthe input consists of\b|\byour task is to (write|implement|determine|compute|find|count|calculate|create|build|return|print|convert|simulate|model|check whether|decide)\b|\bin this exercise,? you\b|\bconstraints: (- )?-?\d+ ?(<=|≤)|\b(take|taking) turns\b[^.?!]{0,80}\b(wins?|loses?|winner|optimally)\b|\bboth play(ers play)? optimally\b|\balice and bob\b[^.?!]{0,80}\b(play|playing|game|turns?|stones?|piles?|moves?)\b|\bwho (can ?not|can't|is unable to) (make a )?move\b[^.?!]{0,20}\bloses?\b/;

/**
 * Every regex read on the user's masked words (UserWords.full and its opening, text), and the benign phrases blanked
 * in them. One pass over the words finds which of their literals occur (prefilter.ts); a regex whose required
 * literals are missing is not run. Derived from the tables on first use, so a cue or phrase added to cues.ts or
 * features.ts is covered with no extra step (no hand-kept list of trigger words).
 */
const WORDS_FILTER = new Prefilter([
  ...BENIGN_PHRASES,
  ATTACK_CLASS_AS_DATA,
  ...REASONER_CUES.map((c) => c.re),
  FREQUENCY,
  SYMPTOM,
  STATE_SYMPTOM,
  PROBING,
  JUSTIFY,
  BARE_EXPLAIN,
  HOW_TO,
  CONCEPTUAL,
  CONCEPTUAL_MARKER,
  NOT_CONCEPTUAL,
  PUZZLE_STATEMENT,
  STRUCTURE_NODES,
  ...CHEAP_CUES.map((c) => c.re),
  ...CODER_CUES.map((c) => c.re),
  ...FEATURE_TEXT_REGEXES,
]);

/**
 * Builds the router's prefilters now; otherwise the first request builds them (their alternatives' literals and
 * automata take about a tenth of a second, once). The extension calls this after activation, before any request.
 */
export function prepareRouter(): void {
  WORDS_FILTER.prepare();
  RAW_FILTER.prepare();
  CODE_FILTER.prepare();
  prepareKnownProblems();
}

/** The prefilters, for tests (test/unit/routerPrefilter.test.ts checks them against every cue). */
export const ROUTER_PREFILTERS: Readonly<Record<'words' | 'raw' | 'code', Prefilter>> = {
  words: WORDS_FILTER,
  raw: RAW_FILTER,
  code: CODE_FILTER,
};

function rulesOn(req: ClassifyInput, user: UserWords): RulesResult {
  const task = req.task;
  const prior = PRIORS[task] ?? PRIORS.ask;
  const { words0, selection, scan } = user;
  // The policy's cues read the opening of long requests (a pasted statement's first paragraphs); the evidence
  // features read all of it. Keeps a 2,400-character statement inside the latency budget.
  const opening0 = user.text.length > RULES_SCAN_CHARS ? user.text.slice(0, RULES_SCAN_CHARS) : user.text;
  const signals: string[] = [`task:${task}`];
  if (user.fromComments) signals.push('comment-question');
  // In a problem statement "two players", "different nodes" and "partition the cards" are the puzzle's objects, and
  // "it is guaranteed that..." or "sometimes" its givens and story, not concurrent actors, a system's structure or a
  // correctness question, and "attackers", "a vulnerability" or "the security team" its story, not a security
  // review: there only algorithm-design cues and the strong cues of other topics but security (deadlock) count.
  // Read over all the words: a judge's input section often starts past the opening the cues read.
  const puzzle = has(PUZZLE_STATEMENT, user.full, scan);
  // A statement's follow-up ("Follow up: can you do it in O(n) time?") is an optional harder variant of a problem
  // already posed, not the request: its demands are no evidence that the problem itself is hard.
  const text = puzzle ? withoutFollowUp(opening0) : opening0;

  // ---- reasoner evidence from the user's words
  const hits: Hit[] = [];
  // Read before masking: the masks blank "npm audit", which is itself evidence of a dependency bump.
  const opening = words0.slice(0, RULES_SCAN_CHARS).toLowerCase();
  // Questions read the unmasked words for tool reports below anyway, and every command but Complete (which never
  // goes to the model) for REPORT_EVIDENCE: then their scan serves here too (when the opening lower-cased alone is
  // the opening of the whole lower-cased, as nearly always).
  const dependencyBump =
    !puzzle &&
    (task !== 'complete' && unmaskedLower(user).startsWith(opening)
      ? unmaskedScan(user).test(DEPENDENCY_BUMP, opening)
      : DEPENDENCY_BUMP.test(opening));
  // Debugging symptoms describe behaviour; under Document, Generate or Refactor they are facts to write down or the
  // motivation for a change the user already chose ("the UI freezes; move the hashing to a worker"), not a bug hunt.
  const symptomScale = task === 'document' || task === 'generate' || task === 'refactor' ? 0.5 : 1;
  if (puzzle) signals.push('problem-statement');
  for (const cue of REASONER_CUES) {
    if (cue.topic === 'security' && dependencyBump) continue;
    if (
      puzzle &&
      (cue.generic ||
        cue.topic === 'architecture trade-off' ||
        cue.topic === 'security' ||
        (cue.topic !== 'algorithm design' && cue.w < 3))
    )
      continue;
    const word = firstMatch(cue.re, text, scan);
    if (word === undefined) continue;
    // A test checks an invariant, it does not prove one: correctness words weigh half under Write Tests.
    const w =
      cue.topic === 'unclear-cause bug'
        ? cue.w * symptomScale
        : cue.topic === 'correctness' && task === 'tests'
          ? cue.w * 0.5
          : cue.w;
    // One phrase is one piece of evidence: a cue matching words another cue of the same topic already matched
    // ("can't figure out why", "concurrent requests") keeps the stronger weight instead of adding both.
    const at = text.indexOf(word);
    const same = hits.find(
      (h) => h.topic === cue.topic && h.at !== undefined && at < h.at + h.word.length && h.at < at + word.length,
    );
    if (same) {
      if (w > same.w) Object.assign(same, { w, word, at, noun: cue.noun });
      continue;
    }
    hits.push({ topic: cue.topic, w, word, fromCode: false, noun: cue.noun, at });
  }
  // A tool's report pasted into a question is the evidence itself: a race detector, a sanitizer or valgrind, a
  // runtime's deadlock report. Masking hides the report's lines from the cues above, so read them here, unmasked.
  // Not in a problem statement: there "heap-use-after-free" or "deadlock" would be the story's words.
  if (QUESTION_TASKS.has(task) && !puzzle) {
    const pasted = unmaskedLower(user);
    const rawScan = unmaskedScan(user);
    for (const r of TOOL_REPORTS) {
      const word = rawScan.match(r.re, pasted);
      if (word !== undefined) hits.push({ topic: r.topic, w: REASONER_THRESHOLD, word, fromCode: false });
    }
  }
  // "Multiple nodes with the same value", "the path between two nodes": a tree's or a graph's nodes are data.
  const actorNodes = hits.findIndex((h) => h.topic === 'concurrency' && h.word.endsWith(' nodes'));
  if (actorNodes >= 0 && has(STRUCTURE_NODES, user.full, scan)) hits.splice(actorNodes, 1);
  if (!puzzle && has(FREQUENCY, text, scan)) {
    const symptom = firstMatch(SYMPTOM, text, scan);
    if (symptom !== undefined)
      hits.push({ topic: 'unclear-cause bug', w: SYMPTOM_WEIGHT * symptomScale, word: symptom, fromCode: false });
  } else if (hits.some((h) => h.topic === 'concurrency')) {
    const symptom = firstMatch(STATE_SYMPTOM, text, scan);
    if (symptom !== undefined)
      hits.push({ topic: 'concurrency', w: SYMPTOM_WEIGHT * symptomScale, word: symptom, fromCode: false });
  }
  // A bump is the request only when nothing else is: "since we upgraded the driver to 3.2.1 the pool leaks under load
  // and the service deadlocks, why?" asks about the deadlock, and the upgrade is its history. (Security words are
  // not read beside a bump at all: an audit calls the package it wants bumped "vulnerable".)
  if (dependencyBump && !hits.some((h) => h.topic !== 'security')) signals.push('dependency-bump');
  let fromWords = hits.reduce((s, h) => s + h.w, 0);
  const topicsInWords = new Set(hits.map((h) => h.topic));
  // Only names of primitives ("explain this mutex wrapper"): the user asks about ordinary code, not its behaviour.
  const onlyNouns = hits.length > 0 && hits.every((h) => h.noun);

  // ---- reasoner evidence from the selected code. It counts only when the user probes behaviour or safety, when
  // the words already point at a hard topic (the code corroborates them), or when the user just says "explain" and
  // the code itself is the hard part (memory ordering). Risky-looking code alone never escalates ordinary work.
  // Under Document, "safe" or "can" describe the code; only a request to justify something probes it.
  // Both are read only where a decision needs them (most requests never do): each is a pass over the words.
  let probingRead: boolean | undefined;
  const probing = (): boolean =>
    (probingRead ??= task === 'document' ? has(JUSTIFY, text, scan) : has(PROBING, text, scan));
  let bareExplainRead: boolean | undefined;
  const bareExplain = (): boolean =>
    (bareExplainRead ??= (task === 'explain' || task === 'ask') && (text === '' || has(BARE_EXPLAIN, text, scan)));
  if (onlyNouns && !probing()) {
    fromWords = Math.min(fromWords, 2);
    signals.push('names-only');
  }
  const corroborating =
    fromWords >= 1.5 && task !== 'document' && task !== 'generate' && task !== 'refactor' && !(onlyNouns && !probing());
  // "Is this safe?" names no risk: the code's own hazards say which one is meant (below).
  const safetyProbe = task !== 'document' && selection !== '' && SAFETY_PROBE.test(text);
  let fromCode = 0;
  if (task !== 'complete' && selection && (probing() || bareExplain() || corroborating)) {
    for (const cue of CODE_CUES) {
      if (!cue.strong && !corroborating && !probing() && bareExplain()) continue;
      if (cue.topic === 'security' && !topicsInWords.has('security') && !(safetyProbe && !topicsInWords.size)) continue;
      if (!codeScan(user).test(cue.re, selection)) continue;
      const w = cue.strong ? Math.min(3, cue.w - 0.5 + 0.5 * distinctMatches(cue.re, selection, 6)) : cue.w;
      hits.push({ topic: cue.topic, w, word: cue.what, fromCode: true });
      fromCode += w;
    }
    // Code only corroborates: without a probing question it adds at most 2.
    fromCode = Math.min(probing() || bareExplain() ? 3.5 : 2, fromCode);
    // A bare safety question ("is this safe?") over code with a hazard the question can only mean (shared state
    // under locks or threads, raw memory, queries, commands, secrets or untrusted input): the question is about that
    // hazard, as if its words had named it. Async code alone is too common to say which risk is meant.
    const hazard = safetyProbe && !topicsInWords.size && hits.find((h) => h.fromCode && h.word !== 'async code');
    if (hazard) {
      hits.push({ topic: hazard.topic, w: SAFETY_PROBE_WEIGHT, word: 'is this safe', fromCode: false });
      fromWords += SAFETY_PROBE_WEIGHT;
    }
    if (probing()) signals.push('probing');
  }

  // ---- short definitional questions are conceptual: cheap even when they name a hard topic
  const conceptual =
    (req.selection ?? '').trim().length < 40 &&
    text !== '' &&
    atMostWords(text, 14) &&
    (has(CONCEPTUAL, text, scan) || has(CONCEPTUAL_MARKER, text, scan)) &&
    !has(NOT_CONCEPTUAL, text, scan);
  if (conceptual) {
    fromWords *= 0.4;
    signals.push('conceptual');
  }

  // A commit message, summary, translation or rename about a hard topic is still light text work.
  // They name what the user asks for, so they read the user's own instruction: in a problem statement or a spec taken
  // from a stub's comments, "output format", "in alphabetical order" or "a short description" describe the problem.
  // A request written before a statement in the same words ("Summarize this problem: You are given...") still counts.
  const cheap = user.spec
    ? instructionCues(req.instruction ?? '')
    : puzzle
      ? leadInCues(text, scan)
      : scoreTier(CHEAP_CUES, text, scan, NONE, CODE_DEFAULT.has(task) ? CHEAP_REQUESTS : NONE, true);
  const textOutput = cheap.hits.find((h) => TEXT_OUTPUTS.has(h.what));
  if (textOutput) {
    fromWords *= 0.5;
    fromCode = 0;
    for (let i = hits.length - 1; i >= 0; i--) if (hits[i].fromCode) hits.splice(i, 1);
    signals.push(`text-output:${textOutput.what.replace(/ /g, '-')}`);
  }

  // A behaviour question ("is it …", "can this …", "how come …") about a scenario the words already point at adds up:
  // "is this idempotent if the webhook is retried?" asks for the argument, not for a definition.
  if (
    QUESTION_TASKS.has(task) &&
    fromWords >= 2 &&
    fromWords < threshold0(task) &&
    !conceptual &&
    !textOutput &&
    hits.some((h) => !h.fromCode && !h.noun) &&
    probing() &&
    !has(HOW_TO, text, scan)
  ) {
    fromWords += FRAME_WEIGHT;
    signals.push('question-frame');
  }

  const reasonerScore = fromWords + fromCode;
  const threshold = THRESHOLDS[task] ?? REASONER_THRESHOLD;
  for (const h of hits)
    signals.push(
      `${h.fromCode ? 'code' : h.topic.replace(/ /g, '-')}:${h.fromCode ? h.word.replace(/ /g, '-') : shortWord(h.word)}`,
    );

  const below = belowReasoner(req, user, {
    prior,
    cheap,
    textOutput,
    conceptual,
    hits,
    reasonerScore,
    signals: [...signals],
  });
  const cls =
    reasonerScore >= threshold
      ? {
          tier: 'reasoner' as const,
          reason: reasonerReason(task, hits),
          signals: [...signals, `score:reasoner=${round(reasonerScore)}`],
        }
      : below;
  return { cls, below, score: reasonerScore, threshold, hits, puzzle };
}

const FOLLOW_UP = /\bfollow[- ]?up\b/;

/**
 * The words before a statement's follow-up. Statements end with it; cutting the rest keeps the text an opening of the
 * scanned words, which the prefilter's literal positions are exact on.
 */
function withoutFollowUp(text: string): string {
  const at = text.search(FOLLOW_UP);
  return at < 0 ? text : text.slice(0, at);
}

interface BelowInput {
  prior: { tier: 'cheap' | 'coder'; w: number };
  cheap: { score: number; hits: Array<{ what: string; w: number; word: string }> };
  textOutput: { what: string } | undefined;
  conceptual: boolean;
  hits: Hit[];
  reasonerScore: number;
  signals: string[];
}

/**
 * Commands whose default is code: there a text-output cue moves the request to the cheap tier only where it is
 * asked of the assistant ("write a commit message", "can you add docstrings"), not where a spec the user pastes
 * mentions documentation, a classification or a name ("the competition is a classification task"). Complete is
 * not among them: its tier follows the file's language alone (belowReasoner).
 */
const CODE_DEFAULT: ReadonlySet<Task> = new Set(['generate', 'refactor', 'tests', 'fix']);
const CHEAP_REQUESTS: ReadonlySet<string> = new Set(CHEAP_CUES.map((c) => c.what));
/** Coder cues that, in a question, ask for code only in a sentence addressed to the assistant. */
const ASK_REQUESTS: ReadonlySet<string> = new Set(['code writing', 'conversion']);
/** Coder cues that, in a question, describe the situation asked about rather than ask for code. */
const ASK_DESCRIBES = ['an error message', 'bug hunt', 'tests', 'refactor', 'a stated expected behaviour'];

/** Cheap or coder: the command's default, moved by output-kind cues (commit message, naming, code writing...). */
function belowReasoner(req: ClassifyInput, user: UserWords, x: BelowInput): Classification {
  const task = req.task;
  const { prior, cheap, conceptual, hits, reasonerScore, signals } = x;
  const text = user.text.length > RULES_SCAN_CHARS ? user.text.slice(0, RULES_SCAN_CHARS) : user.text;

  // ---- cheap or coder
  if (task === 'complete') {
    const prose = PROSE_LANGUAGES.has(req.languageId);
    signals.push(prose ? 'prose-language' : 'code-completion');
    return prose
      ? { tier: 'cheap', reason: `cheap: prose completion in ${languageName(req.languageId)}`, signals }
      : { tier: 'coder', reason: `coder: code completion, ${contextPhrase(req)}`, signals };
  }

  // An error message makes a fix clear-cut; elsewhere ("classify these error lines") it is just a word.
  const skip = new Set<string>(REDUNDANT[task] ? [REDUNDANT[task]] : []);
  if (task !== 'fix') skip.add('an error message');
  // A question is answered in prose unless it asks for code: one that quotes an error, reports a bug, mentions tests
  // or a refactor, or says what the code should do wants the cause or the idea explained. Only a request for code
  // (write, convert, change, speed up) moves it to the coder.
  if (task === 'ask') for (const what of ASK_DESCRIBES) skip.add(what);
  // In a question, the words of a request for code count where they are asked of the assistant (see ADDRESSED). A
  // pasted statement's "write a program that…" is the task the user brings, so it counts as written.
  const coder = scoreTier(
    CODER_CUES,
    text,
    user.scan,
    skip,
    task === 'ask' && !user.spec && !signals.includes('problem-statement') ? ASK_REQUESTS : NONE,
  );
  let cheapScore = cheap.score + (prior.tier === 'cheap' ? prior.w : 0);
  let coderScore = coder.score + (prior.tier === 'coder' ? prior.w : 0);

  const diagnostics = (req.diagnostics ?? []).filter((d) => d.severity === 'error' || d.severity === 'warning');
  if (diagnostics.length) {
    // A fix whose cause the compiler or linter states is clear-cut coder work.
    coderScore += task === 'fix' ? 3 : 1;
    signals.push(`diagnostics:${diagnostics.length}`);
  }
  // A question with nothing selected that does not ask for code is conceptual: the cheap model answers it well.
  const asksForCode = coder.hits.some((h) => h.what === 'code writing' || h.what === 'conversion');
  const conceptualQuestion = task === 'ask' && (req.selection ?? '').trim().length < 40 && !asksForCode;
  if (conceptualQuestion) cheapScore += conceptual ? 2 : 1.5;

  for (const h of cheap.hits) signals.push(`cheap:${h.what.replace(/ /g, '-')}`);
  for (const h of coder.hits) signals.push(`coder:${h.what.replace(/ /g, '-')}`);
  signals.push(`score:cheap=${round(cheapScore)}`, `score:coder=${round(coderScore)}`);
  if (reasonerScore > 0) signals.push(`score:reasoner=${round(reasonerScore)}`);

  const tier: 'cheap' | 'coder' = cheapScore > coderScore ? 'cheap' : coderScore > cheapScore ? 'coder' : prior.tier;

  if (tier === 'cheap') {
    const top = strongest(cheap.hits);
    let what: string;
    if (top && top.what !== 'explanation') what = top.what;
    else if (task === 'document') what = 'documentation';
    else if (task === 'ask')
      what = signals.includes('problem-statement')
        ? 'problem statement without evidence of a hard algorithm'
        : conceptual
          ? 'short conceptual question'
          : conceptualQuestion
            ? 'question that asks for no code'
            : 'question about ordinary code';
    else if (task === 'explain') what = 'explanation of ordinary code';
    else what = top?.what ?? 'light text work';
    const despite =
      hits.length && !hits.some((h) => h.fromCode) && conceptual
        ? ` (conceptual, despite "${shortWord(hits[0].word)}")`
        : '';
    return { tier, reason: `cheap: ${what}${despite}, ${contextPhrase(req)}`, signals };
  }

  let what: string;
  const top = strongest(coder.hits);
  if (task === 'fix' && diagnostics.length)
    what = `fix with the cause stated by ${diagnostics.length} diagnostic${diagnostics.length === 1 ? '' : 's'}`;
  else if (task === 'fix' && coder.hits.some((h) => h.what === 'an error message'))
    what = 'fix with the cause stated by an error message';
  else if (top?.what === 'conversion') what = 'conversion to another language or style';
  else if (task === 'generate') what = 'code generation';
  else if (task === 'refactor') what = 'refactor';
  else if (task === 'tests') what = 'writing tests';
  else if (task === 'fix') what = 'bug fix with a clear cause';
  else if (top?.what === 'bug hunt') what = 'finding a bug in the selected code';
  else if (top) what = 'the question asks for code';
  else what = 'code work';
  return { tier, reason: `coder: ${what}, ${contextPhrase(req)}`, signals };
}

function strongest<T extends { w: number }>(hits: T[]): T | undefined {
  let best: T | undefined;
  for (const h of hits) if (!best || h.w > best.w) best = h;
  return best;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

function reasonerReason(task: Task, hits: Hit[]): string {
  // Topics in order of total weight; the two strongest name the reason.
  const byTopic = new Map<Topic, { w: number; words: string[]; code: boolean; text: boolean }>();
  for (const h of hits) {
    const t = byTopic.get(h.topic) ?? { w: 0, words: [], code: false, text: false };
    t.w += h.w;
    const word = shortWord(h.word);
    if (word && !t.words.includes(word) && t.words.length < 3) t.words.push(word);
    if (h.fromCode) t.code = true;
    else t.text = true;
    byTopic.set(h.topic, t);
  }
  const top = [...byTopic.entries()].sort((a, b) => b[1].w - a[1].w).slice(0, 2);
  const parts = top.map(([topic, t]) => `${topic} (${t.words.join(', ')})`);
  const inText = top.some(([, t]) => t.text);
  const inCode = top.some(([, t]) => t.code);
  const noun = task === 'ask' || task === 'explain' ? 'question' : 'request';
  const where = inText && inCode ? `the ${noun} and the selected code` : inCode ? 'the selected code' : `the ${noun}`;
  return `reasoner: ${parts.join(' and ')} in ${where}`;
}

/**
 * Signals of the rules that veto a lift to the reasoner: the output is light text work (commit message, naming,
 * summary, translation, formatting, classification, wording), the question is a short definition, the request is a
 * dependency bump, or the only hard words are names of primitives.
 */
const VETO = /^(text-output:|conceptual$|dependency-bump$|names-only$)/;
/** Inline completions have no thinking budget and the reasoner has no FIM: they never go to the reasoner. */
const NO_LIFT: ReadonlySet<Task> = new Set<Task>(['complete']);

export type Lean = 'thrifty' | 'balanced' | 'careful';
/** How far each lean moves the escalation threshold on P(reasoner). */
export const LEAN_SHIFT: Record<Lean, number> = { thrifty: 0.15, balanced: 0, careful: -0.15 };

export interface ClassifyOptions {
  lean?: Lean;
  /**
   * A user's learned correction for requests like this one, in logits (positive: they asked for a stronger model
   * before; negative: they called the reasoner overkill). See corrections.ts.
   */
  correction?: (signature: string) => number;
  /** Another model in place of model.json (training and leave-one-source-out evaluation only). */
  model?: LinearModel;
  /**
   * false: do not look for named problems (known.ts). For held-out evaluation only: the table is built from the
   * LeetCode and Project Euler sources themselves.
   */
  knownProblems?: boolean;
}

/** Whether the model may send this request to the reasoner at all. A named hard problem is not a conceptual question. */
export function liftAllowed(req: ClassifyInput, rules: Classification, named = false): boolean {
  return !NO_LIFT.has(req.task) && !rules.signals.some((s) => VETO.test(s) && !(named && s === 'conceptual'));
}

/** Commands under which naming a problem asks for it to be solved (or a solution to it fixed). */
const NAMED_TASKS: ReadonlySet<Task> = new Set<Task>(['ask', 'generate', 'fix']);
/**
 * P(reasoner) a named hard problem gives at least, before the user's corrections: above every lean's threshold, and
 * two "this was overkill" corrections (corrections.ts STEP) bring it below the balanced one. A named easy problem
 * gives at most 1 minus that: below every lean's threshold, and two "stronger model" corrections lift it.
 */
const NAMED_LOGIT = Math.log(0.9 / 0.1);

/** How a signal names the problem: "leetcode-4", "euler-224", "atcoder-abc300_g", "codeforces-1924E". */
function namedKey(p: NamedProblem): string {
  if (p.level) return `${p.site.toLowerCase()}-${p.level.toLowerCase().replace(/[. ]+/g, '')}`;
  if (p.site === 'LeetCode') return `leetcode-${p.id}`;
  if (p.site === 'AtCoder') return `atcoder-${p.task}`;
  return p.site === 'Codeforces' ? `codeforces-${p.task}` : `euler-${p.id}`;
}

/**
 * The problem the request names (known.ts): in the instruction, or the statement or stub comments it asks about, or
 * else by the methods a selected LeetCode solution declares, or else the problem whose statement it holds.
 */
function namedIn(req: ClassifyInput, user: UserWords, rules: Classification): NamedProblem | undefined {
  if (!NAMED_TASKS.has(req.task)) return undefined;
  // Asked to explain a selected solution ("what does this function return?"), the user wants the code read, not the
  // problem it solves solved: the methods it declares name no request (as under Explain itself).
  const stubNames = !(req.task === 'ask' && rules.signals.includes('cheap:explanation'));
  const instruction = (req.instruction ?? '').slice(0, NAMED_SCAN_CHARS);
  const spec = !user.spec ? '' : (user.fromComments ? user.words0 : (req.selection ?? '')).slice(0, NAMED_SCAN_CHARS);
  // The selection's opening, as every other reader of it: a stub's class comes first.
  return (
    namedProblem(instruction, spec) ??
    (req.selection && stubNames ? stubProblem(req.selection.slice(0, MAX_SCAN_CHARS)) : undefined) ??
    statementProblem(req.instruction ?? '', statementSource(req, user))
  );
}

/**
 * Where a statement may be in the selection: all of it when it is the spec (a pasted statement, a stub's comments) or
 * when Generate is asked to implement what is selected ("implement this" over a statement in a .py file); otherwise
 * none, since the request is about code, and a file's header comment is its author's, not the user's request.
 */
function statementSource(req: ClassifyInput, user: UserWords): string {
  if (user.spec) return user.fromComments ? user.words0 : (req.selection ?? '');
  const deferring = req.task === 'generate' && DEFERS_TO_SPEC.test((req.instruction ?? '').toLowerCase().trim());
  return deferring ? (req.selection ?? '') : '';
}

/** The learned model's features; with `model`, only the words it weighs (see features()). */
function featuresOf(req: ClassifyInput, user: UserWords, r: RulesResult, model?: LinearModel): string[] {
  const topics: string[] = [];
  const codeTopics: string[] = [];
  for (const h of r.hits) (h.fromCode ? codeTopics : topics).push(h.topic);
  return features(
    {
      task: req.task,
      text: user.full,
      plain: user.plain,
      textScan: user.scan,
      // A problem statement's "memory leak" or "upgrades" is its story: no report or bump is read there (nor paid
      // for: the unmasked words are a second pass over a long statement).
      raw: r.puzzle ? '' : unmaskedLower(user),
      rawScan: r.puzzle ? undefined : unmaskedScan(user),
      code: user.selection,
      codeScan: user.selection ? codeScan(user) : undefined,
      topics,
      codeTopics,
      rulesScore: r.score,
      rulesThreshold: r.threshold,
      statement: r.puzzle,
    },
    model,
  );
}

/** The masked, normalised words the cues read (tests: the prefilter property runs on them). */
export function maskedWords(req: ClassifyInput): string {
  return userWords(req).full;
}

/** The learned model's features of a request (for scripts/trainRouter.ts: the same words the rules read). */
export function learnedFeatures(req: ClassifyInput): string[] {
  const user = userWords(req);
  return featuresOf(req, user, rulesOn(req, user));
}

/** The signature of a request (see signatureOf), as classify() reports it. */
export function signatureFor(req: ClassifyInput): string {
  return signatureOf(req.task, learnedFeatures(req));
}

/**
 * What a correction is keyed by: the command and the strongest kind of evidence present, so one correction covers
 * "requests like this" (the same command with the same kind of evidence) and not one exact wording.
 */
export function signatureOf(task: Task, feats: string[]): string {
  const kinds = new Set<string>();
  for (const f of feats) {
    // Word features ("w:...", most of the list) name no kind of evidence.
    if (f.charCodeAt(0) === 119 && f.charCodeAt(1) === 58) continue;
    if (f.startsWith('topic:')) kinds.add(f);
    else if (f.startsWith('alg:bound-') || f === 'alg:modulo' || f === 'alg:statement' || f === 'alg:named')
      kinds.add('alg');
    else if (f.startsWith('code:')) kinds.add(ALGORITHM_CODE_FEATURES.has(f) ? 'alg' : 'code');
    else if (f.startsWith('ev:')) kinds.add('report');
  }
  return [task, ...[...kinds].sort()].join('|');
}

/**
 * Classifies one request into a tier with a one-line reason. Deterministic. The command sets the default (cheap for
 * explain/ask/document, coder for generate/refactor/fix/tests/complete, moved between the two by output-kind cues).
 * Going up to the reasoner needs evidence of difficulty in the request itself: a logistic model (model.ts, trained
 * by scripts/trainRouter.ts on public data the team did not write) over masked evidence features (algorithmic
 * constraints and objectives, the policy's concurrency / unclear-cause / security / design cues, code marks).
 */
export function classify(req: ClassifyInput, opts: ClassifyOptions = {}): Classification {
  const user = userWords(req);
  try {
    return classifyOn(req, user, opts);
  } finally {
    // The scans' arrays serve the next request.
    user.scan.release();
    user.rawScan?.release();
    user.codeScan?.release();
  }
}

function classifyOn(req: ClassifyInput, user: UserWords, opts: ClassifyOptions): Classification {
  const r = rulesOn(req, user);
  // A vetoed request (text output, a dependency bump...) is not read for names: only the conceptual veto yields to one.
  const named = opts.knownProblems === false || !liftAllowed(req, r.cls, true) ? undefined : namedIn(req, user, r.cls);
  const hard = named?.band === 'Hard' ? named : undefined;
  if (!liftAllowed(req, r.cls, hard !== undefined)) return r.below;
  const model = opts.model ?? MODEL;
  // Words the model has no weight for would add nothing to the score, and the signature reads no words.
  const feats = featuresOf(req, user, r, model);
  // No weight: it only files the request's signature under algorithmic evidence.
  if (named) feats.push('alg:named');
  const signature = signatureOf(req.task, feats);
  const shift = opts.correction?.(signature) ?? 0;
  // A named problem bounds P(reasoner) from below (Hard) or above (Easy); the user's corrections move the bound.
  const bounded = (s: ModelScore, by: number): ModelScore => {
    if (!named) return s;
    const bound = 1 / (1 + Math.exp(-((hard ? NAMED_LOGIT : -NAMED_LOGIT) + by)));
    return (hard ? s.p >= bound : s.p <= bound) ? s : { p: bound, top: s.top };
  };
  const raw = scoreModel(model, feats, shift);
  const m = bounded(raw, shift);
  const threshold = Math.min(0.97, Math.max(0.05, model.threshold + LEAN_SHIFT[opts.lean ?? 'balanced']));
  const signals = [...r.below.signals, `model:p=${round(m.p)}`, `signature:${signature}`];
  if (named) signals.push(`named-${named.band.toLowerCase()}:${namedKey(named)}`);
  if (shift) signals.push(`correction:${round(shift)}`);
  if (m.p < threshold) {
    const overkill = shift < 0 && model.threshold <= bounded(scoreModel(model, feats), 0).p;
    // Said only where the name decided: the model alone would have sent the request up.
    const heldBack = named && !hard && raw.p >= threshold;
    const note = overkill
      ? ' (you marked the reasoner overkill for requests like this)'
      : heldBack
        ? ` (not the reasoner: ${foundIn(named, req.task === 'ask' ? 'question' : 'request')})`
        : '';
    return { tier: r.below.tier, reason: r.below.reason + note, signals };
  }
  return {
    tier: 'reasoner',
    reason: reasonerWhy(req.task, m.top, r.hits, m.p, shift, hard, r.puzzle),
    signals: [...signals, ...m.top.map((f) => `model:${f}`)],
  };
}

/** A known problem and how the request holds it: "a problem LeetCode rates Hard (42. ...), named in the question". */
function foundIn(p: NamedProblem, noun: string): string {
  return `${describeNamed(p)}, ${p.by === 'statement' ? 'recognised by its statement' : 'named'} in the ${noun}`;
}

/**
 * The reasoner's reason: the model's strongest evidence in words. In a problem statement a topic other than algorithm
 * design is mostly read in the story ("security (can see from any)", "concurrency (double booking)"): the model
 * weighs it, but beside the statement's own evidence it would mislead, so it is named only when it is all there is
 * (an exercise about race conditions).
 */
function reasonerWhy(
  task: Task,
  top: string[],
  hits: Hit[],
  p: number,
  shift: number,
  named?: NamedProblem,
  statement = false,
): string {
  const story = (f: string): boolean => statement && f.startsWith('topic:') && f !== 'topic:algorithm-design';
  const shown0 = top.filter((f) => !f.startsWith('w:') && f !== 'rules:reasoner' && f !== 'rules:partial');
  const told = shown0.some((f) => !story(f)) ? top.filter((f) => !story(f)) : top;
  const parts: string[] = [];
  for (const f of told) {
    if (f.startsWith('w:')) continue;
    if (f.startsWith('topic:') || f.startsWith('code-topic:')) {
      const topic = f.slice(f.indexOf(':') + 1).replace(/-/g, ' ');
      const fromCode = f.startsWith('code-topic:');
      const words = [
        ...new Set(hits.filter((h) => h.topic === topic && h.fromCode === fromCode).map((h) => shortWord(h.word))),
      ].slice(0, 2);
      parts.push(`${topic}${words.length ? ` (${words.join(', ')})` : ''}${fromCode ? ' in the selected code' : ''}`);
    } else if (f === 'rules:reasoner' || f === 'rules:partial') {
      continue;
    } else parts.push(describeFeature(f));
  }
  if (!parts.length && !named) {
    const h = strongest(hits);
    parts.push(h ? `${h.topic} (${shortWord(h.word)})` : 'the request as a whole');
  }
  const noun = task === 'ask' || task === 'explain' ? 'question' : 'request';
  const corrected = shift > 0 ? '; you asked for a stronger model on requests like this' : '';
  // The name first, then at most two other kinds of evidence ("...named in the question; also input sizes ...").
  const shown = parts.slice(0, named ? 2 : 3);
  // Evidence read in the code says so itself ("a segment or Fenwick tree in the code"): no "in the request" after it.
  const where = shown.every((x) => / in the (selected )?code$/.test(x)) ? '' : ` in the ${noun}`;
  const evidence = shown.length ? `${shown.join(', ')}${where}` : '';
  const why = named ? `${foundIn(named, noun)}${evidence ? `; also ${evidence}` : ''}` : evidence;
  return `reasoner: ${why} (p=${p.toFixed(2)})${corrected}`;
}
