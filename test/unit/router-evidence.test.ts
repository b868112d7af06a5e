// The evidence readers behind the router's features: TeX limits, very large targets, trace lines masked as data, and
// the cue families for failure conditions (rates, degradation, build dependence, counterexample searches).
import { strict as assert } from 'node:assert';
import { classify, classifyRules, learnedFeatures, maskedWords, signatureOf } from '../../src/core/router/classify';
import {
  ALGORITHM_CODE_FEATURES,
  ALGORITHM_CODE_MARKS,
  describeFeature,
  features,
  largestNumber,
  maxBound,
  plainMath,
} from '../../src/core/router/features';
import MODEL from '../../src/core/router/model.json';
import { blankCodeBlocks, isProse, maskProse, plainNotation, splitCode } from '../../src/core/router/mask';
import { alternativesOf, requirementOf } from '../../src/core/router/prefilter';
import type { EditorRequest, Task } from '../../src/core/types';

function req(task: Task, instruction: string, selection = '', languageId = 'plaintext'): EditorRequest {
  return { task, instruction, selection, languageId };
}

function feats(text: string): string[] {
  return features({
    task: 'ask',
    text,
    code: '',
    raw: text,
    topics: [],
    codeTopics: [],
    rulesScore: 0,
    rulesThreshold: 3,
  });
}

describe('router evidence: numbers and limits', () => {
  it('reads TeX limits as plain ones', () => {
    assert.equal(plainMath('count pairs with $a \\le b \\lt 10^{9}$'), 'count pairs with  a <= b < 10^9 ');
    assert.equal(plainMath('$3\\cdot 10^{5}$ and $1\\,000\\,000$').trim(), '3* 10^5  and  1000000');
    assert.equal(plainMath('no maths here'), 'no maths here');
    assert.deepEqual(maxBound(plainMath('$1 \\le n \\le 2\\times 10^{5}$')), {
      bound: 2e5,
      size: 2e5,
      inequalities: 1,
    });
  });

  it('an answer taken mod a large number is a modular-arithmetic demand, however the modulus is written', () => {
    for (const t of [
      'Find $S(10^{7}) \\bmod 32\\,745\\,673$.',
      'Give $F(10^7) \\pmod{987654321}$.',
      'print the answer mod 1000000009',
    ])
      assert.ok(feats(plainMath(t.toLowerCase())).includes('alg:modulo'), t);
    for (const t of ['x mod 2 is the parity', 'take i mod 100 as the bucket'])
      assert.ok(!feats(t).includes('alg:modulo'), t);
  });

  it('finds the largest number written in the words', () => {
    assert.equal(largestNumber('find g(10^16) modulo 1000000007'), 1e16);
    assert.equal(largestNumber('sum over 2 * 10^6 values'), 2e6);
    assert.equal(largestNumber('below 5e12'), 5e12);
    assert.equal(largestNumber('only 12 and 345'), 0);
  });

  it('a target far beyond any loop is a feature; a small one is not', () => {
    assert.ok(
      feats('let s(n) be the sum of the digits of n. find s(10^{15}).'.replace('{15}', '15')).includes(
        'alg:huge-number',
      ),
    );
    assert.ok(!feats('find the sum of all the multiples of 3 or 5 below 1000.').includes('alg:huge-number'));
  });

  it('every feature the shipped model weighs, bar the command and the words, is described in words for reasons', () => {
    const raw = Object.keys(MODEL.weights).filter(
      (f) => !f.startsWith('task:') && !f.startsWith('w:') && /^[a-z-]+:/.test(describeFeature(f)),
    );
    assert.deepEqual(raw, []);
    assert.equal(describeFeature('alg:huge-number'), 'a value far beyond any loop (10^10 or more)');
  });

  it('an answer asked "as its last 9 digits" is an answer modulo a power of ten', () => {
    assert.ok(feats('give the last 9 digits of the total').includes('alg:modulo'));
    assert.ok(!feats('the last digit of the total').includes('alg:modulo'));
  });

  it('a large ordinal is a k-th order statistic', () => {
    assert.ok(feats('find the 1,000,000th such number').includes('alg:kth'));
    assert.ok(!feats('the 4th of july release').includes('alg:kth'));
  });

  it('a size limit is read apart from a value limit: n <= 100 with values up to 10^9 is a small input', () => {
    assert.deepEqual(maxBound('1 <= nums.length <= 100, -10^9 <= nums[i] <= 10^9'), {
      bound: 1e9,
      size: 100,
      inequalities: 2,
    });
    assert.equal(maxBound('1 <= |s| <= 2 * 10^5 and 1 <= t <= 10^4').size, 2e5);
    assert.equal(maxBound('1 <= x <= 10^9').size, 0);
    // Limits written in words read like their signs.
    assert.deepEqual(maxBound('n up to 2 * 10^5, each value at most 10^9'), { bound: 1e9, size: 2e5, inequalities: 2 });
    const small = feats('constraints: 1 <= n <= 100, 1 <= a_i <= 10^9. find the maximum sum.');
    assert.ok(small.includes('alg:bound-small') && small.includes('alg:bound-1e9'));
    assert.ok(!small.includes('alg:bound-1e5') && !small.includes('alg:large-objective'));
    // With no size named, the largest limit stands for the input.
    assert.ok(feats('constraints: 1 <= x <= 10^9. find the maximum.').includes('alg:large-objective'));
  });

  it('connectivity, a second parameter k, an expected value and subsets are evidence in a statement, not in a question', () => {
    const statement =
      'you are given an undirected graph with n vertices and an integer k. return the number of connected components ' +
      'after removing at most k edges, and the expected value of the largest one over all subsets of the removed ' +
      'edges. constraints: 1 <= n <= 10^5';
    const f = feats(statement);
    for (const want of ['alg:connectivity', 'alg:param-k', 'alg:probability', 'alg:subsets'])
      assert.ok(f.includes(want), want);
    // A developer's words: the same nouns name their system's parts and a test's assertion.
    const question = feats(
      'my react component is connected to the redux store and gets an integer k prop for a subset of the users; the ' +
        'test says expected value 3, got 4',
    );
    for (const not of ['alg:connectivity', 'alg:param-k', 'alg:probability', 'alg:subsets'])
      assert.ok(!question.includes(not), not);
  });

  it('an input of 13 to 25 items is the size of a search over every subset, apart from other small inputs', () => {
    const subsets = feats('constraints: 1 <= nums.length <= 20, 1 <= nums[i] <= 10^9. find the minimum cost.');
    assert.ok(subsets.includes('alg:bound-subsets') && !subsets.includes('alg:bound-small'), subsets.join(' '));
    for (const n of ['12', '26', '100', '1000'])
      assert.ok(feats(`constraints: 1 <= n <= ${n}. find the minimum cost.`).includes('alg:bound-small'), n);
  });

  it('a total over a range no loop covers is a large objective; a long number in an example is not', () => {
    // Project Euler's form: one limit, no constraints section, a sum or a count asked over it.
    for (const text of [
      'let p(n) be the sum of the divisors of n divided by n. find the sum of all positive integers n <= 10^18 for which p(n) is a half-integer.',
      'how many integers below 10^12 have exactly four divisors?',
      'let s(n) be the number of lattice points in the circle of radius n. find the sum of all s(k) for k not exceeding 10^16.',
      'find the number of all primes p for which f(10^14) is divisible by p.',
      // Written out, as the argument of a function named by one letter (Project Euler 692).
      'let g(n) be the sum of h(k) for 1 <= k <= n. find the sum of the digits of g(23416728348467685).',
    ])
      assert.ok(feats(text).includes('alg:large-objective'), text);
    for (const text of [
      // The value is an example's, not a range's (Project Euler 55, rated 5%).
      'take 47 and reverse and add, 47 + 74 = 121. 4668731596684224866951378664 needs 53 iterations. how many lychrel numbers are there below ten-thousand?',
      // A range beyond any loop with nothing totalled over it.
      'is 10^18 representable in a signed 64-bit integer, or is n < 10^18 too large?',
      // A total over a small range.
      'find the sum of all the multiples of 3 or 5 below 1000.',
      // A timestamp or an amount is no range, however large.
      'how many orders have created_at < 1700000000000 in our postgres table?',
      'count the number of all payments with amount < 12500000000 cents',
    ])
      assert.ok(!feats(text).includes('alg:large-objective'), text);
  });

  it('stated limits gate the bound features without being evidence themselves', () => {
    const f = feats('constraints: 1 <= n <= 10^5, 1 <= a[i] <= 10^9');
    assert.ok(f.includes('alg:bound-1e5'));
    assert.ok(!f.includes('alg:constraints'));
  });
});

describe('router evidence: pasted traces and links are data', () => {
  it('drops valgrind lines, indented frames with a source position and address-only lines', () => {
    const text = [
      'my worker crashes after a while',
      '==4242== Invalid write of size 4',
      '==4242==    at 0x4005F3: fill_buffer (pool.c:88)',
      '  example.org/acme/queue.(*Ring).Push(0xc000123456)',
      '      queue/ring.go:118 +0x5d',
      '#3 0x00007f3a2b1c4d5e in worker_main ()',
      'what should I look at first?',
    ].join('\n');
    const masked = maskProse(text);
    assert.match(masked, /my worker crashes after a while/);
    assert.match(masked, /what should I look at first/);
    assert.doesNotMatch(masked, /fill_buffer|Ring|ring\.go|worker_main/);
  });

  it('blanks URLs so their path words are not read', () => {
    const masked = maskProse('see https://example.com/deadlock/race-condition/issue for the details');
    assert.doesNotMatch(masked, /deadlock|race/);
    assert.match(masked, /for the details/);
  });

  it('keeps an ordinary indented prose line', () => {
    assert.match(maskProse('first point\n    and a second point that is plain words'), /second point/);
  });
});

describe('router evidence: failure conditions in plain words', () => {
  const escalates = (r: EditorRequest): boolean => classifyRules(r).tier === 'reasoner';
  const parts = (r: EditorRequest): string => classifyRules(r).signals.join(' ');

  it('"sometimes called" names a thing; it says nothing about how often anything fails', () => {
    const q =
      'The Vigenere cipher, sometimes called a polyalphabetic cipher, shifts each letter; the output stops at z.';
    assert.doesNotMatch(parts(req('ask', q)), /unclear-cause-bug:sometimes/);
    assert.doesNotMatch(parts(req('ask', 'A tree with n nodes, sometimes also known as a forest of one')), /sometimes/);
    assert.match(
      parts(req('ask', 'the export sometimes stops halfway and the file is cut')),
      /unclear-cause-bug:sometimes/,
    );
  });

  it('a crash is read however it is spelled: "seg fault", "Segmentation fault", "freed twice"', () => {
    for (const [q, topic] of [
      ['getting a seg fault when I pop from the list', 'unclear-cause-bug:seg fault'],
      ['Segmentation fault (core dumped) after the second call', 'unclear-cause-bug:segmentation fault'],
      ['I think the node is freed twice somewhere', 'memory-safety:freed twice'],
    ])
      assert.ok(parts(req('ask', q)).includes(topic), `${q}: ${parts(req('ask', q))}`);
    assert.doesNotMatch(parts(req('ask', 'how do I free memory in C?')), /memory-safety/);
  });

  it('a failure that depends on the build, or a heap the program corrupts, is memory-safety evidence', () => {
    for (const q of [
      'works in debug but crashes in release',
      'why does the result differ between debug and release builds?',
      'it only happens with optimizations enabled',
      'valgrind reports invalid write of size 8 in push()',
      'I get a corrupted heap error when the vector grows',
    ])
      assert.match(parts(req('ask', q, '', 'cpp')), /memory-safety:/, q);
    for (const q of ['what is the difference between debug and release builds?', 'how do I build in release mode?'])
      assert.doesNotMatch(parts(req('ask', q, '', 'cpp')), /memory-safety:/, q);
  });

  it('asking which of two options is more secure is a security analysis', () => {
    const sel = 'public static string Hash(string s) => Convert.ToBase64String(Encrypt(s, Key));';
    for (const q of ['what have better security, my class or SHA-256?', 'which is more secure here, this or bcrypt?'])
      assert.equal(classifyRules(req('ask', q, sel, 'csharp')).tier, 'reasoner', q);
    assert.equal(
      classifyRules(req('ask', 'which is the more readable of these two loops?', sel, 'csharp')).tier,
      'cheap',
    );
  });

  it('a failure under a memory checker, or its finding told in words, is memory-safety evidence', () => {
    for (const q of [
      'the integration test fails under valgrind',
      'Issue in `p2p_ibd_stalling.py` under Valgrind',
      'it crashes only with ASan enabled',
      'ASan complains about a read in parse()',
    ])
      assert.match(parts(req('ask', q, '', 'cpp')), /memory-safety:/, q);
    for (const q of [
      'how do I run my program under valgrind?',
      'how do I enable asan in cmake?',
      'how do I make valgrind show line numbers?',
      'how do I fix issues with valgrind on macOS?',
    ])
      assert.doesNotMatch(parts(req('ask', q, '', 'cpp')), /memory-safety:/, q);
    // The reason quotes the words with the masked file name dropped, not a gap where it was.
    assert.match(
      classifyRules(req('ask', 'Issue in `p2p_ibd_stalling.py` under Valgrind', '', 'cpp')).reason,
      /\(issue in under valgrind\)/,
    );
  });

  it('a counterexample search or the conditions of a failure is reasoning', () => {
    const sel =
      'def middle(xs):\n    lo, hi = 0, len(xs)\n    while lo < hi:\n        mid = (lo + hi) // 2\n        hi = mid\n    return lo';
    assert.ok(escalates(req('ask', 'Is there an input where this returns the wrong index?', sel, 'python')));
    assert.ok(escalates(req('ask', 'In what cases could the two ledgers disagree after this runs?', sel, 'python')));
    assert.ok(escalates(req('explain', 'Under which timing does this hand out the same ticket twice?', sel, 'python')));
  });

  it('a build-dependent misbehaviour is a memory-safety or UB question', () => {
    const sel = 'int flag = 0;\nvoid spin(void) { while (!flag) {} }';
    assert.ok(escalates(req('explain', 'this loop never exits at -O3 but works at -O0, why?', sel, 'c')));
    assert.match(parts(req('ask', 'may the compiler drop this null check?', sel, 'c')), /memory-safety/);
  });

  it('an attacker-shaped input is a security question', () => {
    const sel = "app.get('/file', (req, res) => res.sendFile(path.join(root, req.query.name)));";
    assert.ok(escalates(req('ask', 'could a crafted name here read files outside root?', sel, 'javascript')));
  });

  it('security analysis in plain words: tampering, guessable tokens, leaking whether, untrusted deserialisation', () => {
    for (const q of [
      'does this endpoint leak whether an email is registered?',
      'is our password reset token guessable?',
      'is this CORS config too permissive?',
      'can someone tamper with this cookie?',
      'we deserialize untrusted data from the queue here, is that ok?',
    ])
      assert.ok(escalates(req('ask', q)), q);
    assert.doesNotMatch(parts(req('ask', "don't tamper with the build output")), /security/);
    assert.doesNotMatch(parts(req('ask', 'I want predictable URLs for my blog posts')), /security/);
  });

  it('a design choice under a stated constraint is a trade-off; the constraint alone is a requirement', () => {
    for (const q of [
      'Should I use Redis or Kafka for a job queue that must not lose jobs?',
      'How would you design rate limiting across 20 API gateway instances?',
      'what consistency model should our offline-first mobile sync use?',
    ])
      assert.ok(escalates(req('ask', q)), q);
    for (const q of [
      'our queue must not lose messages, how do I enable persistence?',
      'we are a team of 3, which linter should we use?',
    ])
      assert.ok(!escalates(req('ask', q)), q);
  });

  it('an interleaving told by its effect: writers overwrite each other, a job runs twice, a reply resolves late', () => {
    for (const q of [
      'setState from two async handlers overwrites each other',
      'the worker picks up the same job twice',
      'the second click fires before the first fetch resolves and the state ends up stale',
    ])
      assert.ok(escalates(req('ask', q)), q);
    assert.match(parts(req('ask', 'responses arrive out of order from the socket')), /concurrency/);
    // Ordinary async ordering and plain sorting stay below.
    for (const q of [
      'the callback runs before the promise resolves, so the list is empty',
      'the lines are printed out of order',
      'my CSS rules overwrite each other',
      // A framework running code twice by design (React's StrictMode, a dev server's reloader) is no interleaving.
      'Why does my useEffect run twice in React 18 development mode?',
      'my flask app runs twice when debug=True',
    ])
      assert.ok(!escalates(req('ask', q)), q);
  });

  it('memory corruption as users describe it: smashed stack, invalidated iterator, past the end, garbage output', () => {
    for (const q of [
      'the stack gets smashed when I call strcpy',
      'the iterator is invalidated after push_back, right?',
      'this reads one past the end of the array',
      'memory gets corrupted when two callbacks run',
    ])
      assert.match(parts(req('ask', q)), /memory-safety/, q);
    assert.ok(learnedFeatures(req('ask', '*** stack smashing detected ***: terminated')).includes('ev:crash'));
    // Garbage output alone may be an unset variable: it needs another cue. The collector is no corruption.
    assert.ok(!escalates(req('ask', 'the program prints garbage characters')));
    assert.doesNotMatch(parts(req('ask', 'how does the garbage collector work')), /memory-safety/);
    assert.doesNotMatch(parts(req('ask', 'the cache is invalidated too often')), /memory-safety/);
  });

  it('a dependency bump names a version, a package or the audit; a lost update and a bump allocator are no bump', () => {
    const bump = (q: string): boolean => classify(req('fix', q)).signals.includes('dependency-bump');
    for (const q of [
      'npm audit says lodash is vulnerable; bump it',
      'bump lodash to 4.17.21',
      'upgrade react to the latest version',
      'update axios to v1',
      'update the dependencies',
    ])
      assert.ok(bump(q), q);
    for (const q of [
      'two goroutines update the balance to 100 at the same time and sometimes one write is lost, why?',
      'when two requests update the row to 5 concurrently the version check passes for both, how?',
      'is this bump allocator safe to use from two threads at the same time?',
    ]) {
      assert.ok(!bump(q), q);
      assert.ok(escalates(req('ask', q)), q);
    }
    // An upgrade told as a bug's history is no bump request: the bug is what is asked about.
    for (const q of [
      'since we upgrade the driver to 3.2.1 the pool leaks connections under load and the service deadlocks, why?',
      'since we upgrade the driver to 3.2.1 our integration tests sometimes fail',
    ]) {
      assert.ok(!bump(q), q);
      assert.ok(escalates(req('ask', q)), q);
    }
  });

  it("a problem statement's story is no tool report and no dependency bump", () => {
    const upgrades =
      'You are given n edges of a graph and k upgrades. Each upgrade doubles the strength of one edge, at most once. ' +
      'Return the maximum possible minimum strength of a spanning tree.\n\nConstraints:\n2 <= n <= 10^5\n1 <= k <= n';
    const c = classify(req('ask', upgrades));
    assert.ok(c.signals.includes('problem-statement'));
    assert.ok(!c.signals.includes('dependency-bump'), c.signals.join(' '));
    const leak =
      'You are given two memory sticks. At the i-th second a faulty program has a memory leak of i bits, taken from ' +
      'the stick with more free memory. Return the crash time.\n\nConstraints:\n0 <= memory1, memory2 <= 2^31 - 1';
    assert.ok(!learnedFeatures(req('ask', leak)).some((f) => f.startsWith('ev:')));
    // Outside a statement the same words are read: an upgrade is a bump, a leak report is evidence.
    assert.ok(
      classify(req('ask', 'dependabot wants to upgrade lodash to 4.17.21, is it safe?')).signals.includes(
        'dependency-bump',
      ),
    );
  });

  it('an app that could be hacked is a security question; a script hacked together is not', () => {
    assert.match(parts(req('ask', 'if someone hacked the app, could they read the key from memory?')), /security/);
    assert.match(parts(req('ask', 'how do hackers get at tokens kept in local storage?')), /security/);
    for (const q of [
      'I hacked together a script to rename the files, how do I add a flag?',
      'I saw this on Hacker News',
    ])
      assert.doesNotMatch(parts(req('ask', q)), /security/, q);
  });

  it('a constant-time comparison is security; a lookup that runs in constant time is complexity', () => {
    assert.match(parts(req('ask', 'should the token check use a constant-time comparison?')), /security/);
    assert.match(parts(req('ask', 'do I need to compare the HMACs in constant time?')), /security/);
    assert.doesNotMatch(
      parts(req('ask', 'once the array is sorted, each lookup should be constant time, right?')),
      /security/,
    );
  });

  it("denial of service and someone else's data are security; MS-DOS and 'no one else reported it' are not", () => {
    assert.match(parts(req('ask', 'could a long header DoS the parser?')), /security/);
    assert.match(parts(req('ask', "after login a customer can see someone else's cart")), /security/);
    for (const q of [
      'I am working with MS-DOS on an old 486, how do I set the top bits of an int?',
      "the menu flickers on resize, and I didn't see anyone else bringing up this issue",
    ])
      assert.doesNotMatch(parts(req('ask', q)), /security/, q);
  });

  it('DoS is the attack beside its words; a DOS game, DOS line endings, a batch file and to-dos are not', () => {
    for (const q of [
      'can a user DoS the server with a huge JSON body?',
      'is the parser open to DoS via deeply nested input?',
      'could an attacker cause a DoS here?',
      'our API got DDoSed last night, how do we rate limit per IP?',
    ])
      assert.equal(classify(req('ask', q)).tier, 'reasoner', q);
    for (const q of [
      'how do I run my old DOS game on windows 11?',
      'how do I convert DOS line endings to unix in vim?',
      'write a DOS batch file that copies all logs',
      'my to-dos app loses items on reload',
    ]) {
      assert.doesNotMatch(parts(req('ask', q)), /security/, q);
      assert.notEqual(classify(req('ask', q)).tier, 'reasoner', q);
    }
  });

  it('an attack class a dataset labels its rows with is data, not a security question', () => {
    for (const q of [
      'The NSL-KDD attack labels are normal, DoS, Probe, R2L and U2R. How do I one-hot encode the label column?',
      'My dataframe has a column attack_type with values DoS, Probe, normal. How can I count rows per value?',
      'I have a CSV of CVE records with a column XSS yes/no; how do I filter rows where XSS is yes in pandas?',
      'How do I plot the counts of DDoS vs benign flows in the CICIDS2017 dataset with matplotlib?',
      'what does the DoS column mean in this table?',
      'The label column has values benign and malicious; how do I map them to 0 and 1?',
      'How do I parse the attacker and defender columns of this battles.csv into a dict?',
    ]) {
      assert.doesNotMatch(parts(req('ask', q)), /security/, q);
      assert.ok(!escalates(req('ask', q)), q);
    }
    // The same words about a system are still a security question, beside data or not.
    for (const q of [
      'Is my app protected against XSS, CSRF and SQL injection?',
      'we see normal traffic and then a DDoS every night; how should we rate limit the login endpoint against it?',
      'my dataset has a DoS column; is the Flask app that serves it vulnerable to XSS?',
      'could a malicious user make the parser hang with a crafted input?',
    ])
      assert.match(parts(req('ask', q)), /security/, q);
  });

  it('a fence is a memory barrier only beside the words of one; a painted fence or a rail fence cipher is not', () => {
    for (const q of [
      'do I need a memory fence between these two relaxed stores?',
      'is a release fence enough here, or is seq_cst needed?',
      'the mfence in this spinlock: can it be removed?',
    ])
      assert.match(parts(req('ask', q)), /concurrency/, q);
    for (const q of [
      'Write a function to find the number of ways of painting the fence with n posts and k colors.',
      'implement the rail fence cipher: encode and decode with a given number of rails',
      'how do I draw a fence around the garden mesh in three.js?',
    ])
      assert.doesNotMatch(parts(req('generate', q)), /concurrency/, q);
  });

  it('a running time is a complexity claim; a sequence that is linear or a speed that is constant is not', () => {
    for (const q of ['prove that this algorithm runs in linear time', 'is the second pass polynomial time?'])
      assert.match(parts(req('ask', q)), /algorithm-design/, q);
    for (const q of [
      'Write a python function to check whether a given sequence is linear or not.',
      'Assuming the speed is constant within each second, find the longest path.',
      'the offset is constant for every row, so why does the chart bend?',
    ])
      assert.doesNotMatch(parts(req('generate', q)), /algorithm-design/, q);
  });

  it("a tree's or a graph's nodes are data; several nodes of a cluster are concurrent actors", () => {
    for (const q of [
      'two nodes in our etcd cluster both think they are the leader after a network partition; why?',
      'multiple nodes write to the same key in Redis and some updates are lost',
    ])
      assert.match(parts(req('ask', q)), /concurrency/, q);
    for (const q of [
      'Given an array representing a branch of a tree. If multiple nodes with the same smallest even value are found return the one with the smallest index.',
      'Reparent the tree on the selected node; then describe the paths between two nodes.',
    ])
      assert.doesNotMatch(parts(req('generate', q)), /concurrency/, q);
  });

  it('a secret the client holds, or a request someone can resend, is a security question', () => {
    for (const q of [
      'Our browser extension needs the OAuth client_secret. How do we keep the secret from being extracted by users?',
      'Is it safe to store the JWT in localStorage in our SPA, or should it be an httpOnly cookie?',
      'How should we store API keys in a mobile app so they cannot be pulled out of the APK?',
      'How do we make sure a webhook really comes from Stripe and not someone replaying an old one?',
    ])
      assert.match(parts(req('ask', q)), /security/, q);
    for (const q of [
      'How do I extract the access token from the JSON response?',
      'How do I store the API key in an env file for local development?',
    ])
      assert.doesNotMatch(parts(req('ask', q)), /security/, q);
  });

  it('a design choice at thousands of tenants, or runs that differ over the same input, is reasoning', () => {
    const multiTenant =
      'Should our multi-tenant SaaS use one database per tenant or a shared schema with tenant_id, given 2,000 tenants and strict data isolation requirements?';
    const etl =
      'The nightly ETL job produces slightly different totals on two runs over the same input. Where should we look?';
    for (const q of [multiTenant, etl])
      assert.ok(escalates(req('ask', q)), `${q} -> ${classifyRules(req('ask', q)).reason}`);
    for (const q of [
      'How do I iterate over the same data twice in a Python generator?',
      'How do I create 5000 users in my test fixture?',
    ])
      assert.ok(!escalates(req('ask', q)), q);
  });

  it("to exploit a library, the cores or the input's structure is to use it, not an attack", () => {
    for (const q of [
      "How do I exploit pandas' vectorization to speed up this loop over rows?",
      'How can I exploit all cores with multiprocessing for this CPU-bound loop?',
      'can we exploit the symmetry of the matrix to halve the work?',
    ])
      assert.doesNotMatch(parts(req('ask', q)), /security/, q);
    for (const q of ['Could an attacker exploit this deserialization of the request body?', 'is this exploitable?'])
      assert.match(parts(req('ask', q)), /security/, q);
  });

  it('a failure rate, a subset of users, or degradation over time is an unclear-cause bug', () => {
    assert.match(parts(req('ask', 'about 3 in 1000 uploads end up empty, no errors anywhere')), /unclear-cause-bug/);
    assert.match(parts(req('fix', 'only a handful of customers see stale totals')), /unclear-cause-bug/);
    assert.match(parts(req('fix', 'the worker exits with code 137 after about 2 days')), /unclear-cause-bug/);
    assert.match(
      parts(req('ask', 'we have never seen it in staging, how would you investigate?')),
      /unclear-cause-bug/,
    );
  });

  it('ordinary requests with the same words stay below the reasoner', () => {
    for (const r of [
      req('ask', 'how do I set the optimisation level to -O2 in CMake?'),
      req('ask', 'what is a path traversal attack?'),
      req('generate', 'write a function that picks 1 in 10 items at random'),
      req('ask', 'how do I show a loading bar that fills gradually?'),
    ])
      assert.ok(!escalates(r), `${r.instruction} -> ${classifyRules(r).reason}`);
  });
});

describe('router evidence: long statements and security reviews', () => {
  it('a long pasted statement is read at both ends, so limits after the examples still count', () => {
    const examples = Array.from(
      { length: 100 },
      (_, i) => `Example ${i + 1}: the pair (${i}, ${i + 1}) is counted once.`,
    );
    const statement = [
      'You are given an array nums. Return the minimum total cost to split it into good parts.',
      ...examples,
      'Constraints:',
      '1 <= nums.length <= 10^5',
      '1 <= nums[i] <= 10^9',
    ].join('\n');
    assert.ok(statement.length > 4000);
    const f = learnedFeatures(req('ask', statement));
    assert.ok(f.includes('alg:bound-1e5'), f.join(' '));
    assert.ok(f.includes('alg:large-objective'), f.join(' '));
  });

  it('asking whether code is secure, or for a review aimed at a weakness, is a security question', () => {
    const py = 'import hashlib\ndigest = hashlib.md5(password.encode()).hexdigest()\nstore(user, digest)';
    for (const q of [
      'is this password storage secure?',
      'review this for security holes',
      'is the hashing setup here safe?',
    ])
      assert.match(classifyRules(req('ask', q, py, 'python')).signals.join(' '), /security/, q);
    const c = 'char buf[16];\nstrcpy(buf, argv[1]);';
    assert.match(classifyRules(req('ask', 'can this overflow the stack?', c, 'c')).signals.join(' '), /memory-safety/);
  });

  it('"memory safe" is a review when the words ask it of the code, a property when they state it', () => {
    const c = 'char *p = malloc(n);\nfree(p);\nprintf("%s", p);';
    // Before, a benign phrase blanked "memory safety" first, so the review cue written for it never fired.
    for (const q of [
      'review this C for memory safety bugs',
      'is this memory safe?',
      'review the hashing/encryption here',
    ])
      assert.equal(classifyRules(req('ask', q, c, 'c')).tier, 'reasoner', q);
    for (const q of [
      'is rust memory safe?',
      'what does null safety mean in Kotlin?',
      'Rust is memory safe, so why unsafe?',
    ])
      assert.doesNotMatch(classifyRules(req('ask', q, '', 'rust')).signals.join(' '), /security/, q);
  });

  it('a merge or ship question is a review: risky code in the selection counts', () => {
    const sel = "import subprocess\nsubprocess.call('tar xf ' + request.args['f'], shell=True)";
    assert.match(classifyRules(req('ask', 'would you merge this as is?', sel, 'python')).signals.join(' '), /probing/);
    assert.doesNotMatch(
      classifyRules(req('ask', 'how do I merge two dicts?', '', 'python')).signals.join(' '),
      /probing/,
    );
  });
});

describe('router evidence: a problem statement names puzzle objects, not actors', () => {
  it('a game where two players take turns is a puzzle, not two concurrent players', () => {
    const game =
      'Two players take turns removing stones; if a pile does not exist, the player loses. n <= 100. Who wins?';
    const sig = classifyRules(req('ask', game)).signals.join(' ');
    assert.match(sig, /problem-statement/);
    assert.doesNotMatch(sig, /concurrency/);
    assert.match(
      classifyRules(req('ask', 'two players join the same lobby at the same time and both get seat 1')).signals.join(
        ' ',
      ),
      /concurrency/,
    );
  });

  it('a game told without "take turns" is a puzzle too: Alice and Bob play it, or who cannot move loses', () => {
    for (const game of [
      "There are two players, Alice and Bob, taking stones; the one who can't move loses. Piles up to 10^5, who wins?",
      'Alice and Bob play a game on a tree with two players moving tokens. Who wins if both are clever?',
      'Two players remove coins from a row; the player who cannot make a move loses.',
    ]) {
      const sig = classifyRules(req('ask', game)).signals.join(' ');
      assert.match(sig, /problem-statement/, game);
      assert.doesNotMatch(sig, /concurrency/, game);
    }
    // Alice and Bob of a protocol are no game's players.
    const protocol = classifyRules(req('ask', 'Alice and Bob exchange keys with Diffie-Hellman; can Mallory read it?'));
    assert.doesNotMatch(protocol.signals.join(' '), /problem-statement/);
  });

  it("a statement's story of attackers, a vulnerability or a security team is no security review", () => {
    for (const story of [
      'Raze and Breach play a digit game: one is the attackers, the other the defenders. The first line of input contains t.',
      'William found a vulnerability in the exchange; the security team watches him. The first line of each test case contains n.',
    ]) {
      const sig = classifyRules(req('ask', story)).signals.join(' ');
      assert.match(sig, /problem-statement/, story);
      assert.doesNotMatch(sig, /security/, story);
    }
    // Outside a statement the same words still ask for a review.
    const review = classifyRules(req('ask', 'Could attackers exploit this vulnerability in the login handler?'));
    assert.match(review.signals.join(' '), /security/);
  });

  it('"two different nodes" and "partition the cards" in a statement are no concurrency or architecture cue', () => {
    const statement =
      'Given the root of a binary tree, return the minimum difference between the values of any two different nodes.\nPartition the values into two groups so that both groups get the same sum.';
    const s = classifyRules(req('ask', statement)).signals.join(' ');
    assert.match(s, /problem-statement/);
    assert.doesNotMatch(s, /concurrency|architecture/);
  });

  it('the same words outside a statement still count', () => {
    const s = classifyRules(req('ask', 'two different nodes write the same key at once, which one wins?')).signals.join(
      ' ',
    );
    assert.match(s, /concurrency/);
  });

  it('strong concurrency cues count inside a statement too', () => {
    const s = classifyRules(
      req(
        'ask',
        'You are given a class with two methods called from different threads. Make it thread-safe without a deadlock.',
      ),
    ).signals.join(' ');
    assert.match(s, /concurrency/);
  });
});

describe('router evidence: a pasted tool report is evidence on its own', () => {
  it('a race detector, sanitizer or valgrind report under Ask or Fix reaches the reasoner cues', () => {
    const race =
      'getting this on CI:\nWARNING: DATA RACE\nWrite at 0x00c0000a4010 by goroutine 9:\n  main.bump()\n      /src/app/counter.go:14 +0x44';
    assert.match(classifyRules(req('ask', race)).signals.join(' '), /concurrency/);
    const asan = 'after the upgrade:\n==311==ERROR: AddressSanitizer: heap-use-after-free on address 0x602000000010';
    assert.equal(classifyRules(req('fix', asan, 'free(node);\nprintf("%d", node->v);', 'c')).tier, 'reasoner');
    const vg = 'valgrind says:\n==77== Invalid read of size 8\n==77==    at 0x4011F2: pop (stack.c:31)';
    assert.match(classifyRules(req('ask', vg)).signals.join(' '), /memory-safety/);
  });

  it('naming the tools is not a report', () => {
    const s = classifyRules(req('ask', 'how do I turn on the address sanitizer in cmake?')).signals.join(' ');
    assert.doesNotMatch(s, /memory-safety/);
  });
});

describe("router evidence: speeding up the user's own code is code work", () => {
  it('a slow piece of code to speed up leaves the cheap model under Ask', () => {
    const sel = 'for row in rows:\n    out.append(df[df.id == row.id].value.sum())';
    for (const q of [
      'this is too slow on 2M rows, can it be improved?',
      'how do I speed this up?',
      'it takes forever, make it faster',
    ])
      assert.notEqual(classifyRules(req('ask', q, sel, 'python')).tier, 'cheap', q);
  });

  it('a question about slowness in general stays with the cheap model', () => {
    assert.equal(classifyRules(req('ask', 'what does the slow query log record?')).tier, 'cheap');
  });
});

describe('router evidence: "is it possible to" asks for a recipe', () => {
  it('"is it possible to / is there any way to" is no correctness cue; "is it possible that" still is', () => {
    for (const q of ['Is it possible to export the chart as SVG?', 'Is there any way to hide the toolbar on mobile?'])
      assert.doesNotMatch(classifyRules(req('ask', q)).signals.join(' '), /correctness/, q);
    assert.match(
      classifyRules(req('ask', 'is it possible that two refunds are both applied to the order?')).signals.join(' '),
      /correctness/,
    );
  });
});

describe('router evidence: common question idioms are not cues', () => {
  const topics = (q: string): string => classifyRules(req('ask', q)).signals.join(' ');

  it('"can someone explain" asks for help; "can someone read other users\' orders" is a security question', () => {
    for (const q of [
      'Can someone explain how flexbox wrapping works?',
      'could anyone please help me understand this error?',
      'can someone walk me through reading this stack trace?',
    ])
      assert.doesNotMatch(topics(q), /security/, q);
    assert.match(topics("can someone change the id in the url and read other users' orders?"), /security/);
  });

  it('"is this the right way to" asks for a recipe; "is this correct?" and "is it right when" still ask for a check', () => {
    for (const q of [
      'Is this the right way to printf a std::string_view?',
      'is that the right hand side of the assignment?',
      'is this the correct syntax for a list comprehension?',
    ])
      assert.doesNotMatch(topics(q), /correctness/, q);
    for (const q of ['is this merge step correct?', 'is the loop bound right if the array is empty?'])
      assert.match(topics(q), /correctness/, q);
  });

  it('"how many users" counts; "many users" acting at once is concurrency', () => {
    assert.doesNotMatch(topics('How do I count how many users sign in per day?'), /concurrency/);
    assert.match(topics('what happens when many users redeem the same coupon?'), /concurrency/);
  });

  it('"Forge" and "replay" name products and features; forging or replaying a request is a security question', () => {
    for (const q of [
      'I follow the Autodesk Forge tutorial and the viewer stays blank',
      'How to configure use_cassette to replay a cassette a specific number of times?',
      'my Laravel Forge deploy script fails on composer install',
    ])
      assert.doesNotMatch(topics(q), /security/, q);
    for (const q of [
      'could someone forge a request to this webhook?',
      'can a captured token be replayed after logout?',
      'is this CSRF token enough against cross-site request forgery?',
    ])
      assert.match(topics(q), /security/, q);
  });

  it("seeing all of one's own things is no access-control hole; seeing any user's is", () => {
    assert.doesNotMatch(topics('what can I use to get users to see all my apps in the Xbox store?'), /security/);
    assert.doesNotMatch(topics('how can I view all of my saved drafts?'), /security/);
    assert.match(topics('can a logged-in user view any order by changing the id?'), /security/);
  });

  it('proving who you are is no proof, and a locked account or domain is no lock', () => {
    for (const q of [
      'Google wants me to prove my identity by adding a record to the domain',
      'which statistical tests prove the significance of the trend?',
    ])
      assert.doesNotMatch(topics(q), /correctness/, q);
    assert.match(topics('can you prove that this loop terminates?'), /correctness/);
    for (const q of ['the recovery email is in the locked domain', 'I am locked out of my account after the update'])
      assert.doesNotMatch(topics(q), /concurrency/, q);
    assert.match(topics('the worker holds the lock while it waits for the queue'), /concurrency/);
  });

  it('"at the same time" alone means "also"; with concurrent actors it still escalates', () => {
    assert.notEqual(
      classifyRules(req('ask', 'In Flask, how do I add a CORS header to a group of routes at the same time?')).tier,
      'reasoner',
    );
    assert.equal(
      classifyRules(req('ask', 'what happens if two requests update this counter at the same time?')).tier,
      'reasoner',
    );
  });
});

describe('router evidence: one phrase is one piece of evidence', () => {
  it('two cues matching the same words count once; a second, different phrase still adds', () => {
    const once = classifyRules(req('ask', "I can't figure out why the confirm dialog does not pop up"));
    assert.notEqual(once.tier, 'reasoner', once.reason);
    const twice = classifyRules(
      req('ask', "I can't figure out why the confirm dialog does not pop up; it only happens in production"),
    );
    assert.equal(twice.tier, 'reasoner', twice.reason);
  });
});

describe('router evidence: what a bug report says in passing', () => {
  const topics = (q: string): string => classifyRules(req('ask', q)).signals.join(' ');

  it('qualified names from a pasted error are masked: "java.util.concurrent" is no concurrency cue', () => {
    assert.match(maskProse('failed: java.util.concurrent.ExecutionException: timeout'), /^failed: +· : timeout$/);
    assert.doesNotMatch(topics('sign-in fails with java.util.concurrent.ExecutionException'), /concurrency/);
    assert.equal(maskProse('e.g. node.js and config.yaml'), 'e.g. node.js and config.yaml');
  });

  it('"make sure" and "when I add a test" tell what the asker does, not what code to write', () => {
    for (const q of [
      'how do I make sure the function returns a sorted list?',
      'when I add a test for the parser, why does mocha report it twice?',
      'if we create the client class twice, is the connection shared?',
      'I tried to add the service to the module but it says not found',
    ])
      assert.doesNotMatch(topics(q), /coder:code-writing/, q);
    for (const q of ['how do I add a new route in express?', 'write a function that merges two sorted lists'])
      assert.match(topics(q), /coder:code-writing/, q);
  });

  it('"code" and "build" as nouns (VS Code Version, a build task, build 19045) ask for no code', () => {
    for (const q of [
      'Terminal font is blurry\n\nVS Code Version: 1.80.1\nOS Version: Windows 11',
      'the build task fails with exit code 2 after the upgrade',
      'OS: Windows 10 build 19045\nPython version 3.10',
      'the code version shown in the about dialog is wrong',
    ])
      assert.doesNotMatch(topics(q), /coder:code-writing/, q);
    for (const q of [
      'can you code up a function that parses the header?',
      'build a script that renames the files',
      'code a parser for this format',
      'build me a small cli to tail the logs',
    ])
      assert.match(topics(q), /coder:code-writing/, q);
  });

  it('intermittency as bug reports word it: works sometimes, hard to reproduce, goes blank now and then', () => {
    const tier = (q: string): string => classifyRules(req('ask', q)).tier;
    for (const q of [
      "sometimes it works, sometimes it doesn't, with the same input",
      'hard to reproduce: the sync fails maybe once a day',
      'occasionally the window goes blank after resume',
      'every now and then the daemon stops syncing',
      'the panel flickers, but only sometimes',
    ])
      assert.equal(tier(q), 'reasoner', q);
    for (const q of ['out of nowhere the editor becomes unresponsive', 'the test does not always pass'])
      assert.match(topics(q), /unclear-cause/, q);
    // The asker's own habits are no symptom (restarting is a workaround), and neither is a request to stop something.
    assert.notEqual(tier('Sometimes I have to restart the TS server to see new types'), 'reasoner');
    for (const q of ["I don't always know which seed should run", 'how do I stop the server on errors?'])
      assert.doesNotMatch(topics(q), /unclear-cause/, q);
  });

  it('a hyphenated name (create-react-app, write-ahead log) and "make install" ask for no code', () => {
    for (const q of [
      'I set up the app with create-react-app and now my components do not render',
      'the write-ahead log keeps growing on the replica',
      'after make install the module is not found',
    ])
      assert.doesNotMatch(topics(q), /coder:code-writing/, q);
    assert.match(topics('create a react component for the login form'), /coder:code-writing/);
  });

  it('the asker being stuck is not a hang; a process that is stuck is', () => {
    for (const q of ["I've been stuck with this for days", "I'm stuck on how to center the div"])
      assert.doesNotMatch(topics(q), /unclear-cause/, q);
    assert.match(topics('the consumer gets stuck and never resumes'), /unclear-cause/);
  });

  it('"without errors" after a step that worked is no missing-error symptom', () => {
    assert.doesNotMatch(
      topics('yarn install ran without errors, then webpack asks for another preset'),
      /unclear-cause/,
    );
    assert.match(topics('the service exits without any error in the logs'), /unclear-cause/);
  });
});

describe("router evidence: a statement's follow-up and SQL's PARTITION BY", () => {
  const statement = (extra: string): string =>
    [
      'Given an integer array nums, move all 0s to the end of it while keeping the relative order of the rest.',
      'Example 1: Input: nums = [0,1,0,3,12] Output: [1,3,12,0,0]',
      'Constraints: 1 <= nums.length <= 10^4',
      extra,
    ].join('\n');

  it('a follow-up is an optional harder variant, not the request: its demands are no evidence', () => {
    const followUp = classifyRules(req('ask', statement('Follow up: Could you do it in O(n) time and O(1) space?')));
    assert.doesNotMatch(followUp.signals.join(' '), /algorithm-design:o\(/);
    assert.notEqual(followUp.tier, 'reasoner');
    // The same demand as part of the task still counts.
    const demanded = classifyRules(req('ask', statement('You must do it in O(n) time and O(1) extra space.')));
    assert.match(demanded.signals.join(' '), /algorithm-design:o\(/);
  });

  it('a window clause is no partition problem', () => {
    const sql = 'SELECT id, ROW_NUMBER() OVER (PARTITION BY team ORDER BY score) FROM t;';
    const r = req('explain', 'Could you explain what the PARTITION BY clause does in this query?', sql, 'sql');
    assert.ok(!learnedFeatures(r).includes('alg:sequence'));
    assert.ok(
      feats('partition the array into two subsets with equal sums, 1 <= n <= 200, 1 <= a[i] <= 100').includes(
        'alg:sequence',
      ),
    );
  });

  it('edge cases, the Edge browser, Node.js and node_modules are no graph', () => {
    for (const q of [
      'write the parser and handle the edge cases',
      'the page renders differently in Microsoft Edge',
      'my Node.js server leaks sockets',
      'npm puts it in node_modules twice',
    ])
      assert.ok(!feats(q).includes('alg:graph'), q);
    for (const q of ['a tree with n nodes and n - 1 edges', 'remove the edge between u and v', 'each node has a value'])
      assert.ok(feats(`${q}, where 1 <= n <= 10^5 and 1 <= value <= 10^9`).includes('alg:graph'), q);
  });

  it("an algorithm task's nouns count in a statement, not in a developer's question about their system", () => {
    for (const q of [
      'my Azure log query returns nothing when I run it from the CLI',
      'the TensorFlow graph crashes when I call resize_area on an empty tensor',
      'how do I make a CSS grid with three columns?',
    ])
      assert.deepEqual(
        feats(q).filter((f) => /^alg:(queries|graph|grid)$/.test(f)),
        [],
        q,
      );
    // With stated limits, or in a judge's statement, the same nouns are the problem's.
    assert.ok(feats('answer q queries on the tree, 1 <= n <= 10^5, 1 <= q <= 10^5').includes('alg:queries'));
    assert.ok(
      learnedFeatures(req('ask', 'You are given a grid of n rows. Print the number of paths.')).includes('alg:grid'),
    );
    assert.ok(!learnedFeatures(req('ask', 'how do I make a CSS grid with three columns?')).includes('alg:grid'));
    // The phrases of an objective are read everywhere.
    assert.ok(
      feats('how many ways are there to tile the floor? give the answer modulo 1000000007').includes('alg:modulo'),
    );
  });
});

describe("router evidence: a judge's statement format marks a problem statement", () => {
  const statement = [
    'B. Lantern Row',
    '',
    'There are n lanterns in a row; sometimes two neighbours have the same colour. Repaint as few as you can.',
    '',
    'Input',
    'The first line contains t, the number of test cases. Each test case contains n and a string of colours.',
    'It is guaranteed that the sum of n over all test cases does not exceed 2*10^5.',
    '',
    'Output',
    'Print one integer for each test case.',
  ].join('\n');

  it('input/output sections make it a statement: its givens and story are no correctness or bug cues', () => {
    const s = classifyRules(req('ask', 'how do I solve this?', statement)).signals.join(' ');
    assert.match(s, /problem-statement/);
    assert.doesNotMatch(s, /correctness|unclear-cause/);
  });

  it('a judge section past the opening the cues read still marks the statement', () => {
    const story = 'Vasya walks along the long street and counts the houses he passes on his way to school. '.repeat(30);
    const long = `${story}\n\nInput\nThe first and only line of input contains a single integer n (1 <= n <= 10^9).`;
    assert.ok(long.indexOf('first and only') > 2000);
    assert.match(classifyRules(req('ask', '', long)).signals.join(' '), /problem-statement/);
  });

  it('a statement\'s "output format" or "alphabetical order" is no request for cheap text work', () => {
    const spec = [
      'You are given a list of words. Return them grouped by length, each group in alphabetical order.',
      'Output format: one line a group, the words separated by single spaces.',
    ].join('\n');
    // Before, "format" and "alphabetical" read as a formatting request and sent Generate to the cheap model.
    assert.equal(classifyRules(req('generate', spec, '', 'python')).tier, 'coder');
    const stub = `# ${spec.replace(/\n/g, '\n# ')}\ndef group(words):\n    pass\n`;
    assert.equal(classifyRules(req('generate', 'implement this', stub, 'python')).tier, 'coder');
    // The user's own words still ask for text work.
    assert.equal(
      classifyRules(req('generate', 'write a commit message for this change', stub, 'python')).tier,
      'cheap',
    );
    assert.equal(classifyRules(req('refactor', 'fix the formatting of this file', stub, 'python')).tier, 'cheap');
  });

  it('outside a statement a guarantee is still a correctness question', () => {
    assert.match(classifyRules(req('ask', 'is this loop guaranteed to terminate?')).signals.join(' '), /correctness/);
  });
});

describe('router evidence: ordinary words in exercises and specs', () => {
  const sig = (task: Task, q: string, sel = ''): string => classifyRules(req(task, q, sel, 'python')).signals.join(' ');

  it('"in <language>" is a conversion only when the code is rewritten in it', () => {
    assert.doesNotMatch(sig('ask', 'how do I solve Lemonade Change in python?'), /coder:conversion/);
    assert.match(sig('ask', 'rewrite this in rust', 'def f(x):\n    return x + 1\n'), /coder:conversion/);
    assert.match(sig('ask', 'convert this to typescript', 'function f(x) { return x + 1 }'), /coder:conversion/);
  });

  it('under Ask, saying what the code should do asks for an explanation, not for code', () => {
    const code = 'def total(xs):\n    # the sum of every price in the basket\n    return sum(xs[1:])\n';
    const q = 'I expected 6 for [1, 2, 3] but it returns 5, why?';
    assert.doesNotMatch(sig('ask', q, code), /coder:a-stated-expected-behaviour/);
    assert.equal(classifyRules(req('ask', q, code, 'python')).tier, 'cheap');
    // A request for code still moves it to the coder.
    assert.equal(classifyRules(req('ask', `${q} Rewrite it so it works.`, code, 'python')).tier, 'coder');
  });

  it('"how would I approach this?" asks for a plan, not a diagnosis', () => {
    assert.doesNotMatch(sig('ask', 'how would I approach this?', 'Count the vowels in a word.\n'), /unclear-cause/);
    assert.match(sig('ask', 'how would you debug this? it only fails on CI'), /unclear-cause/);
  });

  it('brute force is a search strategy unless a password or login is forced', () => {
    assert.doesNotMatch(sig('ask', 'a brute force search over all pairs is too slow, what else?'), /security:/);
    assert.match(sig('ask', 'can someone brute-force the password reset tokens here?'), /security:/);
    assert.doesNotMatch(sig('ask', 'how do I get around this type error?'), /security:/);
    assert.match(sig('ask', 'can a user get around the rate limit by rotating IPs?'), /security:/);
  });

  it('"exactly once" in a statement is a count; exactly-once delivery is a distributed-systems question', () => {
    assert.doesNotMatch(sig('ask', 'each number appears exactly once except one, find it'), /architecture/);
    assert.match(sig('ask', 'how do we get exactly-once processing from this Kafka consumer?'), /architecture/);
  });

  it('a spec saying what a function "should" return is no design choice; a question weighing two options is', () => {
    assert.doesNotMatch(sig('generate', 'the result should be a list or None when nothing matches'), /architecture/);
    assert.match(sig('ask', 'should the history live in the same table or in a separate table?'), /architecture/);
  });

  it('a LeetCode-style constraints section marks the statement even when it opens with a story', () => {
    const st =
      'There is a game with n piles.\n\nExample 1:\nInput: n = 3\nOutput: 2\n\nConstraints:\n\t- 1 <= n <= 10^5';
    assert.match(sig('ask', st), /problem-statement/);
  });

  it("an exercise's own wording makes it a statement", () => {
    assert.match(sig('ask', 'Your task is to count the words that appear sometimes twice.'), /problem-statement/);
    assert.match(sig('ask', 'In this exercise you build a robot simulator.'), /problem-statement/);
  });
});

describe("router evidence: the user's own request around a statement or in a comment", () => {
  const tier = (task: Task, q: string, sel = '', lang = 'python'): string =>
    classifyRules(req(task, q, sel, lang)).tier;
  const statement =
    'You are given an array of n integers. Print the minimum number of operations.\nThe first line contains n (1 <= n <= 10^5).';

  it('a request to summarise or translate a statement is still text work', () => {
    assert.equal(tier('ask', 'Summarize this problem statement in two sentences', statement, 'plaintext'), 'cheap');
    assert.equal(tier('ask', `Summarize this problem in two sentences: ${statement}`, '', 'plaintext'), 'cheap');
  });

  it('a question asked in a comment keeps its cheap cues', () => {
    const sel = 'def f(user_id):\n    # rename the variables to clearer names?\n    a = get(user_id)\n    return a\n';
    assert.equal(tier('fix', 'see the comment', sel), 'cheap');
  });

  it('"your task is to" marks an exercise only with an exercise verb', () => {
    const go = 'var mu sync.Mutex\nfunc get(k string) string { return cache[k] }\n';
    const q = 'Your task is to explain why this sometimes returns stale values when two goroutines call it.';
    assert.equal(tier('ask', q, go, 'go'), 'reasoner');
    assert.doesNotMatch(
      classifyRules(req('ask', 'In this exercise we shard by tenant, ok?')).signals.join(' '),
      /problem-statement/,
    );
  });

  it('key handling or hashing outside cryptography is no security review; a language is not the code', () => {
    const js = "function onKeyDown(e) {\n  if (e.key === 'ArrowUp') move(-1);\n}\n";
    assert.equal(
      tier('ask', 'can you check the key handling in this onKeyDown handler? arrows do nothing', js, 'javascript'),
      'cheap',
    );
    assert.doesNotMatch(classifyRules(req('ask', 'is this language memory safe?')).signals.join(' '), /security/);
  });

  it('"do this in bash" is a how-to, "convert this in TypeScript" a conversion', () => {
    assert.doesNotMatch(
      classifyRules(
        req('ask', 'is it possible to do this in bash?', 'for f in *.txt; do echo $f; done', 'shellscript'),
      ).signals.join(' '),
      /conversion/,
    );
    assert.match(
      classifyRules(
        req('refactor', 'convert this in typescript', 'function f(x) { return x }', 'javascript'),
      ).signals.join(' '),
      /conversion/,
    );
  });
});

describe('router evidence: algorithmic techniques in the selected code', () => {
  const fenwick = [
    'import sys',
    'sys.setrecursionlimit(10 ** 6)',
    'MOD = 998244353',
    'class Fenwick:',
    '    def __init__(self, n):',
    '        self.t = [0] * (n + 1)',
    '    def add(self, i, v):',
    '        while i < len(self.t):',
    '            self.t[i] = (self.t[i] + v) % MOD',
    '            i += i & -i',
    'fact = [1] * (N + 1)',
    'def nCr(n, r):',
    '    return fact[n] * pow(fact[r] * fact[n - r], MOD - 2, MOD) % MOD',
  ].join('\n');
  const marks = (task: Task, selection: string, languageId = 'python'): string[] =>
    learnedFeatures(req(task, 'wrong answer, fix', selection, languageId)).filter((f) =>
      ALGORITHM_CODE_FEATURES.has(f),
    );

  it('a Fix on a Fenwick tree with modular binomials reads each technique and their number', () => {
    const f = marks('fix', fenwick);
    for (const m of [
      'code:range-tree',
      'code:modular',
      'code:combinatorics',
      'code:recursion-limit',
      'code:alg-2',
      'code:alg-many',
    ])
      assert.ok(f.includes(m), `${m}: ${f.join(' ')}`);
    assert.equal(signatureOf('fix', ['task:fix', 'code:range-tree']), 'fix|alg');
    assert.equal(describeFeature('code:range-tree'), 'a segment or Fenwick tree in the code');
  });

  it('C++ and Java spellings count: bitmask dp over subsets, a union-find, a priority queue', () => {
    const cpp = [
      'int find(int x) { return par[x] == x ? x : par[x] = find(par[x]); }',
      'for (int mask = 0; mask < (1 << n); mask++)',
      '  for (int j = 0; j < n; j++) if (mask & (1 << j)) dp[mask][j] = min(dp[mask][j], dp[mask ^ (1 << j)][k] + w);',
    ].join('\n');
    const f = marks('fix', cpp, 'cpp');
    for (const m of ['code:union-find', 'code:bitmask', 'code:dp-table', 'code:alg-many'])
      assert.ok(f.includes(m), `${m}: ${f.join(' ')}`);
    const java =
      'PriorityQueue<int[]> pq = new PriorityQueue<>((a, b) -> a[0] - b[0]);\nList<Integer>[] adj = new ArrayList[n];';
    assert.deepEqual(marks('ask', java, 'java'), ['code:heap', 'code:graph', 'code:alg-2']);
  });

  it('everyday code, names in comments and strings, and other commands read no technique', () => {
    const web = [
      '@cache.cached(timeout=50)',
      'def index():',
      '    flags = 1 << LED_PIN',
      '    memory = read_memory_usage()',
      '    # TODO: use a segment tree and a union-find here',
      '    return render("fenwick 998244353 heapq", memory=memory, flags=flags)',
    ].join('\n');
    assert.deepEqual(marks('fix', web), []);
    // Explain and the commands that write new code next to the selection do not read them.
    for (const task of ['explain', 'generate', 'refactor', 'tests'] as Task[])
      assert.deepEqual(marks(task, fenwick), [], task);
  });

  it('every alternative of a mark names a literal, and the prefiltered marks are the regexes', () => {
    // An alternative without one would run on every selection (a decision must stay well under 200 us).
    for (const m of ALGORITHM_CODE_MARKS)
      for (const alt of alternativesOf(m.re)) assert.notEqual(requirementOf(alt).kind, 'true', `${m.f}: ${alt.source}`);
    const cpp =
      'for (int i = x; i <= n; i += i & -i) t[i] += v;\nint mid = (lo + hi) / 2;\nwhile (!st.empty() && h[st.top()] >= h[i]) st.pop();';
    const expected = ALGORITHM_CODE_MARKS.filter((m) => m.re.test(cpp)).map((m) => m.f);
    assert.deepEqual(expected, ['code:range-tree', 'code:binary-search', 'code:monotonic-stack']);
    assert.deepEqual(
      marks('fix', cpp, 'cpp').filter((f) => !f.startsWith('code:alg-')),
      expected,
    );
  });
});

describe('router evidence: a problem statement however it reaches the router', () => {
  const statement = [
    'You are given n cities and m roads with tolls; answer q queries: the minimum cost to travel from a to b using at',
    'most k toll-free roads. Return each answer modulo 10^9 + 7.',
    'Constraints:',
    '1 <= n, q <= 2 * 10^5',
    '1 <= m <= 3 * 10^5',
    '1 <= cost <= 10^9',
  ].join('\n');
  const comment = (prefix: string): string =>
    statement
      .split('\n')
      .map((l) => `${prefix} ${l}`)
      .join('\n');
  const pyStub = `${comment('#')}\ndef solve(n, roads, queries):\n    pass\n`;
  const cppStub = `${comment('//')}\nclass Solution {\npublic:\n    vector<int> solve(int n) {\n    }\n};\n`;
  const evidence = (r: EditorRequest): string[] => learnedFeatures(r).filter((f) => f.startsWith('alg:'));
  const pasted = evidence(req('ask', statement));

  it('Generate on a stub reads the commented statement when the instruction points at it', () => {
    assert.ok(pasted.includes('alg:modulo') && pasted.includes('alg:bound-1e5'), pasted.join(' '));
    for (const instruction of [
      '',
      'implement this',
      'Implement a solution to this problem.',
      'write code for the problem described above',
      'implement the function described in the comments',
      'solve this in python',
    ]) {
      assert.deepEqual(evidence(req('generate', instruction, pyStub, 'python')), pasted, instruction);
      assert.deepEqual(evidence(req('generate', instruction, cppStub, 'cpp')), pasted, `${instruction} (C++)`);
      // The instruction's own words ("write", "code") weigh nothing: every deferring wording is the same request.
      assert.deepEqual(
        learnedFeatures(req('generate', instruction, pyStub, 'python')),
        learnedFeatures(req('generate', '', pyStub, 'python')),
        instruction,
      );
    }
  });

  it('an instruction with its own request, or one that asks for text work, does not read the comments', () => {
    // Before, only the bare "implement this" family read a stub's comments; these still must not.
    for (const instruction of [
      'write a commit message for this',
      'add a method that returns the number of cities, keeping the existing signature and naming style of the file',
    ]) {
      const r = req('generate', instruction, pyStub, 'python');
      assert.deepEqual(evidence(r), [], instruction);
      assert.ok(!classifyRules(r).signals.includes('comment-question'), instruction);
    }
  });

  it('Ask about the problem written above a stub reads it; a FIXME above code is not a statement', () => {
    assert.deepEqual(evidence(req('ask', 'how should I approach this problem?', pyStub, 'python')), pasted);
    const fixme =
      'func (s *Store) Put(k, v string) {\n\t// FIXME: why does this deadlock under load? race with Flush?\n\ts.mu.Lock()\n\ts.m[k] = v\n\ts.mu.Unlock()\n}';
    const c = classifyRules(req('ask', 'how should I approach this problem?', fixme, 'go'));
    assert.ok(!c.signals.includes('comment-question'), c.signals.join(' '));
  });

  it('a statement in a fence, or in a docstring asked for hints, is the request; a fenced log is still data', () => {
    for (const info of ['', 'text', 'markdown'])
      assert.deepEqual(evidence(req('ask', `\`\`\`${info}\n${statement}\n\`\`\`\nhow to solve?`)), pasted, info);
    // A short statement: its task in one sentence, its limits on the next line.
    const short =
      'You are given n integers and q queries; for each query return the number of subarrays whose xor is k.\nConstraints: 1 <= n, q <= 10^5';
    assert.deepEqual(
      evidence(req('ask', `\`\`\`\n${short}\n\`\`\`\nhow to solve?`)),
      evidence(req('ask', `${short}\n\nhow to solve?`)),
    );
    assert.ok(evidence(req('ask', short)).includes('alg:bound-1e5'));
    // Fenced code stays quoted data, whatever its comments say.
    const code = `\`\`\`python\n${comment('#')}\nprint(solve())\n\`\`\`\nhow to solve?`;
    assert.deepEqual(evidence(req('ask', code)), []);
    const log = [
      '```',
      '2024-05-01 12:00:01 ERROR the worker lost its lease while the queue was being drained again',
      '2024-05-01 12:00:02 WARN retrying the job after the lease was lost',
      '```',
      'what does this mean?',
    ].join('\n');
    assert.ok(!maskedWords(req('ask', log)).includes('lease'));
    const docstring = `"""\n${statement}\n"""\n\ndef main():\n    pass\n`;
    for (const instruction of ['any hints?', 'I am stuck on this one', 'how do I tackle this?'])
      assert.deepEqual(evidence(req('ask', instruction, docstring, 'python')), pasted, instruction);
    // A docstring opens on its own line: the statement's opening ("You are given...") is still its opening.
    const opening =
      'You are given a tree of n nodes and q queries; return the minimum cost of each path, modulo 10^9 + 7.';
    const opened = `"""\n${opening}\n"""\n\ndef main():\n    pass\n`;
    assert.deepEqual(evidence(req('ask', 'any hints?', opened, 'python')), evidence(req('ask', opening)));
  });

  it('"what algorithm should I use" asks for an algorithm, not an architecture trade-off', () => {
    const math =
      'Find the sum of all the primes below two million.\nThe sum of the primes below $10$ is $2 + 3 + 5 + 7 = 17$.';
    const c = classifyRules(req('ask', 'what algorithm should I use here?', math, 'plaintext'));
    assert.ok(!c.signals.some((s) => s.startsWith('architecture-trade-off')), c.signals.join(' '));
    const design = classifyRules(req('ask', 'should we use Kafka for the order events?'));
    assert.ok(
      design.signals.some((s) => s.startsWith('architecture-trade-off')),
      design.signals.join(' '),
    );
  });

  it('a mathematical problem above a stub is a statement too: the quantity it asks for, or the function it defines', () => {
    const math = [
      'Let $S(n)$ be the sum of the divisors of all integers $k \\le n$ that are coprime to $n$.',
      'You are told that $S(10) = 23$.',
      'Find $S(10^{12})$, giving your answer modulo $1\\,000\\,000\\,007$.',
    ].join('\n');
    const stub = `${math
      .split('\n')
      .map((l) => `# ${l}`)
      .join('\n')}\ndef solve():\n    pass\n`;
    const asked = learnedFeatures(req('ask', 'how should I approach this problem?', stub, 'python'));
    const pastedMath = learnedFeatures(req('ask', math));
    for (const f of ['alg:modulo', 'alg:huge-number']) {
      assert.ok(pastedMath.includes(f), f);
      assert.ok(asked.includes(f), f);
    }
    // A comment that states a quantity in passing, over ordinary code, is no problem to solve.
    const code = '# TODO: cache this, it is slow\ndef total(xs):\n    return sum(xs)\n';
    const plain = learnedFeatures(req('ask', 'how should I approach this problem?', code, 'python'));
    assert.ok(!plain.some((f) => f.startsWith('alg:')), plain.join(' '));
  });

  it('a statement pasted into a code file is read as prose; code with a long docstring is not', () => {
    assert.ok(isProse('python', statement));
    assert.deepEqual(evidence(req('generate', 'implement this', statement, 'python')), pasted);
    assert.deepEqual(evidence(req('ask', 'how do I solve this?', statement, 'java')), pasted);
    const docstring = `def pluck(arr):\n    """\n${statement}\n    """\n    pass\n`;
    assert.ok(!isProse('python', docstring));
    assert.ok(!isProse('python', 'total = 0\nfor x in xs:\n    total += x\nprint(total)\n'));
    // Words that are code in their own language.
    assert.ok(!isProse('sql', 'SELECT name FROM users WHERE the account was created before the migration ran'));
    assert.ok(isProse('python', 'the function returns the wrong total when the list has negative numbers in it'));
    // Examples with "=" in them are a statement's, and commented code is still code.
    const examples = `${statement}\nExample 1:\nInput: n = 3, roads = [[0,1,2]]\nOutput: 4\nExplanation: i = 0 and j = 1 because the first road is the cheapest one.`;
    assert.ok(isProse('python', examples));
    const commented = [
      'total = 0  # the running total of all the prices in it',
      'for x in xs:  # walk over every item in the basket we have',
      '    total += x  # add the price of this item to the total',
      'print(total)',
    ].join('\n');
    assert.ok(!isProse('python', commented));
  });

  it("a statement's worked examples in code notation are its data, not code", () => {
    const calendar = [
      'You are implementing a program to use as your calendar. We can add a new event if it causes no double booking.',
      'Implement the MyCalendar class, whose book method returns true if the event can be added to the calendar.',
      'Example 1:',
      'Input',
      '["MyCalendar", "book", "book"]',
      'Explanation',
      'MyCalendar myCalendar = new MyCalendar();',
      'myCalendar.book(10, 20); // return True',
      'myCalendar.book(15, 25); // return False, it overlaps the event already booked.',
      'arr = [1,2,3],',
      'Constraints:',
      '0 <= start < end <= 10^9',
    ].join('\n');
    assert.ok(isProse('python', calendar));
    // Code under an example comment is still code: the heading must open its line.
    const code = [
      'The calendar keeps booked intervals and answers whether a new one overlaps any of them at all.',
      '# Example: book two events and check the overlap between them',
      'cal = MyCalendar()',
      'cal.book(10, 20)',
      'cal.book(15, 25)',
      'print(cal.events)',
    ].join('\n');
    assert.ok(!isProse('python', code));
  });

  it('a mathematical statement pasted into a code file is prose: inline TeX, displayed formulas, blocks of digits', () => {
    const inline =
      'By listing the first six primes, $2, 3, 5, 7, 11$ and $13$, we see the $6$th is $13$.\nWhat is the $10\\,001$st prime number?';
    const defined = [
      'A hexagonal orchard of order $n$ is a lattice of points within a regular hexagon with side $n$.',
      'Let $H(n)$ be the number of points hidden from the center in a hexagonal orchard of order $n$.',
      '$H(5) = 30$. $H(10) = 138$.',
      'Find $H(100\\,000\\,000)$.',
    ].join('\n');
    const display = [
      'Consider all integer combinations of $a^b$ for $2 \\le a \\le 5$ and $2 \\le b \\le 5$:',
      '\\begin{matrix}',
      '2^2=4, &2^3=8, &2^4=16\\\\',
      '3^2=9, &3^3=27, &3^4=81',
      '\\end{matrix}',
      'If they are then placed in numerical order, with any repeats removed, we get a sequence of distinct terms:',
      '$$4, 8, 9, 16, 27, 81$$',
      'How many distinct terms are in the sequence generated by $a^b$ for $2 \\le a \\le 100$?',
    ].join('\n');
    const digits = `The four adjacent digits in the number below that have the greatest product are $9 \\times 9 \\times 8 \\times 9$.\n${'7316717653133062491922511967442657474235534919493\n'.repeat(12)}Find the thirteen adjacent digits in the number that have the greatest product.`;
    for (const text of [inline, defined, display, digits]) assert.ok(isProse('python', text), text);
    // Code that uses "$" for its variables is still code.
    assert.ok(
      !isProse(
        'php',
        '$total = 0;\nforeach ($items as $item) {\n    $total += $item->price;\n}\necho "the total is $total and the count is $count";\n',
      ),
    );
    assert.ok(
      !isProse(
        'perl',
        'my $sum = 0;\nfor my $x (@xs) { $sum += $x; }\nprint "the sum of all the values is $sum\\n";\n',
      ),
    );
  });
});

describe("router evidence: limits in a scraped page's notation", () => {
  it('reads HTML, entities, superscripts, "**" and lost carets as plain limits', () => {
    assert.equal(plainNotation('<p>1 &lt;= n &lt;= 10<sup>5</sup></p>'), '\n1 <= n <= 10^5\n');
    assert.equal(plainNotation('1 ≤ n ≤ 2 × 10⁵'), '1 <= n <= 2 × 10^5');
    // Every superscript digit, the Latin-1 ones (¹²³) and the U+207x ones, in a text of Latin-1 alone too.
    assert.equal(plainNotation('n <= 10⁰¹²³⁴⁵⁶⁷⁸⁹'), 'n <= 10^0123456789');
    assert.equal(plainNotation('n <= 10³ and m <= 10²'), 'n <= 10^3 and m <= 10^2');
    assert.equal(plainNotation('n <= 10⁹'), 'n <= 10^9');
    assert.equal(plainNotation('nums.length <= 10**4'), 'nums.length <= 10^4');
    assert.equal(plainNotation('1 <= n <= 105\n-109 <= nums[i] <= 109'), '1 <= n <= 10^5\n-10^9 <= nums[i] <= 10^9');
    assert.equal(plainNotation('1 <= k <= 2 * 104'), '1 <= k <= 2 * 10^4');
  });

  it('leaves ordinary numbers alone: 100, 1000, a value in an example, text with no notation', () => {
    for (const t of [
      '1 <= n <= 100',
      '0 <= x <= 1000',
      'Input: n = 105\nOutput: 42',
      'why is this slow?',
      'a < b && c > d',
    ])
      assert.equal(plainNotation(t), t);
  });

  it('a statement with its carets lost has the evidence of the plain one', () => {
    const plain =
      'Given an integer array nums, return the number of subarrays whose sum is divisible by k, modulo 10^9 + 7.\n\nConstraints:\n1 <= nums.length <= 10^5\n-10^4 <= nums[i] <= 10^4';
    const flat = plain.replace(/10\^(\d)/g, '10$1');
    const alg = (r: EditorRequest): string[] => learnedFeatures(r).filter((f) => !f.startsWith('w:'));
    assert.deepEqual(alg(req('ask', flat)), alg(req('ask', plain)));
    assert.ok(alg(req('ask', flat)).includes('alg:bound-1e5'));
    const html = `<p>${plain
      .replace(/</g, '&lt;')
      .replace(/10\^(\d)/g, '10<sup>$1</sup>')
      .replace(/\n/g, '<br>')}</p>`;
    assert.deepEqual(alg(req('ask', html)), alg(req('ask', plain)));
  });
});

describe('router evidence: a question posted as HTML', () => {
  it('reads a <pre> block as a fenced one, and "<pre>" named in plain text as text', () => {
    assert.equal(
      plainNotation('<p>Why does this hang?</p><pre><code>ch := make(chan int)\n&lt;-ch</code></pre>'),
      '\nWhy does this hang?\n\n```\nch := make(chan int)\n<-ch\n```\n',
    );
    const placeholder = 'express the product as <pre>...<suf> where <pre> is its first 5 digits; 1 <= n <= 10^4';
    assert.equal(plainNotation(placeholder), placeholder);
  });
});

describe('router evidence: quoted words', () => {
  it('a term the user puts in quotes is read; quoted data and messages stay masked', () => {
    assert.match(maskProse('Does this example create “race conditions”?'), /race conditions/);
    assert.match(maskProse('why is my "thread-safe" queue losing items?'), /thread-safe/);
    for (const data of ['"aba"', '"does not exist"', '"Error: ENOENT, no such file"', '"Hello World"'])
      assert.doesNotMatch(maskProse(`it prints ${data} here`), new RegExp(data.slice(1, 5)), data);
    assert.equal(
      classifyRules(req('ask', 'Does this JavaScript example create “race conditions”?')).tier,
      classifyRules(req('ask', 'Does this JavaScript example create race conditions?')).tier,
    );
  });
});

describe('router evidence: code pasted into the words without a fence', () => {
  const go =
    'func (s *Store) Put(k, v string) {\n\t// FIXME: why does this deadlock under load? race with Flush?\n\ts.mu.Lock()\n\ts.m[k] = v\n\ts.mu.Unlock()\n}';
  it("is masked like a fenced block: its comments are its author's words, not the user's", () => {
    assert.notEqual(classifyRules(req('explain', `explain this:\n${go}`)).tier, 'reasoner');
    assert.equal(
      classifyRules(req('explain', `explain this:\n${go}`)).tier,
      classifyRules(req('explain', `explain this:\n\`\`\`go\n${go}\n\`\`\``)).tier,
    );
    const py =
      'what does this do?\ndef f(xs):\n    # TODO: a race condition if called from two threads\n    return sorted(xs)';
    assert.doesNotMatch(maskProse(py), /race/);
  });

  it("the user's own words around it still count, and prose is never taken for code", () => {
    assert.equal(classifyRules(req('ask', `why does this deadlock under load?\n${go}`)).tier, 'reasoner');
    const prose = 'if i run it twice it crashes.\nsometimes it hangs;\nwhy?';
    assert.equal(blankCodeBlocks(prose), prose);
    const tex = 'Find the minimal path sum:\n\\begin{pmatrix}\n131 & 673 \\\\\n\\color{red}{201} & 96\n\\end{pmatrix}';
    assert.equal(blankCodeBlocks(tex), tex);
  });
});

describe('router evidence: "is this safe?" over the selected code', () => {
  const popen = "import os\n\ndef run(host):\n    return os.popen('ping -c 1 ' + host).read()\n";
  const servlet =
    'public class Echo extends HttpServlet {\n  void handle(HttpServletRequest request, HttpServletResponse response) {\n    String name = request.getParameter("name");\n    response.getWriter().println(name);\n  }\n}';
  const plain = 'def total(xs):\n    s = 0\n    for x in xs:\n        s += x\n    return s\n';
  const asyncOnly = 'async function load(url) {\n  const r = await fetch(url);\n  return r.json();\n}\n';

  it('means the hazard the code carries: a command, untrusted input', () => {
    for (const [code, lang] of [
      [popen, 'python'],
      [servlet, 'java'],
      ['def update\n  @user.update(params[:user])\nend', 'ruby'],
    ]) {
      for (const q of ['is this safe?', 'anything I should worry about before shipping this?']) {
        const c = classifyRules(req('ask', q, code, lang));
        assert.ok(
          c.signals.some((s) => s.startsWith('security:')),
          `${q}: ${c.signals.join(' ')}`,
        );
      }
    }
  });

  it('names no risk on ordinary code or code that is only async, and other commands are unchanged', () => {
    for (const [code, lang] of [
      [plain, 'python'],
      [asyncOnly, 'javascript'],
    ])
      assert.ok(
        !classifyRules(req('ask', 'is this safe?', code, lang)).signals.some((s) => /^(security|concurrency):/.test(s)),
      );
    assert.ok(!classifyRules(req('explain', '', popen, 'python')).signals.some((s) => s.startsWith('security:')));
  });
});

describe('router evidence: a query built from input', () => {
  const js =
    "app.get('/user', (req, res) => {\n  db.query(`SELECT * FROM users WHERE name = '${req.query.name}'`, (e, r) => res.json(r));\n});";
  const built: Array<[string, string]> = [
    [js, 'javascript'],
    ['def find(cur, name):\n    cur.execute(f"SELECT * FROM users WHERE name = \'{name}\'")\n', 'python'],
    ['def find(cur, name):\n    cur.execute("SELECT * FROM users WHERE name = \'%s\'" % name)\n', 'python'],
    ['String q = "SELECT * FROM users WHERE name = \'" + name + "\'";\nstmt.executeQuery(q);', 'java'],
    ['q := fmt.Sprintf("SELECT * FROM users WHERE name = \'%s\'", name)\nrows, _ := db.Query(q)', 'go'],
  ];
  const security = (q: string, code: string, lang: string): boolean =>
    classifyRules(req('ask', q, code, lang)).signals.some((s) => s.startsWith('security:'));

  it('marks a query string and keeps what a template splices into it; other strings stay blank', () => {
    assert.equal(
      splitCode('x = `SELECT id FROM t WHERE a = ${req.query.a}`', 'javascript').code,
      'x = `SQL ${req.query.a}`',
    );
    assert.equal(splitCode("q = 'DELETE FROM t WHERE id = ' + id", 'python').code, "q = 'SQL' + id");
    assert.equal(splitCode("print('select a file to open')", 'python').code, "print('')");
    assert.equal(splitCode("msg = 'Select an item from ' + menu", 'python').code, "msg = '' + menu");
    assert.equal(splitCode('q = "select id, name from t where a = " + a', 'python').code, 'q = "SQL" + a');
    assert.equal(splitCode('msg = `Hello ${user.name}`', 'javascript').code, 'msg = ``');
  });

  it('"is this code safe?" over a query spliced from input is a security question; a parameterised one is not', () => {
    for (const [code, lang] of built) {
      assert.ok(security('is this code safe?', code, lang), `${lang}: ${code}`);
      assert.equal(classify(req('ask', 'is this code safe?', code, lang)).tier, 'reasoner', `${lang}: ${code}`);
    }
    const bound = 'def find(cur, name):\n    cur.execute("SELECT * FROM users WHERE name = %s", (name,))\n';
    assert.ok(!security('is this code safe?', bound, 'python'));
    // the code alone still escalates nothing: explaining or fixing it is ordinary work
    assert.notEqual(classify(req('explain', '', js, 'javascript')).tier, 'reasoner');
    assert.notEqual(classify(req('fix', 'it returns no rows', built[1][0], 'python')).tier, 'reasoner');
  });

  it('an injection told in other words is a security question; dependency injection and trains of thought are not', () => {
    for (const q of [
      'does this have an injection problem?',
      'can someone inject SQL through this?',
      'is it open to SQL-injection?',
    ])
      assert.ok(security(q, js, 'javascript'), q);
    assert.ok(!security('is there a dependency injection issue with this constructor?', '', 'plaintext'));
    const naming = classifyRules(
      req('ask', 'two threads of thought here: should I call it load_config or read_config?'),
    );
    assert.ok(!naming.signals.some((s) => s.startsWith('concurrency:')), naming.signals.join(' '));
  });
});

describe('router evidence: duplicate and reordered delivery', () => {
  const concurrency = (q: string): boolean =>
    classifyRules(req('ask', q)).signals.some((s) => s.startsWith('concurrency:'));

  it('a webhook delivered more than once, or more than once and out of order, is an interleaving to design for', () => {
    for (const q of [
      'How should I design the retry logic for a payment webhook that can be delivered more than once and out of order?',
      'customers get charged more than once when the provider retries',
    ])
      assert.ok(concurrency(q), q);
    assert.equal(
      classify(
        req(
          'ask',
          'How should I design the retry and idempotency logic for a payment webhook that can be delivered more than once and out of order?',
        ),
      ).tier,
      'reasoner',
    );
  });

  it('several services writing the same rows, kept consistent with a cache, is a design under concurrency', () => {
    const q = 'How do we keep the cache and the database consistent when several services write to the same rows?';
    assert.ok(concurrency(q), q);
    assert.equal(classify(req('ask', q)).tier, 'reasoner');
    for (const plain of [
      'how do I keep the indentation consistent in vscode?',
      'how do I keep the naming of my variables consistent across files?',
    ])
      assert.notEqual(classify(req('ask', plain)).tier, 'reasoner', plain);
  });

  it('a handler or a test run several times is an ordinary bug', () => {
    for (const q of [
      'the click handler is executed multiple times after I navigate back',
      'why does my test get retried multiple times in jest?',
      'how do I run a function more than once in python?',
    ])
      assert.ok(!concurrency(q), q);
  });
});

describe('router evidence: statements that open with their givens', () => {
  it('"Given a weighted directed graph", "Given a non-empty permutation" open a problem statement', () => {
    for (const q of [
      'Given a weighted directed graph with up to 10^5 nodes, find the shortest path from node 1 to every node where you may make at most k edges free (k <= 10).',
      'Given a non-empty permutation p of 1..n, count the inversions.',
      'Given a bipartite graph, find a maximum matching.',
    ])
      assert.ok(classifyRules(req('ask', q)).signals.includes('problem-statement'), q);
  });
});

describe('router evidence: an aggregate read off the input is no objective', () => {
  const optimise = (q: string): boolean => learnedFeatures(req('ask', q)).includes('alg:optimise');

  it('"the maximum value among them" ends its sentence as a lookup; "the maximum sum of a subarray" is an objective', () => {
    for (const q of [
      'You are given N integers A_1, ..., A_N. Print the maximum value among them.',
      'Return the minimum element of the array.',
      'Print the maximum of the given numbers.\nConstraints: N <= 10',
    ])
      assert.ok(!optimise(q), q);
    for (const q of [
      'Return the maximum sum of a non-empty subarray.',
      'Find the minimum of the array after at most k operations.',
      'Return the minimum cost to connect all points.',
      'Print the maximum value among them after each query.',
    ])
      assert.ok(optimise(q), q);
    const max =
      'You are given N integers A_1, ..., A_N. Print the maximum value among them.\n\nConstraints\n- 1 \\leq N \\leq 2 \\times 10^5\n- 1 \\leq A_i \\leq 10^9';
    assert.notEqual(classify(req('ask', max)).tier, 'reasoner');
  });
});

describe('router evidence: TeX in the words', () => {
  it('limits and numbers written in TeX reach every cue, as plain ones do', () => {
    const tex =
      'Find the sum of the subsets whose sum is divisible by $250$. Enter the rightmost $16$ digits as your answer.';
    const alg = (r: EditorRequest): string[] => learnedFeatures(r).filter((f) => f.startsWith('alg:'));
    assert.deepEqual(alg(req('ask', tex)), alg(req('ask', tex.replace(/\$/g, ''))));
    assert.ok(alg(req('ask', tex)).includes('alg:modulo'));
  });

  it("a shell prompt's $ still marks its line as a command to mask", () => {
    const q = 'why does this fail?\n$ npm install --save left-pad\nnpm ERR! code E404';
    assert.doesNotMatch(maskedWords(req('ask', q)), /left-pad/);
  });
});

describe('router evidence: generic wording over a statement', () => {
  it('"an efficient solution" or "what algorithm" adds nothing over a pasted statement, and still counts alone', () => {
    const easy =
      'Given an integer array nums, return the sum of its elements.\nConstraints:\n1 <= nums.length <= 100\n-100 <= nums[i] <= 100';
    const plain = classifyRules(req('generate', `Write a solution:\n${easy}`, '', 'java'));
    const efficient = classifyRules(req('generate', `Write an efficient solution:\n${easy}`, '', 'java'));
    assert.equal(efficient.tier, plain.tier);
    assert.ok(!efficient.signals.some((s) => s.startsWith('algorithm-design:efficient')), efficient.signals.join(' '));
    assert.ok(
      classifyRules(req('ask', 'what is an efficient algorithm for deduplicating 50M rows?')).signals.some((s) =>
        s.startsWith('algorithm-design:'),
      ),
    );
  });

  it('"the optimal approach" asks for a good answer, not for an optimum: no objective, and generic over a statement', () => {
    const easy =
      'Given an integer array nums, return true if any value appears at least twice in the array.\nConstraints:\n1 <= nums.length <= 10^5\n-10^9 <= nums[i] <= 10^9';
    const asked = req('ask', "what's the optimal approach here?", easy);
    assert.ok(!learnedFeatures(asked).includes('alg:optimise'), learnedFeatures(asked).join(' '));
    assert.ok(!classifyRules(asked).signals.some((s) => s.startsWith('algorithm-design:optimal')));
    assert.deepEqual(
      learnedFeatures(asked).filter((f) => !f.startsWith('w:') && !f.startsWith('task:')),
      learnedFeatures(req('ask', easy)).filter((f) => !f.startsWith('w:') && !f.startsWith('task:')),
    );
    // An optimum the statement asks for is still an objective, and "optimal" alone still an algorithm-design cue.
    assert.ok(learnedFeatures(req('ask', `${easy}\nReturn the optimal number of moves.`)).includes('alg:optimise'));
    assert.ok(
      classifyRules(req('ask', 'is this greedy choice optimal for weighted intervals?')).signals.some((s) =>
        s.startsWith('algorithm-design:'),
      ),
    );
  });
});

describe('router evidence: a request for code is asked of the assistant', () => {
  const tier = (q: string, sel = ''): string => classifyRules(req('ask', q, sel, 'typescript')).tier;

  it('words that tell the story around a question ask for no code', () => {
    // The user did or saw it: these describe the situation, and the question is a how-to.
    assert.equal(tier('I know I could do this using plain loops, but is there something built in for pairs?'), 'cheap');
    assert.equal(tier('In the code example above the compiler prints a warning. Why does it warn there?'), 'cheap');
    assert.equal(
      tier('Every answer I found says to create my own wrapper class. Is that really the only option?'),
      'cheap',
    );
    assert.equal(
      tier('When I try to do it with the new items, the buttons stop responding. What am I missing?'),
      'cheap',
    );
  });

  it('the same words asked of the assistant still go to the coder', () => {
    assert.equal(tier('Write a function that parses ISO dates.'), 'coder');
    assert.equal(tier('ok, now write a class for the cache'), 'coder');
    assert.equal(tier('I have two lists of users. Can you write a function that merges them by id?'), 'coder');
    assert.equal(tier('how do I read a csv in rust with serde, small example please'), 'coder');
    assert.equal(tier('I would like to write a script that renames my photos by date'), 'coder');
    assert.equal(tier('could you convert this to typescript?', 'function f(x) { return x + 1 }'), 'coder');
  });

  it('under a code command, a text-output word in the spec the user pastes does not ask for text', () => {
    const gen = (q: string): string => classifyRules(req('generate', q, '', 'python')).tier;
    assert.equal(
      gen(
        'This is a dataset from a competition. Each row describes a patient, and the goal of the competition is a binary classification of each subject. I want you to build a model that predicts it.',
      ),
      'coder',
    );
    assert.equal(
      gen(
        'I have a browser extension idea. When I open a pull request page it should show the branch and the ref name for checking it out locally. Build it for Firefox.',
      ),
      'coder',
    );
    assert.equal(
      gen('We keep a changelog in this repo and every module has documentation. Implement a CSV exporter.'),
      'coder',
    );
    // The request itself still asks for text: a command verb opens its sentence, or the words are that short.
    assert.equal(gen('Write a commit message for this diff.'), 'cheap');
    assert.equal(gen('The diff is below. Now give these functions clearer names.'), 'cheap');
    assert.equal(
      classifyRules(req('refactor', 'gofmt-style formatting and group the imports.', 'x := 1', 'go')).tier,
      'cheap',
    );
  });

  it('asking for options for a name is a naming request, not a request for code', () => {
    const option =
      'I want to add an option to my CLI tool for importing CSV files - it stores a null for an empty string - ';
    assert.equal(tier(`${option}give me lots of options for that name`), 'cheap');
    assert.equal(tier('I am adding a date-parsing helper to our utils module, give me some name ideas'), 'cheap');
    assert.equal(tier(`${option}can you write it?`), 'coder');
  });

  it('a command after a leading clause is asked of the assistant; other words after a comma are not', () => {
    assert.equal(tier('Given these rows of orders, write a function that totals them per customer.'), 'coder');
    assert.equal(tier('In Python, write a script that renames my photos by date.'), 'coder');
    assert.equal(tier('Which of the two designs scales better for a chat app, with code in mind?'), 'cheap');
  });
});
