// The routing policy as data: phrases that point at a tier, each with a weight and a topic a user recognises.
// These rules are one half of the router: router/model.ts adds a learned reasoner lift (trained by
// scripts/trainRouter.ts) and the two are ensembled in classify.ts. The rules keep the hard negatives and name each
// reason in words a user recognises. Weights are on one scale: a request goes to the reasoner at REASONER_THRESHOLD (3),
// so a weight-3 cue is enough alone and weaker cues must agree with one another.
// Regexes run on the lower-cased instruction (CODE_CUES on the selection, case-sensitive).

/** The reasoner clauses of the policy. */
export type Topic =
  | 'concurrency'
  | 'unclear-cause bug'
  | 'algorithm design'
  | 'correctness'
  | 'security'
  | 'performance root cause'
  | 'architecture trade-off'
  | 'memory safety';

export interface ReasonerCue {
  topic: Topic;
  w: number;
  re: RegExp;
  /** A request's generic wording ("an efficient solution"), not read when the words hold a problem statement. */
  generic?: boolean;
  /**
   * The cue only names a primitive ("mutex", "lock", "atomic"), it says nothing about behaviour. Requests whose only
   * reasoner words are such names ("explain this mutex wrapper", "tests for the lock helper") are ordinary code work
   * unless the user probes behaviour or safety.
   */
  noun?: boolean;
}

export interface TierCue {
  /** what the cue means, as shown in a reason ("commit message") */
  what: string;
  w: number;
  re: RegExp;
}

export const REASONER_THRESHOLD = 3;

/**
 * Benign phrases that contain a reasoner word ("lockfile", "proof of concept", "dependency injection"). They are
 * blanked out before the reasoner cues run, which is the main defence against false escalation.
 */
export const BENIGN_PHRASES: RegExp[] = [
  /\b(package|yarn|pnpm|gemfile|cargo|poetry|composer|pipfile|flake|npm-shrinkwrap)[-. ]?lock(\.json|\.yaml|\.ya?ml)?\b/g,
  /\block ?files?\b|\block(ed)? (the )?(versions?|dependenc(y|ies)|deps)\b|\block ?screen\b|\block icon\b|\bcaps ?lock\b/g,
  /\bproof[- ]of[- ](concepts?|work|stake|space|possession|authority|delivery|purchase|address)\b|\bproof ?read(ing)?\b|\b(water|fool|bullet|future|fire|sound)[- ]?proof(ing)?\b/g,
  /\b(culture|locale)[- ]invariant\b|\binvariant[- ]culture\b/g,
  /\b(cyclomatic|cognitive|code|branch) complexity\b|\breduce (the )?complexity\b/g,
  /\bdependency[- ]injection\b|\binjection container\b/g,
  /\b(npm|yarn|pnpm|pip|cargo|bundle(r)?) audit\b|\baudit (log|logs|logging|trail|table)\b/g,
  /\batomic (design|css|commits?|habits|classes|components?)\b/g,
  /\b(comment|email|discussion|twitter|reddit|forum|conversation) threads?\b|\bthreads? of (thought|conversation|discussion)\b|\bthread (the|this|it|a|my)\b[^.?!]{0,30}\bthrough\b/g,
  /\b(secure|httponly|samesite)[- ]?(cookie|flag|attribute)s?\b|\bsecure: ?true\b/g,
  // A language's or API's property ("Rust is memory-safe", "null safety"), unless the words ask whether the code is: "is this memory safe?", "review it for memory
  // safety bugs" are security reviews (the cues below).
  /(?<!\b(for|(is|are) (this|these|that|it|the \w+)( \w+){0,2}) )\b(type|null|memory)[- ]safe(ty)?\b(?! (across|between) threads)/g,
  /\bperformance (review|reviews|appraisal)\b/g,
  /\b(use|using|with|via|install|add) (the )?concurrently\b|\bconcurrently (package|script)\b/g,
  /\brace ?(car|track|game|results?|day)s?\b|\b(horse|car|foot|boat|bike) ?race\b/g,
  /\bobject\.freeze\b|\bfreeze (the )?(object|array|dict|list|config)\b/g,
  /\b(git|graceful) (shutdown|terminat\w*)\b|\bterminate (the )?(process|program|loop|pod|instance|app)\b/g,
  /\b(image|font|grey|gray|ui|time)[- ]?scale\b/g,
  /\bcode ?fences?\b|\bfenced\b/g,
  /\bpromise\.race\b|\.race\(/g,
  // "Exploit" as "make use of": the fact, a library's vectorisation, the cores, the structure of the input.
  /\bexploit(ing|s|ed)? (the |this |its |their |our |my |\w+'s? )?(fact|vectori[sz]\w*|parallel\w*|concurrency|multi-?core\w*|(multiple |all )?cores|gpus?|simd|caches?|caching|locality|sparsity|symmetr\w*|structure|propert(y|ies)|monotonicity|laziness|broadcasting|immutability|hardware|features?|patterns?|regularit\w*|redundancy)\b/g,
  // Column and label names: "the attacker and defender columns of battles.csv", "a column named malicious".
  /\b(attackers?|hackers?|malicious|threats?|exploits?|victims?)((,| and) [\w-]+)* (columns?|labels?|fields? (of|in) (the|this|my) (csv|table|dataframe|dataset|sheet))\b|\b(columns?|labels?) (named |called )?['"]?(attackers?|hackers?|malicious|threats?|exploits?|victims?)\b/g,
  /\bloop[- ]invariant (code|computations?|expressions?|hoisting|motion)\b/g,
];

/** The names of attack classes, as a dataset labels its rows; LABEL adds the label they share ("benign, malicious"). */
const ATTACK = String.raw`(d?dos|xss|csrf|ssrf|sqli|sql injection|phishing|malware|ransomware|botnet|brute[- ]?force|port ?scan)`;
const LABEL = String.raw`(${ATTACK}|malicious)`;
/**
 * Attack classes as data: a dataset's labels ("the DoS column", "values DoS, Probe, normal", "DDoS vs benign flows",
 * "normal, DoS, Probe, R2L") name rows to count, encode or plot, not a system to analyse. Where the words use one so,
 * ATTACK_CLASS blanks every attack class in them: "a column XSS; filter the rows where XSS is yes".
 */
export const ATTACK_CLASS_AS_DATA = new RegExp(
  String.raw`\b${ATTACK}( attacks?)? (columns?|labels?|class(es)?|categor(y|ies)|rows|samples|records|entries|flows|packets|instances|counts?)\b` +
    String.raw`|\b(columns?|labels?|class(es)?|categor(y|ies)|values?|tags?)( (named|called|like|such as|including))? ['"]?${ATTACK}\b` +
    String.raw`|\b(benign|normal)(,|\/| and| or| vs\.?| versus)( [\w-]+,)* ${LABEL}\b` +
    String.raw`|\b${LABEL}(,|\/| and| or| vs\.?| versus)( [\w-]+,)* (benign|normal)\b`,
);
export const ATTACK_CLASS = new RegExp(String.raw`\b${LABEL}\b`, 'g');

/** Nodes of a data structure: where the words speak of one, "two nodes" or "multiple nodes" are its nodes, not hosts. */
export const STRUCTURE_NODES =
  /\btrees?\b|\bgraphs?\b|\blinked lists?\b|\bleaf\b|\bleaves\b|\b(root|child|parent) nodes?\b|\bedges\b|\bvert(ex|ices)\b|\btries?\b/;

/** Dependency upgrades are mechanical even when an audit calls a package "vulnerable". */
export const DEPENDENCY_BUMP =
  /\bvulnerable (dependenc\w+|packages?|versions?|librar\w+|transitive)\b|\b(npm|yarn|pnpm|pip|cargo|bundle) audit\b|\bdependabot\b|\brenovate\b|\bbump (it|this|that|them)\b|\b(bump|upgrade|update|pin)\b( [^\s.?!]+){0,4} (versions?|packages?|dependency|dependencies|deps|librar(y|ies)|patched)\b|\b(bump|upgrade|update|pin)\b( [^\s.?!]+){0,4} to (v|version )?\d+(\.\d+)+\b|\b(bump|upgrade|update|pin)\b( [^\s.?!]+){0,4} to (v\d+|(the )?latest)\b/;

/** Words of irregular frequency: the mark of a bug whose cause nobody has found. */
export const FREQUENCY =
  /\b(sometimes?(?!,? (also )?(called|known|referred|written|spelled|abbreviated|named|termed|denoted|shortened)\b)|some times|somtimes?|sometims|occasion?al+y|randomly|at random|now and then|(from )?time to time|once in a while|every so often|every now and then|some of the time|spuriously|not (every|each|all the) time|every other (time|run|day|request|build)|(?<!\b(i|we|you|they) )(does ?n[o']t|do ?n[o']t|not|is ?n[o']t|wo ?n[o']t) (always|consistently)|inconsistently)\b/;

/**
 * A symptom. Counted only beside a FREQUENCY word ("sometimes … twice", "occasionally … stale"): either alone is
 * ordinary, together they describe a bug with no clear cause.
 */
export const SYMPTOM =
  /\b(fail\w*|crash\w*|wrong|twice|duplicat\w*|same|lost|loses|missing|stale|null|nil|none|undefined|errors?|exceptions?|time ?outs?|timed out|corrupt\w*|drop\w*|panic\w*|leak\w*|previous|out of order|never|stuck|empty|zero|nan|mismatch\w*|inconsistent|double\w*|again|disappear\w*|overwritten|hangs?|freez\w*|stops?|stopped|blank|flicker\w*|unresponsive|disconnect\w*|glitch\w*)\b/;
export const SYMPTOM_WEIGHT = 1.5;

/** Symptoms of lost or mixed-up state: beside a concurrency word they make a race report ("wrong after concurrent deposits"). */
export const STATE_SYMPTOM =
  /\b(wrong|incorrect|corrupt\w*|lost|loses|duplicat\w*|twice|inconsistent|overwritten|stale|mismatch\w*|mixed up|garbled|negative balance|overdraw\w*|crash\w*|hang\w*|freez\w*)\b/;

const rc = (topic: Topic, w: number, re: RegExp): ReasonerCue => ({ topic, w, re });
const noun = (topic: Topic, w: number, re: RegExp): ReasonerCue => ({ topic, w, re, noun: true });

/** Cues read in the user's words (instruction), lower-cased and with BENIGN_PHRASES blanked. */
export const REASONER_CUES: ReasonerCue[] = [
  // concurrency and memory ordering
  // "race" as a noun; as a verb ("races two promises", Promise.race) it is ordinary async code.
  rc(
    'concurrency',
    3,
    /\bdata races?\b|\brace conditions?\b|\bracy\b|\b(a|the|any|no|possible|subtle|obvious|real) races?\b|\b(this|that) race\b|\braces? (between|on|in|with|when|where|here|there)\b|\bracing (threads|goroutines|writes|requests|updates|on|with|against|for)\b/,
  ),
  rc('concurrency', 3, /\bmemory visibility\b|\bvisibility (guarantees?|of (the )?writes|across threads)\b/),
  rc('concurrency', 3, /\bdead ?lock(s|ed|ing)?\b|\blive ?lock(s|ed)?\b/),
  rc('concurrency', 3, /\block[- ]?free\b|\blockless\b|\bwait[- ]free\b|\baba\b|\blineari[sz]ab\w*/),
  rc(
    'concurrency',
    3,
    /\bmemory[- _](order(ing)?s?|model|barriers?|fences?)\b|\bmemory_order_\w+|\bordering::\w+|\b(memory|store|load|full|acquire|release|compiler|atomic|thread|hardware|cpu|seq_?cst) fences?\b|\bfences? (instructions?|intrinsics?)\b|\b[msl]fence\b|\bfences? (between|before|after) (the )?(stores?|loads?|writes?|reads?|atomics?)\b|\bhappens[- ]before\b|\b(acquire|release|relaxed|seqcst|seq_cst|acqrel)\b(\/\w+)?[^.?!]{0,20}\b(order(ing)?s?|semantics|enough|sufficient|needed|fences?|stores?|loads?|atomics?)\b/,
  ),
  rc(
    'concurrency',
    3,
    /\bthread[- ]?safe(ty)?\b|\bthread[- ]unsafe\b|\btorn (reads?|writes?|values?)\b|\breorder\w*\b[^.?!]{0,20}\b(writes|reads|stores|loads|instructions|memory|operations)\b|\bordering of (writes|reads|stores|loads)\b|\binterleavings?\b|\b(can|could|may|might) interleave\b|\binterleav\w* (of|between) (the )?(threads|goroutines|coroutines|calls|operations|writes|reads|requests|transactions)\b|\bhalf[- ]written\b/,
  ),
  rc(
    'concurrency',
    3,
    /\bstarv(e|es|ed|ation)\b|\bpriority inversion\b|\bvisib(le|ility) (to|across|between|from) (other )?(threads|cores|goroutines)\b|\blost (updates?|increments?|writes?)\b/,
  ),
  rc('concurrency', 2, /\blost (messages?|wake-?ups?|events?)\b/),
  rc('concurrency', 1.5, /\bstress[- ]tests?\b|\bhammer\w*|\bat once\b/),
  // Several writers named as services: "when several services write to the same rows".
  rc(
    'concurrency',
    2.5,
    /\b(two|multiple|several|many|different|concurrent) (\w+ )?(services|apps|applications|microservices)\b[^.?!]{0,20}\b(write|writes|writing|update|updates|updating|modify|modifies|modifying) (to )?(the )?same\b/,
  ),
  rc(
    'concurrency',
    2.5,
    /\b(two|2|multiple|several|(?<!how )many|other|another|concurrent|parallel|different) ((async|asynchronous|background|separate) )?(threads?|goroutines?|coroutines?|transactions?|workers?|processes|replicas|nodes|instances|consumers|producers|callers|transfers|tabs|users|customers|clients|requests|sessions|people|buyers|shoppers|admins|players|devices|browsers|servers|pods|jobs|cron ?jobs|handlers|calls|writers|readers)\b|\b\d+ (threads|goroutines|workers|processes|replicas|pods|instances)\b/,
  ),
  rc(
    'concurrency',
    1.5,
    /\b(at|in) (the )?same (time|moment|instant|second|millisecond)\b|\bsimultaneous(ly)?\b|\bin parallel\b/,
  ),
  // Two actors ending in the same state: "both get the last seat", "both see the old value".
  rc(
    'concurrency',
    2,
    /\bboth (of them |\w+ )?(get|got|see|saw|read|win|won|succeed\w*|pass|passed|book\w*|buy|bought|grab\w*|take|took|end up|update\w*|write|wrote)\b/,
  ),
  // Rust's thread-safety marker traits.
  rc(
    'concurrency',
    2,
    /\b(impl|implements?|derive|unsafe impl) (send|sync)\b|\bsend ?\+ ?sync\b|!(send|sync)\b|\b(is|are|isn'?t|aren'?t) (not )?(send|sync) (and|or|\+) (send|sync)\b|\b(send|sync) (bound|impl|trait)s?\b/,
  ),
  // A question about whether a primitive is needed at all is a judgement about concurrent access.
  rc(
    'concurrency',
    2.5,
    /\bdo (we|i|you) (even |really )?need (a |an |the |this |that )?(lock|mutex|transaction|barrier|fence|volatile|atomic|synchroni\w*)\b|\bwithout (a |the |any )?(lock|mutex|locking|synchroni\w*)\b/,
  ),
  // A window in time between two steps: "right after it was touched", "between the check and the update".
  rc(
    'concurrency',
    1.5,
    /\b(right|just|immediately) (after|before)\b|\bin (the )?between\b|\bbetween (the |my |our )?(check|read|get|select|load|lookup|fetch)\w* and\b|\bat the wrong (moment|time)\b|\bin the middle of\b/,
  ),
  // Anomalies of concurrent state described in plain words.
  rc(
    'concurrency',
    3,
    /\b(charged|billed|processed|sent|executed|applied|booked|paid|delivered|created|inserted|redeemed|consumed) twice\b|\b(charged|billed|processed|booked|paid|delivered|redeemed|consumed) more than once\b|\bdouble[- ](charg|book|spend|submit|process|pay)\w*|\bover-?(sell|sold|selling|book\w*|draw\w*)\b|\bboth (of them |orders |requests |writes |updates |users |transactions |jobs )?(go through|succeed|win|get it|pass)\b/,
  ),
  // Interleavings described by their effect: work done twice, writers that overwrite each other, replies that
  // arrive out of order, an earlier call that resolves after a later one.
  rc(
    'concurrency',
    3,
    /\b((picks?|picked|picking) up|handles?|handled|processe?s?|processed|runs?|executes?|sends?|consumes?) the same (\w+ )?(job|message|task|event|order|request|item|row)s? twice\b/,
  ),
  // Alone, overwriting each other is as often CSS rules or two files of the same name: it needs another cue.
  rc('concurrency', 2, /\b(overwrit(e|es|ing)|clobber(s|ing)?|stomp(s|ing)? on|step(s|ping)? on) each other('?s)?\b/),
  rc(
    'concurrency',
    2,
    /\b(arrive|arrives|arrived|arriving|come back|comes back|came back|resolve|resolves|resolved|complete|completes|completed|finish|finishes|finished|return|returns|returned|delivered|processed|applied|fire|fires|fired)( \w+| more than once (and|or))? out of order\b|\b(before|after) the (first|previous|other|earlier|later|second) (\w+ )?(resolves|returns|completes|finishes|responds|comes back)\b/,
  ),
  // "Can X be/get/go <bad state>": a question about whether an unwanted state is reachable.
  rc(
    'correctness',
    2.5,
    /\b(can|could|might|may|will|would|is it possible (that|for))\b[^.?!]{0,40}\b(be|get|go|end up|become|ever)( \w+){0,2} (evicted|overwritten|lost|freed|dropped|skipped|negative|below zero|out of sync|inconsistent|corrupt\w*|stale|deadlocked|starved|processed twice|charged twice|reordered|leaked|half[- ]written|torn)\b/,
  ),
  // "Is it possible that …" asks whether a state is reachable; "is it possible to …" and "is there any way to …" ask
  // for a recipe.
  rc(
    'correctness',
    2,
    /\b(can|could|does|will) (this|it|that|the \w+|\w+) ever\b|\bis (it|there) (ever )?(possible|any (chance|way|risk)) (that|for)\b|\bis there (ever )?any (chance|risk) (of|to)\b/,
  ),
  noun(
    'concurrency',
    2,
    /\bconcurren(t|cy)\b|\bconcurrently\b|\batomic(s|ally|ity)?\b|\bcompare[- ]and[- ](swap|set)\b|\bcas loop\b/,
  ),
  noun(
    'concurrency',
    2,
    /\bmutex(es)?\b|\bsemaphores?\b|\bspin ?locks?\b|\brw ?locks?\b|\bcondition variables?\b|\bcondvars?\b|\bcritical sections?\b|\bmonitors? lock\b/,
  ),
  rc(
    'concurrency',
    3,
    /\bdouble[- ]checked locking\b|\basync[- ]signal[- ]safe\b|\breentran(t|cy)\b|\bsafe(ly)? publi(sh|cation)\b|\bjcstress\b|\bloom (test|model)\w*|\bthread ?sanitizer\b|\btsan\b|\bhelgrind\b|\brace detector\b|\bgoroutine leaks?\b/,
  ),
  // Weak words are separate cues so that several of them together add up ("locking … without volatile").
  // Not an account, a domain or a phone that is locked, nor being locked out: those are access, not synchronisation.
  noun(
    'concurrency',
    1.5,
    /\block(s|ed|ing)?\b(?! out\b| (account|domain|screen|phone|device|bootloader|sim|user|door)s?\b)|\bunlock(s|ed|ing)?\b(?! (the |my |your |an? )?(account|domain|screen|phone|device|bootloader|sim|door|achievement|feature|content|level)s?\b)/,
  ),
  rc('concurrency', 1.5, /\bheld across\b/),
  noun('concurrency', 1.5, /\bsynchroni[sz]\w*/),
  noun('concurrency', 1.5, /\bvolatile\b|\bsignal handlers?\b/),
  // debugging with no clear cause
  rc(
    'unclear-cause bug',
    3,
    /\bintermittent(ly)?\b|\bflak(y|iness)\b|\bheisenbugs?\b|\bsporadic(ally)?\b|\bnon-?deterministic(ally)?\b/,
  ),
  rc(
    'unclear-cause bug',
    3,
    /\b(can'?t|cannot|could ?n[o']t|unable to|never) (reliably |consistently )?(reproduce|repro)\b|\bnot (reliably |consistently )?reproducible\b|\b(hard|difficult|tricky) to (reproduce|repro)\b|\bsometimes (it )?(works|passes|succeeds)\b[^.?!]{0,20}\bsometimes (it )?(does ?n[o']t|does not|fails|not)\b/,
  ),
  rc(
    'unclear-cause bug',
    3,
    /\bonly (happens )?(in|on|under|with|when|after) (prod|production|staging|ci|release|load|heavy|high|real|the server|docker|k8s|kubernetes|the cluster)\b/,
  ),
  rc(
    'unclear-cause bug',
    3,
    /\bunder (heavy |high |real |peak |sustained )?(load|traffic|contention|stress|memory pressure)\b/,
  ),
  rc(
    'unclear-cause bug',
    3,
    /\b(works|passes|runs) (fine |ok |okay )?(locally|on my machine|in dev|in the simulator|on mine)\b|\bnever (locally|in dev|in tests|in the simulator|on my machine|on mine)\b|\bon some (machines|devices|phones|browsers|computers|servers|nodes)\b|\bonly on (some|certain|older|slower|a few)\b/,
  ),
  rc(
    'unclear-cause bug',
    3,
    /\bmemory( usage| use| footprint)?( keeps| slowly| steadily)? (grow|grows|growing|climb|climbs|creep|creeps|increases|goes up)\b|\bmemory leaks?\b|\bleak(s|ing)? memory\b|\boom[- ]?kill\w*|\bout of memory\b|\beats \d+ ?gb\b/,
  ),
  rc('unclear-cause bug', 3, /\broot cause\b/),
  rc(
    'unclear-cause bug',
    3,
    /\b(more and more|ever[- ]growing|growing|increasing) (ram|memory|heap|rss)\b|\b(ram|rss|heap)( usage| use)? (keeps |slowly |steadily )?(grow|grows|growing|climb|climbs|creeps?|increas\w*)\b|\bget(s|ting)? (oom[- ])?killed\b/,
  ),
  rc(
    'unclear-cause bug',
    2,
    /\bno (obvious|clear|apparent) (leak|cause|reason|bug|pattern|error)\b|\bfor no (good )?reason\b|\bout of nowhere\b|\bcan'?t find (the |a )?(leak|cause|bug)\b/,
  ),
  // Not knowing why is how most bug reports start ("can't figure out why the dialog doesn't open", "any idea what
  // could be causing this?"): alone it is no
  // evidence of a hard cause, so it needs another cue to agree.
  rc(
    'unclear-cause bug',
    1.5,
    /\b(figure|find|work) out why\b|\b(can'?t|cannot|could ?n[o']t) (figure out|see|tell|work out|find) (why|what|where)\b|\bno idea why\b|\bwhat could (it|cause|be causing)\b/,
  ),
  rc(
    'unclear-cause bug',
    2.5,
    /\bholding on to\b|\bholds on to\b|\bkeeps? (a )?references?\b|\b(never|not) (garbage[- ])?(collected|freed|released)\b/,
  ),
  rc(
    'unclear-cause bug',
    2,
    /\bin prod(uction)?\b|\bon ci\b|\bin release builds?\b|\bafter (running for|a few|several|some|a day|a week|hours|days|a while)\b|\bevery (few|couple of|\d+) (seconds|hours|days|minutes|runs|requests|deploys)\b|\b(once|one run|one time) (in|every) (a|an|\d+|ten|a few)\b|\b(once|twice|a few times|\d+ times) (a|an|per|every) (day|week|month|hour|night)\b/,
  ),
  rc(
    'unclear-cause bug',
    3,
    /\b(re-?runs?|retries|retrying|restarts?) (is|are|it|usually|always)? ?(fine|works|passes|fixes it)\b|\bpasses on (retry|re-?run)\b/,
  ),
  rc('unclear-cause bug', 2, FREQUENCY),
  // A failure rate or a subset of users: "~1 in 500 orders", "only for a handful of users", "fine for most accounts but".
  rc(
    'unclear-cause bug',
    2.5,
    /(^|[\s~(])\d+ (in|out of) (every )?\d[\d,]*( \w+)?\b|\b(a handful|a small number|a fraction|a few|some) of (our )?(users|customers|orders|requests|accounts|devices|machines|runs|jobs|sessions|payments|calls)\b|\b(fine|ok|okay|works|fast) for (most|all but|everyone but|nearly all|almost all)\b/,
  ),
  rc(
    'unclear-cause bug',
    3,
    /\bnever (seen|see|reproduced|hit|had) (it |this |that )?(in|on|during) (qa|dev|staging|tests?|testing|ci|local\w*)\b/,
  ),
  // Degradation over time, or a kill with no log line: "gradually stops answering", "exits with code 137 around day 3".
  rc(
    'unclear-cause bug',
    2.5,
    /\bgradual(ly)?\b|\bover time\b|\baround (day|hour|week|minute) \d+\b|\bafter (about |around |roughly )?(an? |\d+ )(hour|day|week)s?\b|\b(exit|exits|exited|exiting) with (code |status )?137\b|\bexit (code|status) 137\b/,
  ),
  // Asking for a diagnosis, not a fix: "how would you investigate?", "where would the time go?" ("how would I
  // approach this?" asks for a plan of any kind: no diagnosis cue).
  rc(
    'unclear-cause bug',
    1.5,
    /\bhow (would|should|do|can) (you|i|we|one) (investigate|debug|diagnose|track (it|this) down|narrow (it|this) down)\b|\bwhere (would|does|did|is) (all )?the time (go|going)\b/,
  ),
  rc(
    'unclear-cause bug',
    2,
    /\b(fail\w*|crash\w*|exit\w*|dies|died|stops?|stopped|hangs?|quits?|disappear\w*|freez\w*|restarts?|killed|nothing happens)\b[^.?!]{0,30}\b(no|without( any)?|with no|nothing in the|no useful) (errors?|panics?|exceptions?|stack ?traces?|logs?|log lines?|crash reports?)\b|\b(there'?s|there is|i get|we get|with) no (errors?|panics?|exceptions?|stack ?traces?|crash reports?)( messages?)? (at all|anywhere|in the logs|whatsoever)\b|\bnothing in the logs\b|\bmysterious(ly)?\b/,
  ),
  rc(
    'unclear-cause bug',
    2,
    /\bhang(s|ing)?\b|\bfreez(e|es|ing)\b|(?<!\b(i|i'?m|am|been|we|we'?re|are|getting|got|get|feel|totally|really|completely) )\bstuck\b(?! (with|on) (this|these|that|it|how|the (problem|exercise|task|question|assignment))\b)|\bstops? (respond|answer|serv|process)\w*|\b(becomes?|became|goes|went|is|gets) unresponsive\b|\bnot responding\b|\bnever (resumes|returns|completes|finishes|fires)\b|\bexc_bad_access\b|\bsegfault\w*|\bseg(mentation)?[- ]faults?\b|\bheap corruption\b/,
  ),
  // algorithm design with complexity or correctness arguments
  rc(
    'algorithm design',
    3,
    /\b(time|space|worst[- ]case|average[- ]case|asymptotic) complexity\b|\bcomplexity of\b|\bbig[- ]?o\b|\bo\([^)]{1,14}\)|\bsub-?(quadratic|linear)\b|\bamorti[sz]ed\b|\bnp[- ]?(hard|complete)\b|\bpolynomial[- ]time\b|\b(linear|logarithmic|constant|quadratic|cubic|exponential|n log n|sublinear) (time|space|memory)\b/,
  ),
  rc(
    'algorithm design',
    3,
    /\b(design|devise|come up with|invent|find|propose) (an?|the) (\w+ ){0,3}(algorithm|data structure)\b/,
  ),
  rc(
    'algorithm design',
    2,
    /\bn ?(\^|\*\*) ?\d\b|\bn²|\bn squared\b|\bquadratic\b|\bn log n\b|\b(best|better|lower|lowest|optimal) (possible )?(time |runtime |space )?complexity\b|\bcomplexity (can|could) (we|i) (get|reach|achieve)\b/,
  ),
  rc('algorithm design', 1.5, /\b10 ?\^ ?\d\b|\b1e\d\b/),
  rc(
    'algorithm design',
    2,
    /\b(minimal|minimum|minimi[sz]\w+|maximal|maximi[sz]\w+) (total |overall |possible )?(cost|time|distance|weight|waste|moves|steps|changes|trips)\b|\b(total |overall )?(cost|distance|time|weight) (is|stays|remains) (minimal|minimum|lowest|smallest|optimal)\b/,
  ),
  rc(
    'correctness',
    2,
    /\bwhy\b[^.?!]{0,60}\b(minimum|maximum|optimal|optimum|minimal|shortest|fewest)\b|\bwhy\b[^.?!]{0,40}\b(is|are|it'?s|stays|remains) (correct|sound|enough|sufficient|thread[- ]?safe)\b/,
  ),
  // "optimal" alone is a demand; "the optimal approach/solution/..." is the generic wording below (the same exclusion
  // keeps it out of features.ts's alg:optimise objective: change the two together).
  rc(
    'algorithm design',
    2,
    /\b(lower|upper|error) bounds?\b|\bworst[- ]case\b|\boptimal(ity)?\b(?! (way|algorithm|approach|method|solution|code|answer)s?\b)|\bbounded memory\b|\bapproximat\w+ (algorithm|guarantee|ratio)\b|\bfewest\b|\bminimum number of\b/,
  ),
  rc(
    'algorithm design',
    1.5,
    /\bdynamic programming\b|\b\d+(\.\d+)? ?[mk] (nodes|rows|items|records|edges|elements|keys|vertices)\b/,
  ),
  // Asking for "an algorithm", "an efficient solution" or "the optimal approach" says the user wants one, not that the
  // problem is hard: over a pasted statement the statement's own limits say that (see ReasonerCue.generic).
  {
    topic: 'algorithm design',
    w: 1.5,
    re: /\balgorithms?\b|\b(efficient|optimal|optimi[sz]ed) (way|algorithm|approach|method|solution)s?\b/,
    generic: true,
  },
  rc(
    'algorithm design',
    3,
    /\balways (get|give|find|return|produce|yield|pick)s? the (minimum|maximum|optimal|best|shortest|longest|fewest|smallest|largest|cheapest)\b|\b(is|be) (linear|logarithmic|quadratic|constant|polynomial) time\b|\bruns? in (linear|logarithmic|quadratic|constant|polynomial)( time)?\b/,
  ),
  rc(
    'algorithm design',
    2.5,
    /\bgreedy\b[^.?!]{0,20}\b(enough|optimal|correct|work|works|fail|fails)\b|\b(is|isn'?t) greedy\b/,
  ),
  // proofs, invariants, correctness arguments
  rc(
    'correctness',
    3,
    /\bprov(e|es|ing)\b(?! (my|your|our|their|his|her|i|i'?m|you|you'?re|we|we'?re|they|me|him|us|identity|ownership|(the )?significance)\b)|\bproofs?\b|\binvariants?\b|\bformal(ly)? (verif\w*|proof|argument|specification)\b|\binduction\b|\bpre-?conditions?\b|\bpost-?conditions?\b|\bcounter-?example\b/,
  ),
  rc(
    'correctness',
    2.5,
    /\bcorrect(ness)? for all\b|\bcorrectness\b|\bsoundness\b|\bunsound\b|\b(is|be|remains?|stays?|it'?s|not) sound\b|\bsound (wrapper|api|abstraction|interface|argument)\b|\bundefined behaviou?r\b|\bub\b|\b# ?safety\b|\bsafety (section|argument|contract|comment|requirements)\b/,
  ),
  rc('correctness', 1, /\b(is|are|be|stays?|remains?) (really |still )?safe\b|\bsafe (to|without|under|when)\b/),
  rc(
    'correctness',
    2,
    /\bis (this|it|that|the)( [\w-]+){0,4} (correct|right)\b(?= *($|[?.!,;:)]|(and|or|if|when|for|under|in|here|now|though|assuming|given|to (assume|say|think|expect))\b))|\bterminat(es|ion)\b|\b(justify|argue)\b|\bguarantee(s|d)?\b|\bordering argument\b/,
  ),
  // security review
  rc(
    'security',
    3,
    /\bvulnerab\w*|\bexploit\w*|\battackers?\b|\bthreat model\w*|\bmalicious\b|\bprivilege escalation\b|\bescalate privileges?\b|\bhackers?\b(?! ?news\b)|\bhacked\b(?! (together|around|up|on|in)\b)|\btamper(s|ed|ing)? with (the |this |that |a |an |our |my |their )?(\w+ )?(cookies?|tokens?|jwts?|requests?|prices?|payloads?|sessions?|forms?|fields?|param(eter)?s?|headers?|amounts?|urls?|ids?|data|messages?|query|totals?|roles?|claims?)\b|\bguessable (\w+ )?(tokens?|ids?|sessions?|passwords?|links?|urls?|codes?)\b|\b(predictable|brute[- ]?forc\w*) (\w+ )?(tokens?|session ids?|sessions|passwords?|reset (links?|codes?)|otps?)\b|\b(tokens?|ids?|session ids?|reset links?|codes?) (is |are )?(guessable|predictable|enumerable)\b|\bleaks? (whether|which|if) (an? |the )?(email|user|account|username|file|record)s?\b|\btoo permissive\b|\bdeseriali[sz]\w* (untrusted|user|external|the request'?s?|client)\b|\buntrusted (\w+ )?deseriali[sz]\w*/,
  ),
  rc(
    'security',
    3,
    /\b(sql|command|shell|code|os|ldap|xpath|template|header|log|nosql|prompt|html)[- ]injection\b|\binjection (problems?|issues?|bugs?|flaws?|risks?|holes?|attacks?|vulnerabilit\w*|vectors?|safe)\b|\binject(s|ed|ing)? (arbitrary |malicious |its own |their own |extra |raw )?(sql|code|commands?|shell|scripts?|javascript|js|html|queries|query|payloads?)\b|\binjectable\b|\bxss\b|\bcross[- ]site\b|\bcsrf\b|\bssrf\b|\bxxe\b|\brce\b|\bidor\b|\btoctou\b|\bopen redirect\b|\b(path|directory) traversal\b/,
  ),
  rc(
    'security',
    3,
    /\btiming (attack|leak|side)\w*|\bside[- ]channels?\b|\bconstant[- ]time (compar\w*|equal\w*|checks?|memcmp|verif\w*|implementations?|code|crypto\w*|hmac|string)\b|\b(compar\w*|check\w*|verif\w*|equals?) (\w+ ){0,3}in constant time\b|\b(auth\w*|login|signature|validation|check) bypass\b|\bbypass (the |this )?(auth\w*|login|check|validation|signature)\b|\bsecurity (review|audit|issues?|holes?|flaws?|problems?|risks?|implications|bugs?)\b/,
  ),
  // Asking whether code is secure, or which of two options is more secure, or a review aimed at a class of weakness:
  // "is this crypto usage secure?", "what has better security, my class or SHA-256?", "review this C for memory
  // safety bugs".
  rc(
    'security',
    3,
    /\b(better|more|less|stronger|weaker|most|least) (security|secure)\b|\b(is|are) (this|these|that|it|the \w+)( \w+){0,2} (secure|safe to (run|ship|deploy|expose|use|call|accept))\b|\b(is|are) (this|these|that|it|the (code|function|snippet|loop|class|method|parser|program|module|wrapper|bindings?|implementation|buffer handling))( (code|function|snippet|implementation))? memory[- ]safe\b|\breview (\w+ ){0,3}for (security|memory[- ]safety|vulnerabilit\w*|injections?|overflows?|leaks?)\b|\b(crypto(graphy)?|hashing|encryption|cipher|tls|ssl)( \w+)? (usage|use|setup|config\w*)\b[^.?!]{0,20}\b(secure|safe|sound|ok|okay)\b|\b(review|audit|check) (the |this |my |our )?(crypto(graphy)?|encryption|ciphers?|password (hashing|storage)|(secret|private|api|signing|encryption) key (handling|management)|hashing ?\/ ?(encryption|crypto\w*)|(encryption|crypto\w*) ?\/ ?hashing)\b/,
  ),
  // Input shaped by an attacker: "could a crafted filename overwrite files?", "a path traversal in the upload".
  rc(
    'security',
    3,
    /\bcrafted (\w+ )?(file ?names?|paths?|inputs?|requests?|urls?|headers?|payloads?|strings?|packets?|files?|tokens?|cookies?|quer(y|ies)|messages?|archives?|zips?)\b|\b(path|directory) traversal\b|\b(attacker|user)[- ]controlled\b/,
  ),
  // Access-control holes described in plain words: "any user can edit any post", "read someone else's orders".
  rc(
    'security',
    3,
    /\b(can|could|able to|allowed to|lets?)\b[^.?!]{0,20}\b(see|read|access|view|modify|change|delete|edit|download|overwrite|cancel|impersonate)\b[^.?!]{0,12}\b(other|another|someone else|anyone else|any|all)\b(?! (of )?(my|our)\b)/,
  ),
  rc(
    'security',
    2.5,
    /\btrust(s|ed|ing)? (the )?(\w+ )?(blindly|user|client|param\w*|input|header|request)\b|\buser[- ]controlled\b|\bauthori[sz]ation (check|bypass|hole|bug|issue|problem)s?\b|\baccess control\b|\bprivilege\b/,
  ),
  rc('security', 1.5, /\bauthori[sz]ation\b|\bpermissions?\b|\blogged[- ]in user\b/),
  rc(
    'security',
    1.5,
    /\b(could|can|would|will|might) (some ?(one|body)|any ?(one|body)|(a|any|the|other|another|random|normal|regular) (user|client|customer|stranger|visitor|tenant)s?|users?|people|hackers?|an attacker)\b(?! (please |kindly )?(help|explain|tell|walk|point|suggest|show|guide|advise|recommend|clarify|give|assist|share|confirm|answer|describe|elaborate|shed|provide|teach|enlighten|look|check|review)\b)/,
  ),
  // Someone else's data: "see invoice of other people", "read somebody else's orders", "change the id in the url"
  // ("didn't see anyone else bringing this up" owns nothing: the possessive is required).
  rc(
    'security',
    3,
    /\b(see|read|access|view|modify|change|delete|edit|download|get|fetch|open|cancel|overwrite)\b[^.?!]{0,30}\b((of|from|belong\w* to) (other|another|different) (people|persons?|users?|customers?|tenants?|accounts?|companies|orgs?|organi[sz]ations?)|(other|another|different) (people|users?|customers?|tenants?)'s?|(some|any) ?(one|body) else'?s)(?! (list|page|tab|section)s?\b)|\b(can|could|able to|just)\b[^.?!]{0,25}\b(change|edit|modify|tamper\w*|guess|increment|swap|replace)\b[^.?!]{0,25}\b(ids?|\w+_id|\w+id)\b[^.?!]{0,20}\b(url|path|query|request|body|param\w*|cookie)\b/,
  ),
  // Input that makes the service fall over: denial of service in plain words (MS-DOS, PC DOS, FreeDOS are systems).
  rc(
    'security',
    3,
    /\bddos(ed|-ed|ing)?\b|\b(?<!\b(ms|pc|dr|free|to)[- ])dos(ed|-ed|ing)?\b(?! (games?|box|mode|prompts?|batch|lines?|line endings?|endings?|format|commands?|windows?|shell|programs?|era|days|emulat\w*|versions?|files?|executables?|exe|style|machines?|apps?|applications?|environment|console|terminal|drivers?|partition)\b)(?=( \w+)? (attacks?|attackers?|vulnerabilit\w*|vectors?|risks?|protection|mitigation|exploits?|conditions?)\b|( (the|our|my|your|this|a|an|their) (\w+ )?(server|service|api|site|app|backend|endpoint|node|database|db|cluster|process|parser|regex)s?\b)|\s*[.?!,;:)]|\s*$)|\b(a|an|cause\w*|prevent\w*|avoid\w*|against|trigger\w*|potential|possible|(vulnerable|susceptible|open|prone|lead|leads|leading) to|result(s|ing)? in|risk of|cheap|easy|trivial|remote|regex) d?dos(ed|-ed|ing)?\b(?! (games?|box|mode|prompts?|batch|lines?|line endings?|format|commands?|windows?|shell|programs?|versions?|files?|executables?|machines?|apps?|applications?|environment|console|terminal)\b)|\bredos\b|\bcatastrophic backtracking\b|\bdenial[- ]of[- ]service\b|\b(some ?(one|body)|any ?(one|body)|attackers?|users?|clients?|input|payloads?|requests?)\b[^.?!]{0,30}\b(make|cause|force|get)s? (it |the (\w+ )?|\w+ )?(to )?(hang|freeze|crash|spin|blow up|fall over|run out of memory|go down)\b|\b(take|bring)s? (down|the (server|service|site|app) down)\b/,
  ),
  // A secret the client holds, or a request someone can resend: "is it safe to store the JWT in localStorage?",
  // "keep the client_secret from being extracted", "keys that cannot be pulled out of the APK", "someone replaying
  // an old webhook" (a plain "replay requests" is the weaker cue below). Extracting a token from a response is no
  // threat.
  rc(
    'security',
    3,
    /\bsafe to (store|keep|put|save|embed|hard-?code|expose|commit|ship|send|log|share)\b[^.?!]{0,40}\b(secrets?|client[_ ]?secrets?|api[_ ]?keys?|private keys?|tokens?|jwts?|credentials?|passwords?|session ids?|cookies?)\b|\b(secrets?|client[_ ]?secrets?|api[_ ]?keys?|private keys?|tokens?|jwts?|credentials?|passwords?)\b[^.?!]{0,60}\b(be|being|get|getting|gets) (extracted|pulled out|stolen|sniffed|intercepted|reverse[- ]engineered|decompiled)\b|\breplay(ing|ed|s)? (an? |the )?(old|previous|captured|intercepted|stolen|earlier) (ones?|requests?|tokens?|messages?|webhooks?|signatures?|payloads?|cookies?|sessions?)\b/,
  ),
  // Crafting credentials: "make a token with alg none and pass".
  rc(
    'security',
    3,
    /\b(some ?(one|body)|any ?(one|body)|attackers?|users?|clients?|hackers?)\b[^.?!]{0,20}\b(make|craft|create|fake|build|forge|mint|sign)\b[^.?!]{0,20}\b(tokens?|jwts?|cookies?|signatures?|session( ids?)?|api keys?)\b|\b(fake|forg\w+|craft\w*|tamper\w*) (a |an |the |their |his |her )?(own )?(tokens?|jwts?|cookies?|signatures?|session ids?)\b|\balg(orithm)?\W{0,3}none\b/,
  ),
  rc(
    'security',
    1.5,
    /\buser (input|data|supplied|provided|content)\b|\b(input|data|string|value)s? (from|by) (the )?(user|client|browser|request|outside)\b|\bexpos(e|ed|ing) (\w+ ){0,2}(publicly|to the (public|internet))\b|\bunauthenticated\b|\bwithout (auth\w*|login|a token)\b/,
  ),
  rc(
    'security',
    3,
    /\benumerat\w* (which |the )?(users?|emails?|accounts?|ids?|usernames?|customers?)\b|\b(user|account|email|username) enumeration\b|\benumerate which\b/,
  ),
  rc(
    'security',
    2.5,
    /\bsecurity\b|\binsecure\b|\bsecure\b|\baudit\b|\buntrusted\b|\bleak(s|ing|ed)? (the |a )?(secret|token|password|key|credentials|session|pii)\b/,
  ),
  rc(
    'security',
    3,
    /\boutside (the |of the )?(uploads?|root|base|allowed|web ?root|sandbox|public|static) ?(folder|directory|dir|path)?\b|\babus(e|ed|ing)\b/,
  ),
  rc('correctness', 2, /\bsafe against\b/),
  rc(
    'security',
    2,
    /\bget (past|around) (the |this |that |a |our )?([\w-]+ )?(auth\w*|login|checks?|validation|filters?|firewall|paywall|captcha|csp|rate ?limit\w*|sanitiz\w*|permissions?|sandbox)\b|\bspoof\w*|\bforg(ed|ery)\b|\bforge (a |an |the )?(requests?|tokens?|signatures?|cookies?|headers?|e-?mails?|messages?)\b|\breplay(ed|ing)? (an? |the )?(attacks?|requests?|tokens?|nonces?|messages?|signatures?|sessions?|cookies?)\b|\b(tokens?|requests?|cookies?|sessions?|signatures?|nonces?|messages?)\b[^.?!]{0,20}\breplay(ed|able)\b|\bbrute[- ]?forc\w* (attacks?|logins?|passwords?|the password|credentials?|pins?|tokens?|keys?|hashes)\b|\b(passwords?|logins?|credentials?|pins?) (\w+ )?(by |via |with )?brute[- ]?forc\w*|\bsanitiz\w*/,
  ),
  // performance root causes
  rc(
    'performance root cause',
    3,
    /\bwhy (is|does|did|are|do|would|has|was)\b[^.?!]{0,70}\b(slow|slower|slowing|latency|lag\w*|throughput|cpu|spik\w*|faster|so long|pauses?|regress\w*|(sequential|seq|full[- ]table) scans?|ignor\w+ the index)\b/,
  ),
  rc(
    'performance root cause',
    3,
    /\b\d+(\.\d+)?x slower\b|\b\d+ ?% slower\b|\bslowed down\b|\bgot (much |a lot |way )?slower\b|\bp9\d(\.\d)?\b|\btail latency\b|\blatency (spikes?|jumped|went|doubled|increased)\b/,
  ),
  rc(
    'performance root cause',
    3,
    /\b(lots of|many|high|more|frequent) (cpu )?cache misses\b|\b(cpu|l1|l2|l3) caches?\b|\bcache lines?\b|\bcache thrash\w*|\bfalse sharing\b|\bgc (pauses?|thrash\w*|runs constantly)\b|\bgarbage collection pauses\b|\bgen ?2 (gc|collections?)\b|\bstop[- ]the[- ]world\b|\bcontention\b|\bcpu (is )?(pegged|spikes?|at 100)|\b100 ?% cpu\b/,
  ),
  rc(
    'performance root cause',
    3,
    /\bwhere (is|does) the time (go|going)\b|\bwhat'?s (eating|using|burning) (the |all the )?(time|cpu|memory)\b|\bcpu\b[^.?!]{0,20}\b(100|9\d) ?%|\bdoes(n'?t| not) scale\b|\bscales (badly|poorly)\b/,
  ),
  rc(
    'performance root cause',
    2.5,
    /\bfalls? (over|apart)\b|\bchokes\b|\bbreaks down\b|\bcan'?t keep up\b|\bkeep up with\b|\bfalls behind\b/,
  ),
  rc(
    'performance root cause',
    2,
    /\b(works|runs|is) (fine|ok|okay|well|fast) (for|with|at|up to|until) (about |around )?\d[\d,.]*k?\b/,
  ),
  rc(
    'performance root cause',
    2.5,
    /\bstutter\w*|\bjank\w*|\bhitch(es|ing)?\b|\blag spikes?\b|\bframe (drops?|rate drops?)\b|\bdropped frames\b/,
  ),
  rc(
    'performance root cause',
    3,
    /\b(getting|gets|got|growing|grows) slower\b|\bslower and slower\b|\bslower (every|each) (day|week|month|release|run)\b|\bslower over time\b|\bwhat changed\b/,
  ),
  rc(
    'performance root cause',
    2,
    /\btook (about |almost |over |nearly )?\d+(\.\d+)? ?(s|secs?|seconds|minutes|min|mins|hours|ms)\b|\bwith the same code\b/,
  ),
  rc(
    'performance root cause',
    2,
    /\btakes? (about |almost |over |nearly )?\d+(\.\d+)? ?(s|secs?|seconds|minutes|min|ms)\b|\btimes? out on (big|large|huge|long)\b|\b(with|on|for) (big|large|huge) (inputs?|files?|tables?|data ?sets?)\b|\b\d+k rows\b|\b\d+ ?m(illion)? rows\b/,
  ),
  rc(
    'performance root cause',
    2,
    /\bthroughput (drop|drops|dropped|fell|falls|degrad\w*|halv\w*)\b|\bdrops? by half\b|\bbottlenecks?\b|\bperf(ormance)? regression\b|\bprofil(e|er|ing) (shows|says)\b|\bseq(uential)? scan\b|\bquery plan\b|\bexplain analy[sz]e\b/,
  ),
  rc(
    'performance root cause',
    2,
    /\b(queue|mailbox|backlog|lag|consumer lag|heap|memory|ram|rss|connections?|goroutines?|threads?|file descriptors?|fds|handles?|sockets?|disk usage|pool)\b[^.?!]{0,20}\b(grows?|growing|keeps? (growing|going up|climbing|increasing|rising)|piles? up|builds? up|never (drains?|shrinks?|goes down|empties)|climbs?|balloons?)\b/,
  ),
  rc(
    'performance root cause',
    2,
    /\b(at|on|during|in) peak( hours?| times?| traffic| load)?\b|\bpeak (hours|traffic|load)\b|\brush hour\b|\bblack friday\b|\b(real|production|prod|heavy|more) traffic\b|\bwhen (traffic|load) (goes up|increases|spikes)\b/,
  ),
  rc(
    'performance root cause',
    2.5,
    /\bdoes(n'?t| not)? (this|it|that) (even )?scale\b|\bwill (this|it|that) (still )?(scale|hold up|keep up|survive)\b|\bcrawls?\b|\bgrinds? to a halt\b/,
  ),
  rc('performance root cause', 1, /\bslow(er|ly|s)?\b|\bperformance\b|\blatency\b|\bgarbage collect\w*/),
  // architecture and migration trade-offs
  rc(
    'architecture trade-off',
    3,
    /\btrade-?offs?\b|\bnetwork partitions?\b|\bpartition tolerance\b|\bpros and cons\b|\bzero[- ]downtime\b|\bwithout downtime\b|\bno downtime\b|\bsplit[- ]brain\b|\bclock skew\b|\bcap theorem\b/,
  ),
  rc(
    'architecture trade-off',
    2.5,
    /\bdistributed (lock|locks|system|systems|transaction|transactions|cache|rate limit\w*|queue)\b|\bconsensus\b|\braft\b|\bpaxos\b|\bquorum\b|\bleader election\b|\bcrdts?\b|\bvector clocks?\b|\b(exactly|at[- ]least)[- ]once (delivery|semantics|processing|guarantees?)\b|\b(delivered|processed|consumed) (exactly|at[- ]least)[- ]once\b/,
  ),
  rc(
    'architecture trade-off',
    2,
    /\barchitect(ure|ural)\b|\bmicro-?services?\b|\bmonolith\w*|\bevent[- ]sourc\w*|\bcqrs\b|\bsaga\b|\boutbox\b|\btwo[- ]phase commit\b|\bshard(s|ing|ed)?\b|\brebalanc\w*|\b(eventual|strong|causal|read-your-writes) consistency\b|\bconsisten(cy|t reads)\b|\breplication\b/,
  ),
  rc(
    'architecture trade-off',
    2,
    /\bweigh\b|\brisks\b|\bwhich (would you|should we|approach|option|database|one should)\b|\b(postgres\w*|mysql|dynamo\w*|mongo\w*|redis|kafka|rabbitmq|sqs|cassandra|sqlite|grpc|graphql|rest) (or|vs\.?|versus) \w+|\bscal(e|ing) (out|horizontally|to \d|beyond)|\bscalab\w*|\bmillions of\b|\b\d+k? (writes|reads|requests|req|events|messages)( per| ?\/ ?)s(ec(ond)?)?\b|\b\d+ ?(rps|qps|req\/s)\b|\bacross (\d+ |multiple |several |all |many )?(replicas|nodes|regions|data ?cent(er|re)s|services|instances|zones|clusters)\b/,
  ),
  // The constraints a design must meet: durability, fleet size, offline use, instant revocation. Alone they
  // are a requirement; beside a choice or a design question they make it a trade-off with real constraints.
  rc(
    'architecture trade-off',
    1.5,
    /\b(must|can'?t|cannot|should) (not |never )?(lose|drop) (any )?(data|jobs?|messages?|events?|writes?|orders?|payments?)\b|\bwithout (losing|dropping) (any )?(data|jobs|messages|events|writes)\b|\bat (\d+k?|\d+,\d{3}|thousands of|hundreds of|millions of) (hosts|servers|machines|nodes|users|tenants|devices|instances|clients|shops|sites)\b|\bacross (\d+|multiple|several|many) (\w+ ){1,2}(instances|servers|nodes|pods|regions|replicas)\b|\b(given|with|for) (\d+k|\d+,\d{3}|\d{4,}|thousands of|millions of) (hosts|servers|machines|nodes|users|tenants|devices|instances|clients|shops|sites|customers)\b|\bstrict (data |tenant )?(isolation|consistency|latency|durability|compliance|residency|ordering) (requirements?|guarantees?|constraints?|needs)\b|\boffline[- ]first\b|\binstant(ly)? (logout|revocation|revoke)\b|\b(push|pull) (or|vs\.?|versus) (push|pull)\b/,
  ),
  // Asking what a structural change would cost: "what breaks if we split it?", "is it time to shard?"
  rc(
    'architecture trade-off',
    2.5,
    /\bwhat (breaks|would break|could break|will break|goes wrong|would go wrong) if (we|i|you|they)\b|\bis it time to\b/,
  ),
  // Separate cues so that a choice question, a structural change and a load figure add up.
  rc(
    'architecture trade-off',
    2,
    /\bpartition(ing|ed)? (this|the|our|it|by|strategy|scheme|key)\b|\bpartitioning\b|\bindex(ing)? strategy\b|\bschema design\b/,
  ),
  rc(
    'architecture trade-off',
    2,
    /\b(best|better|right|recommended) (way|approach|strategy|design|option)\b[^.?!]{0,80}\bor\b|\bshould (?!(not |never |also |always |only )?(return|be|give|print|output|accept|take|contain|have|raise|throw|work|yield|produce|match|handle|include|support)\b)[^.?!]{0,80}\bor\b|\bshould (i|we)\b[^.?!]{0,80}\bor\b|\bor (just )?(keep|stay with|stick with|leave)\b[^.?!]{0,30}\?|\bshould(?<!\b(algorithms?|approach(es)?|techniques?|data structures?|methods?|formulas?) should) (we|i) (use|pick|choose|go with|migrate|move|switch|split|adopt|keep|introduce)\b/,
  ),
  rc(
    'architecture trade-off',
    2,
    /\b(separate|own|dedicated|standalone) (micro)?service\b|\bhow would you (migrate|design|approach|structure|split|roll out|model)\b|\bsplit (the|a|our|this) (\w+ )?(table|database|db|service|monolith|schema)\b|\bdata residency\b|\bmulti-?(region|tenant\w*)\b|\bsplit\b[^.?!]{0,30}\binto (\w+ )?(micro-?)?services\b|\b(keep|stay|remain)s? (\w+ ){0,5}consistent\b|\bconsistent across\b/,
  ),
  rc(
    'architecture trade-off',
    2.5,
    /\bis it worth (it|the)\b|\bworth the (cost|complexity|effort|risk)\b|\bwhat (do|would|will) we (lose|gain|give up)\b|\b(downsides?|drawbacks?)\b/,
  ),
  rc('architecture trade-off', 1.5, /\b(move|moving|migrat\w*|switch\w*|port\w*) (\w+ ){0,3}from\b[^.?!]{0,50}\bto\b/),
  rc(
    'architecture trade-off',
    2,
    /\bsplit (\w+ ){0,2}(out|off)( of)?\b|\b(break|pull|carve|extract)\w* (\w+ ){0,2}out (of|into)\b/,
  ),
  rc(
    'architecture trade-off',
    1.5,
    /\bcache invalidation\b|\binvalidat\w+ (strateg\w*|the cache)\b|\b(postgres\w*|mysql|dynamo\w*|mongo\w*|redis|kafka|rabbitmq|sqs|sns|cassandra|elastic\w*|s3|bigquery|snowflake|clickhouse|memcached?)\b[^.?!]{0,60}\b(postgres\w*|mysql|dynamo\w*|mongo\w*|redis|kafka|rabbitmq|sqs|sns|cassandra|elastic\w*|s3|bigquery|snowflake|clickhouse|memcached?|ttl|cron|polling|webhooks?)\b/,
  ),
  rc(
    'architecture trade-off',
    1.5,
    /\bhow (do|should|can|would) we (keep|make|ensure|guarantee|handle|avoid|prevent|structure|model|organi[sz]e|design|architect|scale)\b/,
  ),
  rc(
    'architecture trade-off',
    1.5,
    /\b\d+k? (requests|users|events|messages|jobs|writes|reads) (a|per) (second|minute|day)\b/,
  ),
  rc(
    'architecture trade-off',
    2,
    /\b(traffic|load|usage|users|data) (will|is going to|could) (\d+x|grow|double|triple)\w*|\b\d+x (more )?(traffic|load|users|growth|data)\b|\bcapacity planning\b|\bread replicas?\b|\bcaching layer\b|\b(cache|replicas?|sharding|queue) first\b/,
  ),
  rc('architecture trade-off', 1.5, /\b\w+( \w+)?, \w+( \w+)? or (a |an )?\w+( \w+)?( first)?\?/),
  rc(
    'architecture trade-off',
    2,
    /\bmono-?repo\b|\bpoly-?repo\b|\bwhat would you (pick|choose|recommend|use|do)\b|\bwhich would you (pick|choose|recommend|use)\b/,
  ),
  rc(
    'architecture trade-off',
    1.5,
    /\b\d+ (teams|services|microservices|engineers|developers|squads|regions|data ?cent(er|re)s)\b/,
  ),
  rc(
    'architecture trade-off',
    1.5,
    /\bmigrat(e|ion|ing)\b[^.?!]{0,40}\b(plan|strategy|path|stages?|staged)\b|\b(design|plan) (the|a|an|our) (\w+ ){0,2}(system|service|architecture|scheme|protocol|rollout|migration|layer|platform|infrastructure)\b|\bevent[- ]driven\b/,
  ),
  rc('correctness', 2.5, /\bidempoten\w*|\bassociativ\w*|\bcommutativ\w*/),
  rc(
    'unclear-cause bug',
    2.5,
    /\b(differ\w*|different|changes?|varies|vary) (\w+ ){0,2}(between|from|on|each|every) (\w+ )?(runs?|run to run|executions?|time|attempts?|machines|restarts|deploys)\b|\bsame (input|data|code|request)\b[^.?!]{0,40}\b(different|differ\w*|another|other) (result|output|answer|value|number)s?\b/,
  ),
  // Runs over identical input ("two runs over the same input"): beside a difference between runs, the input is
  // ruled out as its cause. A phrase of its own, so that it adds to the difference rather than overlapping it.
  rc(
    'unclear-cause bug',
    1.5,
    /\b(over|against) (the )?(same|identical) (input|inputs|data|dataset|seed|file|files)\b/,
  ),
  rc(
    'correctness',
    3,
    /\beven if (the |a |it |our )?(process|server|app|service|worker|machine|node|pod|it|job)? ?(crash\w*|dies|restarts|fails|is killed)\b|\bcrash(es|ed)? (between|in the middle|mid-?way|halfway|partway)\b|\bnever (be )?(charged|sent|processed|applied|delivered|run|executed) twice\b|\bat[- ]most[- ]once\b/,
  ),
  rc('correctness', 1.5, /\bretr(y|ies|ied) (after|on) (a )?(timeout|failure|crash|error)\b|\bon retry\b/),
  // A search for a counterexample or for the conditions of a failure: "is there an input that makes this …",
  // "in what situations would …", "under which timing".
  rc(
    'correctness',
    3,
    /\bis there (an?|any) (input|case|value|sequence|interleaving|order(ing)?|schedule|timing)\b[^.?!]{0,30}\b(make|makes|break|breaks|cause|causes|where|that|which)\b|\bcounter-?examples?\b|\bunder (which|what) (timing|conditions?|circumstances|interleavings?|inputs?|schedul\w*)\b|\bin what (situations?|cases|circumstances|conditions|order)\b/,
  ),
  // A build or optimiser dependence: undefined behaviour or a memory-model bug.
  rc(
    'memory safety',
    3,
    /(^|\s)-o[1-3sz]\b|\b(only|but) (in|with|on|under) (release|optimi[sz]ed) (builds?|mode)\b|\b(differs?|differed|differing|(is|are) different|changes|varies) (\w+ ){0,2}between (debug|release) and (debug|release)\b|\b(works|runs|passes|is fine|fine) in debug\b[^.?!]{0,40}\b(release|optimi[sz]\w+)\b|\bonly (happens|fails|crashes|breaks|occurs|shows up|reproduces) (with|when|under|in) (optimi[sz]ations?|release)\b|\bcompiler (\w+ )?(legally |be allowed to |is allowed to |may |can )?(remove|elide|drop|optimi[sz]e away|assume|reorder)\w*\b|\bsigned (integer )?overflow\b/,
  ),
  // A failure under a memory checker, or the checker's finding told in words ("the test fails under Valgrind",
  // "ASan complains about main.c:40", a report titled "Issue in p2p_test.py under Valgrind"): memory-safety evidence,
  // as its pasted report is (TOOL_REPORTS). How to use the tool ("how do I fix issues with valgrind?") is not.
  rc(
    'memory safety',
    3,
    /\b(fail(s|ed|ing|ures?)?|crash(es|ed|ing)?|hang(s|ing)?|stall(s|ed|ing)?|abort(s|ed|ing)?|assertions?|times? out|timeouts?)\b[^.?!]{0,60}\b(under|with|in) (valgrind|memcheck|miri|asan|msan|ubsan|(address|memory|undefined[- ]behaviou?r) ?sanitizer)\b|\bissues? in\b[^.?!]{0,60}\bunder (valgrind|memcheck|miri|asan|msan|ubsan|(address|memory|undefined[- ]behaviou?r) ?sanitizer)\b|\b(valgrind|memcheck|miri|asan|msan|ubsan|(address|memory|undefined[- ]behaviou?r) ?sanitizer) (reports|reported|complains|complained|flags|flagged|detects|detected|finds|found|shows|showed|says|said|warns|warned)\b/,
  ),
  // memory safety
  rc(
    'memory safety',
    3,
    /\b(can|could|does|will|might|would) (this|it|that|these|the \w+) (\w+ ){0,2}(overflow|underflow|corrupt (the )?(memory|heap|stack)|read (past|out of bounds)|write (past|out of bounds)|index out of bounds)\b/,
  ),
  rc(
    'memory safety',
    3,
    /\buse[- ]after[- ]free\b|\bdouble[- ]free\b|\bfree(s|d|ing)? (the |a |an |this |that |it |my |our )?(\w+ )?twice\b|\bdangling\b|\bbuffer overflow\b|\bout[- ]of[- ]bounds (read|write)\b|\bdata corruption\b|\binvalid (read|write) of size\b|\bcorrupt(ed|s|ing)? (the )?(heap|stack)\b|\b(heap|stack) (is )?corrupt(ed|ion)\b|\bmemory (\w+ )?corrupt\w*|\bcorrupt(s|ed|ing)? (the )?memory\b|\bstack smashing\b|\bstack (gets |got |is |was )?smashed\b|\biterators? (\w+ ){0,2}invalidat\w*|\binvalidat\w* (the |my |an |all )?(\w+ )?iterators?\b|\b(one |reads? |writes? |goes |going )past the end of (the |my |a |an )?(\w+ )?(array|buffer|vector|allocation|string)\b/,
  ),
  rc(
    'memory safety',
    3,
    /\bafter (the |a |we |it'?s |it is |being )?(free|freed|delete|deleted|drop|dropped|dispos\w+|releas\w+|destroy\w*|dealloc\w*)\b[^.?!]{0,40}\b(read|reads|use|uses|using|access\w*|touch\w*|deref\w*|still)\b|\bstill (use|read|access|touch|hold)\w* (\w+ ){0,3}after (\w+ ){0,2}(free|delete|drop|releas)\w*/,
  ),
  rc('memory safety', 1.5, /\bunsafe\b|\bffi\b|\braw pointers?\b|\baliasing\b/),
  // Uninitialised or overwritten memory as users see it: alone it may be an unset variable, so it needs another cue.
  rc(
    'memory safety',
    2,
    /\bgarbage (values?|characters|chars|data|output|bytes)\b|\b(prints?|printed|returns?|shows?|reads?) garbage\b/,
  ),
];

/**
 * The user is asking about behaviour, safety or correctness of the selected code. Only then does risky code in the
 * selection (atomics, locks, raw memory) count towards the reasoner: "add a docstring" to a mutex-guarded cache is
 * still cheap work.
 */
export const PROBING =
  /\bwould you (merge|ship|approve|accept|sign off)\b|\b(anything|something) (i|we) should (worry|know) about\b|\bbefore (shipping|merging|deploying|releasing)\b|\bwhy\b|\bhow (can|could|does|do|is|would)\b|\bis (this|it|that|the \w+) (really )?(safe|correct|sound|ok|okay|fine|right|secure|atomic|guaranteed|possible|thread)|\bcan (this|it|that|these|the \w+)\b(?! you)|\b(can|could) (a|an|one|two|another|some|any|someone|anyone) \w+\b|\bcould (this|it|that)\b|\bwhat (can|could|happens|would happen|goes wrong|could go wrong)\b|\bwill (this|it)\b|\breview\b|\bsafe\b|\bcorrect\b|\bwhether\b|\bwhat('s| is) wrong\b|\bis there (any|a) (way|chance|risk)\b|\bhow come\b|\bwhat if\b|\bis (this|it|that|the \w+) (really )?\w+ (if|when|under|with|after|across|between)\b|\b(is|are) (it |this |that |these )?(ok|okay|fine|legit|valid|a (real )?problem|real problem|an issue)\b|\bcan (\w+ ){0,2}ever\b/;

/** Under Document: the user asks for a justification, so the selected code's hard parts matter. */
export const JUSTIFY =
  /\bwhy\b|\bwhether\b|\bhow (can|could|does|do|is)\b|\bsufficient\b|\benough\b|\bprov(e|es)\b|\bargue\b|\bjustify\b|\bcannot\b|\bcan'?t\b|\bnever\b/;

/** A short definitional question ("what is a mutex?"): conceptual, so cheap even when it names a hard topic. */
export const CONCEPTUAL =
  /^(so |ok |hey |please |quick question:? )?((can|could|would) you (please )?(explain|tell me|describe)|tell me about|what('s| is| are| does| do)|whats|define|explain|describe|difference between|when (should|do|would) (i|you|we)|how (does|do|is|are|can|could) (a|an|the)?\b|how to\b|is there a difference|eli5|in \w+,? what|(is|are|does|do|can) \w+|why do (people|developers|folks|many|some|programmers))\b/;

/** Markers of a conceptual question wherever they appear: "goroutine leak, what is it in simple words". */
export const CONCEPTUAL_MARKER =
  /\bin (simple|plain|layman'?s?|easy|basic) (words|terms|english|language)\b|\beli5\b|\bfor (a |an )?(junior|beginner|newbie|non-?technical|new (dev|developer|hire)|5 year old|five year old)s?\b|\bwhat (is|are) (it|they|that)\b|\bwhat does (it|that|this term) mean\b/;

/** Words that make a short question concrete (about the user's own system) rather than conceptual. */
export const NOT_CONCEPTUAL =
  /\b(this|these|those|that code|our|we|my|mine|here|prove|design|trade-?offs?|should|weigh|review|audit|some ?(one|body)|any ?(one|body)|attackers?|(a|another|any|other|one) (user|client|caller|tenant|customer)s?|(susceptible|open|prone) to|ever|right (after|before)|(if|when) (the|two|2|it|a|an|someone|somebody|another))\b/;

/** Selected code that is hard to reason about. Weights add up, capped, and count only with PROBING or Explain. */
export const CODE_CUES: Array<{ what: string; topic: Topic; w: number; re: RegExp; strong?: boolean }> = [
  {
    what: 'atomics and memory ordering',
    topic: 'concurrency',
    w: 2,
    strong: true,
    re: /memory_order_\w+|Ordering::(Relaxed|Acquire|Release|AcqRel|SeqCst)|atomic_thread_fence|std::atomic|\bAtomic(Bool|Usize|Isize|U\d+|I\d+|Ptr|Integer|Long|Reference|Boolean)\b|compare_exchange\w*|[cC]ompareAnd(Set|Swap|Exchange)\w*|(full|acquire|release|loadLoad|storeStore)Fence|Interlocked\.|__atomic_\w+|__sync_\w+|atomic\.(Add|Load|Store|Swap|CompareAndSwap)\w*|\.fetch_(add|sub|or|and)\(|VarHandle|\bseq_cst\b/,
  },
  {
    what: 'locks',
    topic: 'concurrency',
    w: 1,
    re: /\bMutex\b|\bRwLock\b|\bRWMutex\b|sync\.Mutex|pthread_mutex|std::mutex|lock_guard|unique_lock|scoped_lock|\bsynchronized\b|ReentrantLock|threading\.R?Lock|asyncio\.Lock|\.lock\(\)|\.Lock\(\)|\bSemaphore\b|condition_variable|\bCondvar\b|\bcond\.Wait\(|Monitor\.Enter|\block\s*\(\w+\)\s*\{|\bConcurrent\w*(Map|Queue|Dictionary|Bag|Set)\b|\bCopyOnWrite\w+|\bBlockingQueue\b/,
  },
  {
    what: 'threads',
    topic: 'concurrency',
    w: 1,
    re: /\bgo func\b|\bgo \w+\(|thread::spawn|std::thread|new Thread\b|threading\.Thread|ExecutorService|tokio::spawn|DispatchQueue|Dispatchers\.\w+|CompletableFuture|Task\.Run|Parallel\.For|ThreadPool|WaitGroup|\bchan\b|\bselect\s*\{|asyncio\.gather|multiprocessing|\.launch\s*[({]|\blaunch\s*\(/,
  },
  {
    what: 'async code',
    topic: 'concurrency',
    w: 1,
    re: /\.Result\b|\.Wait\(\)|GetAwaiter\(\)\.GetResult|ConfigureAwait|ContinueWith|\bawait\b|\basync\b|Promise\.(all|race)|suspendCoroutine|\bsuspend fun\b|setTimeout|asyncio\./,
  },
  {
    what: 'raw memory',
    topic: 'memory safety',
    w: 1,
    re: /\bunsafe\s*(\{|fn|impl)|\*mut\s|\*const\s|from_raw_parts|UnsafeCell|\bmalloc\(|\bmemcpy\(|\bstrcpy\(|reinterpret_cast|\bstatic mut\b|\bvolatile\b/,
  },
  {
    what: 'untrusted input',
    topic: 'security',
    w: 1,
    re: /request\.getParameter|getQueryString\(|getHeader\(|getCookies\(|req\.(query|body|params|headers)\b|request\.(args|form|GET|POST)\b|\bSystem\.in\b|\b(fgets|recv|recvfrom|scanf|getenv)\s*\(|\bargv\s*\[|os\.environ|\$_(GET|POST|REQUEST|COOKIE)\b|\bparams\[:\w+\]|\bparams\.(require|permit)\(/,
  },
  {
    what: 'security-sensitive calls',
    topic: 'security',
    w: 1,
    re: /\beval\(|\bexec\(|innerHTML|dangerouslySetInnerHTML|jwt\.decode|shell=True|os\.system|pickle\.loads|yaml\.load\(|\bf["']SQL["']|["'`]SQL["'`]\s*(\+|%|\.format\b)|\+\s*["'`]SQL["'`]|`SQL \$\{|\b(sprintf|format|concat)\(\s*["'`]SQL["'`]\s*,|res\.redirect\(\s*req|\bgets\(|new Random\(|Math\.random\(\)|\bpassword\b|\bsecret\b|\btoken\b|hashlib\.(md5|sha1)\b|\b(MD2|MD4|MD5|SHA1)\b|Cipher\.(DES|ARC2|ARC4|Blowfish|XOR)\b|import (ARC2|ARC4|DES|Blowfish|XOR)\b|\bMODE_ECB\b|verify\s*=\s*False|_create_unverified_context|\bCERT_NONE\b|PROTOCOL_SSLv[23]|SSLv[23]_METHOD|\b(os\.)?popen\d?\(|\bsubprocess\.|\bexec_command\(|Runtime\.getRuntime\(\)\.exec|\bProcessBuilder\b|\bsystem\(|\bmktemp\(|\btempnam\(|\btmpnam\(|\b(c?pickle|marshal|shelve)\.|\bObjectInputStream\b|\b(expatbuilder|xml\.sax|xml\.dom|xml\.etree|lxml\.etree|DocumentBuilderFactory|XMLInputFactory)\b|\b(telnetlib|ftplib)\b|\bcreateStatement\(|\.executeQuery\(|\bTemplate\(|\burlopen\(|\bURLConnection\b|\bnew Socket\(|\bRAND32\(|\brand\(\)/i,
  },
];

const tc = (what: string, w: number, re: RegExp): TierCue => ({ what, w, re });

/** The request asks for prose or a light text edit: cheap work whatever the command. */
export const CHEAP_CUES: TierCue[] = [
  tc(
    'commit message',
    4,
    /\bcommit (message|msg|summary)\b|\bchangelog\b|\bchange ?log entry\b|\brelease notes\b|\b(pr|pull request) (description|summary|title|body)\b/,
  ),
  tc(
    'naming',
    3.5,
    /\b(suggest|propose|better|clearer|good|descriptive|meaningful|come up with|pick)\b[^.?!]{0,30}\bnames?\b|\bnaming( conventions?)?\b|\bname for\b|\brename\b[^.?!]{0,40}\b(meaningful|clearer|better|descriptive|readable|sensible|something)\b|\bwhat should (i|we) (call|name)\b|\brename (this|the|that|these|those|my|our) (\w+ ){0,2}(variables?|vars?|fields?|functions?|methods?|class(es)?|params?|parameters?|constants?|props?|properties|args?|arguments?|files?|columns?|tables?)\b|\bnames? (is|are) (better|clearer)\b|\b(options|ideas|suggestions|alternatives|candidates)\b[^.?!]{0,15}\b(for|of) (a |the |that |this |my |our |its )?(new |better |good )?names?\b|\bnam(e|ing) (ideas|options|suggestions|alternatives)\b/,
  ),
  tc(
    'summary',
    3.5,
    /\bsummar(y|ies|i[sz]e|i[sz]ing)\b|\btl;?dr\b|\bin (one|two|three|four|five|a few|a single|\d) (short )?(sentences?|lines?|paragraphs?|words|bullets?|bullet points)\b|\bone[- ](line|sentence|paragraph)\b|\bproject description\b|\boverview\b/,
  ),
  tc(
    'translation of text',
    4,
    /\btranslat\w*\b[^.?!]{0,60}\b(english|spanish|french|german|japanese|chinese|korean|italian|portuguese|dutch|russian|polish|swedish|norwegian|danish|finnish|turkish|arabic|hebrew|hindi|czech|greek|ukrainian|vietnamese|indonesian)\b|\btranslat\w* (the |these |this |all )?(comments?|strings?|messages?|error messages?|text|copy|labels?|docs?|readme|ui|sentences?|resource)/,
  ),
  tc(
    'formatting',
    3,
    /\b(re)?format(ting)?\b(?! (a|the)? ?(dates?|times?|durations?|numbers?|currency|prices?|phone|money|strings? as|output as))|\bindent(ation|ed)?\b|\bpretty[- ]?print\b|\bprettier\b|\bblack[- ]style\b|\bwhitespace\b|\bsort (the )?imports\b|\bline length\b|\bwrap (long )?lines\b|\btrailing (commas?|whitespace)\b|\breadable layout\b|\bone (\w+ ){0,2}per line\b|\balphabetic(al(ly)?)?\b|\balphabeti[sz]e\b/,
  ),
  tc(
    'classification',
    3.5,
    /\bclassif(y|ies|ication)\b|\bcategori[sz]e\b|\blabel (each|these|the|this)\b|\btriage\b|\bbug report or\b|\bis (this|it) a (bug|feature)\b|\bwhich (category|label|area)\b|\bsentiment\b|\bby (product )?area\b|\b(each|every|these|them|all)\b[^.?!]{0,40}\b(in|into|as|to)\b (\w+ ){0,2}\w+ ?\/ ?\w+( ?\/ ?\w+)*/,
  ),
  tc(
    'documentation',
    3.5,
    /\bdoc ?strings?\b|\bjs ?doc\b|\btsdoc\b|\bjavadoc\b|\bgodoc\b|\bdoxygen\b|\bphpdoc\b|\byard\b|\bxml doc\b|\bdoc comments?\b|\bcomment(s|ing)? (each|every|all|the|this|these|it|on|to|for|explaining|describing|above|at|that|saying)\b|\badd (a |an |some )?(\w+ )?comments?\b|\b(inline|code|doc|header|block|usage|line|explanatory|helpful|clear) comments?\b|\b(the|these|those|its|my) comments\b|\bcomments (to|in|into|explaining)\b|\breadme\b|\bdocumentation\b|\bdocument (this|the|these|that|it)\b|\bparameter descriptions?\b|\bdocs\b|\b(short |brief |one-line )?description (of|for)\b/,
  ),
  tc(
    'spelling and wording',
    3.5,
    /\btypos?\b|\bspelling\b|\bmisspel\w*|\bgrammar\b|\bwording\b|\brephrase\b|\breword\b/,
  ),
  tc(
    'explanation',
    1,
    /\bexplain\w*\b|\bwhat (does|do|is|are)\b|\bwalk me through\b|\bmeaning of\b|\bwhat it does\b|\bhow does (this|it) work\b/,
  ),
];

/**
 * Cheap cues that fix the kind of output as text about the code. A commit message for a race fix or a summary of a
 * trade-offs section is still a commit message or a summary, so these damp the reasoner evidence.
 */
export const TEXT_OUTPUTS = new Set([
  'commit message',
  'naming',
  'summary',
  'translation of text',
  'formatting',
  'classification',
  'spelling and wording',
]);

/** The request asks for code: coder work even under Explain or Ask. */
export const CODER_CUES: TierCue[] = [
  // The gap may not cross "of/for/about": "write a summary of this function" asks for prose about code. "build" and
  // "code" are verbs only before an object ("build a script", "code up a parser"): in "VS Code Version: 1.80", "the
  // build task" or "Windows build 19045" they are nouns.
  tc(
    'code writing',
    3,
    /\b(write|implement|create|generate|make(?! (sure|certain|install|clean)\b)|add|give me|show me|produce|(build|code)(?=[ \t]+(a|an|the|this|that|it|them|me|my|our|your|some|something|up|out|one|new|simple|small|basic|custom|\w+ing)\b))\b(?!-)(?<!\b(when|if|after|once|whenever|until|before) (i|we|you|they|someone) \w+|\b(tried|attempted) to \w+)(?:(?!\b(?:of|for|about|from|describing)\b)[^.?!]){0,30}\b(functions?|methods?|class(es)?|hooks?|components?|endpoints?|handlers?|middleware|scripts?|query|queries|cli|decorators?|types?|structs?|enums?|interfaces?|tests?|reducers?|dao|controllers?|view ?models?|views?|fixtures?|workflows?|dockerfile|deployment|migrations?|tasks?|helpers?|parsers?|validators?|wrappers?|services?|modules?|regex(es)?|serializers?|impl|traits?|macros?|programs?|snippets?|routes?|workers?|context managers?|generators?|schemas?|rules|operators?|getters|setters|equals|hashcode|constructors?|one-?liners?|commands?|code(?! (review|of conduct|owners|style))|loops?|implementations?|versions?|configs?|configuration|sql|pipelines?|cron ?jobs?|manifests?|playbooks?)\b/,
  ),
  tc(
    'code writing',
    2.5,
    /\b(small|short|quick|minimal|simple|working|code|full|complete) (code )?(example|snippet|sample)s?\b|\bexample code\b|\bshow (me )?(an? )?example\b|\bcode please\b|\bshow (me )?the code\b|\bwith code\b|\bin code\b|\bwrite (it|this|that|one)\b|\bcan you write\b/,
  ),
  tc(
    'conversion',
    3.5,
    /\b(do|write|rewrite|express|implement|redo) (this|it|that) (with|using|via)\b|(\b(convert|port|rewrite|translate|migrate|turn|change)\b[^.?!]{0,40}\b(to|into|as|using)|\b(port|rewrite|translate|redo|re-?implement|write|convert|migrate) (this|it|that|the \w+|these|them|my \w+)\b[^.?!]{0,30}\bin)\b (use )?(an? )?(typescript|javascript|js|ts|python|go|golang|rust|java|kotlin|swift|c\+\+|c#|csharp|ruby|php|sql|bash|shell|async|await|async\/await|hooks|function components?|functional|class(es)?|generators?|streams?|linq|dataclass(es)?|enums?|sealed|switch|a lookup|a map|records?|optional)\b/,
  ),
  tc(
    'refactor',
    2,
    /\brefactor\w*|\bextract\b|\bdeduplicate\b|\bdedupe\b|\bduplication\b|\bsimplify\b|\bclean ?up\b|\bidiomatic\b|\breplace (the |all )?\w+( \w+)? with\b|\buse \w+( \w+)? instead\b|\bmake (this|it|the \w+) (immutable|generic|testable|async|pure|reusable|faster|shorter)\b|\binstead of\b/,
  ),
  tc(
    'code change',
    2,
    /\b(rewrite|change|modify|adapt|update|extend|rework) (this|it|the code|the function|the method|that)\b|\bhow (to|(do|can|could|would|should) i) (make|add|change|get|set|use|do|handle|write|implement|convert|fix|turn|disable|enable|pass|return|avoid|stop|sort|filter|test|mock|refactor|split|merge|rewrite|replace|call|validate|parse|read|load|save|open|send|cancel|connect|retry|upload|download|stream|serialize|deserialize|iterate|loop|query|insert|delete|remove|update|print|log|mock|import|export|install|configure|run|schedule|limit|paginate|cache|hash|encrypt|decrypt|compress|resize|debounce|throttle|timeout)\b/,
  ),
  // A slow piece of the user's own code to speed up: measuring and restructuring it is code work.
  tc(
    'performance work',
    2.5,
    /\b(too|so|very|really|extremely|painfully) slow\b|\bslow(er)? than (expected|it should|before)\b|\btakes? (too long|forever|ages|minutes|hours)\b|\bspeed (it |this |that |things |the \w+ )?up\b|\bmake (it|this|that|the \w+) (run )?faster\b|\b(can|could) (it|this|that|the \w+) be (improved|faster|optimi[sz]ed|sped up)\b|\bnot speeding (it |things )?up\b|\bhow (to|do i|can i|can we|do we) (speed up|optimi[sz]e)\b/,
  ),
  tc(
    'bug hunt',
    2.5,
    /\bwhat'?s wrong\b|\bwhat is wrong\b|\bdoes(n'?t| not) work\b|\bnot working\b|\bfind the bug\b|\bthere'?s a bug\b|\bis broken\b|\bprints nothing\b|\breturns nothing\b/,
  ),
  // A bare mention of tests is often the subject ("a docstring for this test"); "write … tests" is code writing above.
  tc(
    'tests',
    1,
    /\b(unit |integration |property )?tests?\b|\bspecs?\b|\btest cases?\b|\bpytest\b|\bjest\b|\bvitest\b|\bmocha\b|\bjunit\b|\bxunit\b|\bnunit\b|\brspec\b|\bminitest\b|\bphpunit\b|\bxctest\b|\bgtest\b|\bbats\b|\bpgtap\b|\bproptest\b|\bmock(s|ito)?\b/,
  ),
  tc(
    'an error message',
    2.5,
    /\berror\b|\bexception\b|\btraceback\b|\bstack ?trace\b|\bpanic\b|\bsegfault\b|\bundefined\b|\bnot defined\b|\bcannot find\b|\bcould not be found\b|\bnot assignable\b|\btype mismatch\b|\bdoes not exist\b|\bno (module|member|method) named\b|\bsyntax error\b|\bcompil(e|er|ation) (error|errors|fails|failed|failure)\b|\b(does ?n[o']t|won'?t|fails to) compile\b|\bfailing (tests?|doctests?|specs?|build|checks?)\b|\btests? (fail|fails|failing)\b|\bunresolved\b|\b\w+(error|exception)\b|\bnpe\b|\benoent\b|\b[a-z]{1,3}\d{3,5}\b|\bgo vet\b|\beslint\b|\blint\w*\b|\bwarning\b|\bcommand not found\b|\bnot found\b|\bsays\b/,
  ),
  tc(
    'a stated expected behaviour',
    1.5,
    /\bshould (return|be|give|print|output)\b|\bbut (it )?(should|expected)\b|\bexpected\b|\breturns? the wrong\b|\bputs \w+ before\b/,
  ),
];

/** Prose languages and the languages' names come from the one language table. */
export { LANGUAGE_NAMES, PROSE_LANGUAGES } from '../lang/table';
