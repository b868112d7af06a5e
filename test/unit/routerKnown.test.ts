// Problems named in a request (known.ts): which mentions count as naming one, and what the router does with it.
import { strict as assert } from 'node:assert';
import { classify } from '../../src/core/router/classify';
import { STEP } from '../../src/core/router/corrections';
import { namedProblem, stubProblem } from '../../src/core/router/known';
import table from '../../src/core/router/known-problems.json';
import type { EditorRequest, Task } from '../../src/core/types';

function req(task: Task, instruction: string, selection = '', languageId = 'plaintext'): EditorRequest {
  return { task, instruction, selection, languageId };
}

const named =
  (band: 'Hard' | 'Easy') =>
  (instruction: string, spec = ''): number | undefined => {
    const p = namedProblem(instruction, spec);
    return p?.band === band ? p.id : undefined;
  };
const id = named('Hard');
const easy = named('Easy');

describe('router: named problems', () => {
  it('the table holds hard and easy problems, one a line, from its named sources', () => {
    assert.ok(table.leetcodeHard.length > 900);
    assert.ok(table.leetcodeHard.every((l) => /^\d+\|\S/.test(l)));
    assert.ok(table.leetcodeHard.includes('4|Median of Two Sorted Arrays'));
    // LeetCode 1 (Two Sum) is Easy, 2 (Add Two Numbers) Medium; Project Euler 1-10 are rated 5%.
    assert.ok(!table.leetcodeHard.some((l) => /^(1|2)\|/.test(l)));
    assert.ok(table.leetcodeEasy.includes('1|Two Sum'));
    assert.ok(!table.leetcodeEasy.some((l) => /^2\|/.test(l)));
    assert.ok(table.eulerEasy.includes(1) && !table.eulerEasy.includes(224));
    assert.ok(!table.eulerHard.some((n) => n <= 10));
    // Stubs' method names, lower-cased, with the problems declaring them; none shorter than six characters, and none
    // that problems of another band also declare.
    assert.ok(table.leetcodeHardMethods.includes('maxincreasingcells|2713'));
    assert.ok(table.leetcodeHardMethods.includes('ismatch|10,44'));
    const methods = [...table.leetcodeHardMethods, ...table.leetcodeEasyMethods];
    assert.ok(methods.every((l) => /^[a-z0-9_]{6,}\|\d+(,\d+)*$/.test(l)));
    assert.ok(!methods.some((l) => l.startsWith('maxprofit|')));
    assert.equal(table.sources.leetcode.repo, 'doocs/leetcode');
    assert.match(table.sources.leetcode.commit, /^[0-9a-f]{40}$/);
  });

  it('finds a title the user asks to solve, a LeetCode number, a numbered heading and a Project Euler number', () => {
    assert.equal(id('how do I solve Median of Two Sorted Arrays in python?'), 4);
    assert.equal(id('how do i solve median of two sorted arrays'), 4);
    assert.equal(id("what's the trick to leetcode 42?"), 42);
    assert.equal(id('LC #42 in java please'), 42);
    assert.equal(id('implement this', '// 42. Trapping Rain Water\nclass Solution {};'), 42);
    assert.equal(id('', 'Trapping Rain Water\n\nGiven n non-negative integers...'), 42);
    // A page's title as copied with the statement, on a later line.
    assert.equal(id('how would you do this?', 'Trapping Rain Water - LeetCode\nGiven n non-negative integers...'), 42);
    assert.equal(id('how would you do this?', 'Given n, count "leetcode" strings\nTrapping Rain Water too'), undefined);
    assert.equal(id('Project Euler problem 224: how do I make it fast?'), 224);
    assert.equal(id('solve euler #250 in rust'), 250);
    // Rated 15%: not hard.
    assert.equal(id('solve euler #500 in rust'), undefined);
    assert.equal(id('My solution to LeetCode "Word Ladder II" fails. What is wrong?'), 126);
    // Two words as the title is written, with a request to solve it.
    assert.equal(id('how do I solve Sudoku Solver?'), 37);
  });

  it('reads a small number as its digit, and a hint or "stuck on" as a request to solve; a language or "efficiently" is none', () => {
    assert.equal(id('how do I solve median of 2 sorted arrays'), 4);
    assert.equal(id('hints for trapping rain water 2?'), 407);
    assert.equal(id('stuck on word ladder II'), 126);
    assert.equal(id('hints for best time to buy and sell stock 3'), 123);
    assert.equal(id('what is the intuition behind best time to buy and sell stock iv'), 188);
    assert.equal(id('', '407. Trapping Rain Water 2\nGiven an m x n integer matrix heightMap...'), 407);
    // still named only when asked about
    assert.equal(id('my wife likes trapping rain water 2 in barrels'), undefined);
    assert.equal(id('write a sudoku solver in python'), undefined);
    // a language or "efficiently" is no request to solve a puzzle: these are developers' questions
    assert.equal(id('how do I add a sliding window median to my pandas dataframe in python'), undefined);
    assert.equal(id('write a strong password checker in python'), undefined);
    assert.equal(id('how do I compute a sliding window median efficiently?'), undefined);
  });

  it('does not read a name into ordinary words, example data, code names or easier problems', () => {
    // Two words as ordinary words; one word without the site or a number.
    assert.equal(id('write a sudoku solver in python'), undefined);
    assert.equal(id('how do I solve the candy problem?'), undefined);
    // Named but not asked about.
    assert.equal(id('my wife likes trapping rain water in barrels'), undefined);
    // A statement's sentence, not its heading.
    assert.equal(id('how do I solve this?', 'You have to get the maximum score starting from index 0.'), undefined);
    // "leetcode" inside example data does not name the site.
    assert.equal(id('Input: s = "leetcode 42"'), undefined);
    // A function named after the problem's number; an easy Project Euler problem.
    assert.equal(id('implement this', 'def euler224():\n    pass'), undefined);
    assert.equal(id('project euler 3 in python'), undefined);
    // Easier problems whose titles hold a hard one's.
    assert.equal(id('how do I solve Valid Word Abbreviation?'), undefined);
    assert.equal(id('how do I solve Basic Calculator II?'), undefined);
    assert.equal(id('how do I solve Basic Calculator?'), 224);
    // An easy LeetCode number.
    assert.equal(id('leetcode 1 in go'), undefined);
  });

  it('finds every hard title asked about, and no easier title that holds one', () => {
    for (const line of table.leetcodeHard) {
      const [n, title] = [Number(line.slice(0, line.indexOf('|'))), line.slice(line.indexOf('|') + 1)];
      // A one-word title needs the site named ("Candy" alone is a word).
      const asked = /^\S+$/.test(title) ? `how do I solve LeetCode ${title}?` : `how do I solve ${title}?`;
      assert.equal(id(asked), n, title);
      assert.equal(id('implement this', `// ${n}. ${title}\nclass Solution {};`), n, title);
    }
    for (const line of table.leetcodeEasy) {
      const [n, title] = [Number(line.slice(0, line.indexOf('|'))), line.slice(line.indexOf('|') + 1)];
      assert.equal(easy('implement this', `# ${n}. ${title}\ndef solve():\n    pass`), n, title);
      assert.equal(easy(`LeetCode: ${title}, how?`), n, title);
    }
    for (const title of table.leetcodeBlockers) {
      assert.equal(namedProblem(`how do I solve ${title}?`, ''), undefined, title);
      assert.equal(namedProblem(`leetcode ${title}`, ''), undefined, title);
    }
    // A blocked title does not hide a hard one later on the line.
    assert.equal(id('how do I solve Valid Word Abbreviation, and Median of Two Sorted Arrays?'), 4);
  });

  it('sends a named hard problem to the reasoner and says which, under Ask, Generate and Fix', () => {
    const c = classify(req('ask', 'how do I solve Median of Two Sorted Arrays in python?'));
    assert.equal(c.tier, 'reasoner');
    assert.match(c.reason, /LeetCode rates Hard \(4\. Median of Two Sorted Arrays\)/);
    assert.ok(c.signals.includes('named-hard:leetcode-4'));
    assert.equal(classify(req('generate', 'write a C++ solution for LeetCode problem 4', '', 'cpp')).tier, 'reasoner');
    const pe = classify(req('ask', 'any hints for Project Euler 224?'));
    assert.equal(pe.tier, 'reasoner');
    assert.match(pe.reason, /Project Euler rates 30% or harder \(problem 224\)/);
    const fix = classify(
      req('fix', 'my LeetCode 42 solution is wrong', 'int trap(vector<int>& h) { return 0; }', 'cpp'),
    );
    assert.equal(fix.tier, 'reasoner');
    // Without the name the same short question stays with the command's default.
    assert.notEqual(classify(req('ask', 'how do I solve this in python?')).tier, 'reasoner');
  });

  it('leaves Explain, Document and inline completion alone, and text-output requests', () => {
    const code = '// 42. Trapping Rain Water\nint trap(vector<int>& h) { return 0; }';
    assert.notEqual(classify(req('explain', '', code, 'cpp')).tier, 'reasoner');
    assert.notEqual(classify(req('document', '', code, 'cpp')).tier, 'reasoner');
    assert.notEqual(classify(req('complete', '', code, 'cpp')).tier, 'reasoner');
    assert.notEqual(
      classify(req('ask', 'write a commit message for my LeetCode 42 solution', code, 'cpp')).tier,
      'reasoner',
    );
  });

  it('yields to the user: two "this was overkill" corrections bring it back to the default', () => {
    const r = req('ask', 'how do I solve Median of Two Sorted Arrays in python?');
    const sig = classify(r)
      .signals.find((s) => s.startsWith('signature:'))!
      .slice('signature:'.length);
    assert.match(sig, /\balg\b/);
    const once = classify(r, { correction: (s) => (s === sig ? -STEP : 0) });
    assert.equal(once.tier, 'reasoner');
    const twice = classify(r, { correction: (s) => (s === sig ? -2 * STEP : 0) });
    assert.notEqual(twice.tier, 'reasoner');
    assert.match(twice.reason, /you marked the reasoner overkill/);
  });

  it('finds an easy problem only where the name is unmistakable', () => {
    assert.equal(easy('how do I solve Maximum Depth of Binary Tree?'), 104);
    assert.equal(easy('leetcode 70 climbing stairs'), 70);
    assert.equal(easy('project euler 3 in python'), 3);
    // Two words are also just words: "Two Sum", "Binary Search".
    assert.equal(easy('how do I solve Two Sum?'), undefined);
    assert.equal(easy('I implement Binary Search with threads and it races'), undefined);
    // Inside a longer (Medium) title.
    assert.equal(namedProblem('leetcode Two Sum II - Input Array Is Sorted', ''), undefined);
  });

  it('holds a named easy problem back from the reasoner, and says so when the name decided', () => {
    const r = req('ask', 'leetcode 70 climbing stairs, why is my recursive solution too slow for n up to 45?');
    const c = classify(r);
    assert.notEqual(c.tier, 'reasoner');
    assert.match(
      c.reason,
      /\(not the reasoner: a problem LeetCode rates Easy \(70\. Climbing Stairs\), named in the question\)$/,
    );
    assert.ok(c.signals.includes('named-easy:leetcode-70'));
    // The same question about an unnamed problem goes up: the name is what held it back.
    assert.equal(classify(r, { knownProblems: false }).tier, 'reasoner');
    // Two "stronger model" corrections lift it.
    const sig = c.signals.find((s) => s.startsWith('signature:'))!.slice('signature:'.length);
    assert.equal(classify(r, { correction: (s) => (s === sig ? 2 * STEP : 0) }).tier, 'reasoner');
    // An easy name never lifts a request the conceptual veto holds.
    assert.notEqual(classify(req('ask', 'leetcode 1 two sum?')).tier, 'reasoner');
  });

  it('finds the problem a LeetCode solution declares: its method, in any language, or its design class', () => {
    const declared = (code: string): string | undefined => {
      const p = stubProblem(code);
      return p && `${p.id} ${p.band}`;
    };
    assert.equal(
      declared('class Solution:\n    def maxIncreasingCells(self, mat: List[List[int]]) -> int:\n'),
      '2713 Hard',
    );
    assert.equal(
      declared('class Solution {\npublic:\n    int maxIncreasingCells(vector<vector<int>>& mat) {\n'),
      '2713 Hard',
    );
    assert.equal(declared('public class Solution {\n    public int MaxIncreasingCells(int[][] mat) {\n'), '2713 Hard');
    assert.equal(
      declared('impl Solution {\n    pub fn max_increasing_cells(mat: Vec<Vec<i32>>) -> i32 {\n'),
      undefined,
    );
    assert.equal(
      declared('impl Solution {\n    pub fn maxIncreasingCells(mat: Vec<Vec<i32>>) -> i32 {\n'),
      '2713 Hard',
    );
    assert.equal(declared('class LFUCache {\npublic:\n    LFUCache(int capacity) {\n'), '460 Hard');
    assert.equal(declared('var minWindow = function(s, t) {\n'), '76 Hard');
    assert.equal(declared('class Solution:\n    def removePalindromeSub(self, s: str) -> int:\n'), '1332 Easy');
    // A hard problem's helper named like an easy problem's method: the hard one decides.
    assert.equal(
      declared(
        'class Solution:\n    def isPalindrome(self, w):\n        pass\n    def palindromePairs(self, words):\n',
      ),
      '336 Hard',
    );
    // Calls are not declarations; outside a Solution class a method names nothing; an easy JavaScript stub neither.
    assert.equal(
      declared('class Solution:\n    def solve(self, s):\n        return removePalindromeSub(s)\n'),
      undefined,
    );
    assert.equal(
      declared(
        'class Solution {\n  int solve(int[][] m) {\n    maxIncreasingCells(m);\n    int x = maxIncreasingCells(m);\n',
      ),
      undefined,
    );
    assert.equal(declared('class Solution:\n    def solve(self, m):\n        self.maxIncreasingCells(m)\n'), undefined);
    assert.equal(declared('def maxIncreasingCells(mat):\n    pass\n'), undefined);
    assert.equal(declared('var removePalindromeSub = function(s) {\n'), undefined);
    // A method several problems of every band declare names none.
    assert.equal(declared('class Solution:\n    def maxProfit(self, prices):\n'), undefined);
  });

  it('sends a buggy solution of a hard LeetCode problem to the reasoner on its method alone', () => {
    const code =
      'class Solution {\n    public int maxIncreasingCells(int[][] mat) {\n        return mat.length;\n    }\n}\n';
    const c = classify(req('fix', "this doesn't pass the tests, fix it", code, 'java'));
    assert.equal(c.tier, 'reasoner');
    assert.match(c.reason, /a problem LeetCode rates Hard \(2713\. Maximum Strictly Increasing Cells in a Matrix\)/);
    assert.equal(
      classify(req('fix', "this doesn't pass the tests, fix it", code, 'java'), { knownProblems: false }).tier,
      'coder',
    );
    // Only the selection's opening is read, as by every other reader of it: a class 8,000 characters in names nothing.
    const late = `${'int x = 1;\n'.repeat(800)}${code}`;
    assert.ok(!classify(req('fix', 'fix it', late, 'java')).signals.some((x) => x.startsWith('named-')));
  });

  it('a solution selected and asked to be explained is read as code, not as its hard problem to solve', () => {
    const code =
      'class Solution {\n    public int maxIncreasingCells(int[][] mat) {\n        return mat.length;\n    }\n}\n';
    for (const instruction of ['what does this function return?', 'explain what this does'])
      assert.equal(classify(req('ask', instruction, code, 'java')).tier, 'cheap', instruction);
    // Asked to solve it, to find what is wrong or to make it faster, the problem it declares still counts.
    for (const instruction of ['how do I solve this?', 'why is this wrong?', 'is there a faster way?'])
      assert.equal(classify(req('ask', instruction, code, 'java')).tier, 'reasoner', instruction);
  });

  it("places an AtCoder task by its contest and letter, from the task's id or as people write it", () => {
    const task = (instruction: string, spec = ''): string | undefined => {
      const p = namedProblem(instruction, spec);
      return p?.site === 'AtCoder' ? `${p.task} ${p.band}` : undefined;
    };
    assert.equal(task('abc244_g: WA. fix'), 'abc244_g Hard');
    assert.equal(task('My solution to AtCoder agc066_b gives the wrong answer on some tests.'), 'agc066_b Hard');
    assert.equal(task('AtCoder ARC 175 D, my code TLEs'), 'arc175_d Hard');
    assert.equal(task('how do I solve ABC300 Ex?'), 'abc300_ex Hard');
    assert.equal(task('abc240_a: WA. fix'), 'abc240_a Easy');
    assert.equal(task('', '# abc292_c\nN = int(input())'), 'abc292_c Easy');
    // The middle of each contest is left to the other evidence.
    for (const t of ['abc358_f', 'abc250_e', 'arc150_c', 'agc064_a'])
      assert.equal(namedProblem(`${t}: WA. fix`, ''), undefined, t);
    // Written loosely, a task needs the site or a request to solve it; quoted, it is data.
    assert.equal(task('the abc 300 g column is empty'), undefined);
    assert.equal(task('why does the parser reject "abc123_a"?'), undefined);
  });

  it('sends a hard AtCoder task to the reasoner and holds an opening one back', () => {
    const hard = classify(req('fix', 'abc244_g: WA. fix', 'int main(){int n;cin>>n;cout<<n;}', 'cpp'));
    assert.equal(hard.tier, 'reasoner');
    assert.match(hard.reason, /one of an AtCoder contest's hard problems \(ABC244 G\), named in the request/);
    assert.ok(hard.signals.includes('named-hard:atcoder-abc244_g'));
    const easyTask = req(
      'ask',
      'AtCoder abc300_a: why is my solution too slow for n up to 2*10^5 queries modulo 998244353?',
    );
    assert.notEqual(classify(easyTask).tier, 'reasoner');
    assert.equal(classify(easyTask, { knownProblems: false }).tier, 'reasoner');
  });

  it('names a Codeforces problem by its id or its page, with the band its rating gives', () => {
    const task = (instruction: string): string | undefined => {
      const p = namedProblem(instruction, '');
      return p?.site === 'Codeforces' ? `${p.task} ${p.band}` : undefined;
    };
    // 1924E is rated 3100, 1764A 800, 1700D 1900 (Medium: left to the other evidence).
    assert.equal(task('how do I solve CF 1924E?'), '1924E Hard');
    assert.equal(task('codeforces 1924 E: what is the idea?'), '1924E Hard');
    assert.equal(task('cf1924e keeps getting WA on test 3'), '1924E Hard');
    assert.equal(task('https://codeforces.com/contest/1924/problem/E how to approach'), '1924E Hard');
    assert.equal(task('see codeforces.com/problemset/problem/1924/E'), '1924E Hard');
    assert.equal(task('my solution to 1924E on codeforces gets TLE'), '1924E Hard');
    assert.equal(task('Codeforces 1764A, what is the trick?'), '1764A Easy');
    assert.equal(task('how do I solve Codeforces 1700D?'), undefined);
    // "cf." refers the reader elsewhere; a bare id needs the site and a request to solve it; quoted, it is data.
    assert.equal(task('the result holds (cf. 1924 E of the appendix)'), undefined);
    assert.equal(task('the 1924E printer model on codeforces hardware'), undefined);
    assert.equal(task('why does my regex reject "CF 1924E"?'), undefined);
    const hard = classify(req('ask', 'how do I solve CF 1924E?'));
    assert.equal(hard.tier, 'reasoner');
    assert.match(hard.reason, /a problem Codeforces rates 2100 or harder \(1924E\), named in the question/);
    assert.ok(hard.signals.includes('named-hard:codeforces-1924E'));
    assert.notEqual(classify(req('ask', 'how do I solve CF 1924E?'), { knownProblems: false }).tier, 'reasoner');
  });

  it("places a problem by the contest level named in its place: a Codeforces division's letter, USACO's division, an olympiad", () => {
    const level = (instruction: string): string | undefined => {
      const p = namedProblem(instruction, '');
      return p?.level ? `${p.site} ${p.level} ${p.band}` : undefined;
    };
    assert.equal(level('Codeforces Round 900 (Div. 2) E, how to solve?'), 'Codeforces Div. 2 E Hard');
    assert.equal(level("div2 E from last night's codeforces round, any hints?"), 'Codeforces Div. 2 E Hard');
    assert.equal(level('Problem C of Div. 1 in round 1924, the idea?'), 'Codeforces Div. 1 C Hard');
    assert.equal(level('Codeforces Round 890 Div 2 A, why WA?'), 'Codeforces Div. 2 A Easy');
    assert.equal(level('How to solve USACO 2019 December Gold Problem 1 Milk Pumping?'), 'USACO Gold Hard');
    assert.equal(level('usaco bronze problem "Shell Game", the idea?'), 'USACO Bronze Easy');
    assert.equal(level('how do I solve IOI 2011 Race?'), 'Olympiad IOI Hard');
    assert.equal(level('ICPC World Finals 2021 problem A approach'), 'Olympiad ICPC World Finals Hard');
    // The middle of a round and USACO Silver are left to the other evidence.
    assert.equal(level('Codeforces Round 900 (Div. 2) C, how to solve?'), undefined);
    assert.equal(level('USACO Silver "Moo Buzz" help'), undefined);
    // HTML's div, a medal and an acronym in passing name no contest.
    assert.equal(level('my div 2 columns overflow on the contest page, CSS fix?'), undefined);
    assert.equal(level('what does <div 2 a> mean in this template?'), undefined);
    assert.equal(level('the gold medal class of our contest leaderboard'), undefined);
    assert.equal(level('is IOI a valid Roman numeral?'), undefined);
    const hard = classify(req('ask', 'Codeforces Round 900 (Div. 2) E, how to solve?'));
    assert.equal(hard.tier, 'reasoner');
    assert.match(hard.reason, /a problem from the hard end of a Codeforces round \(Div\. 2 E\), named in the question/);
    assert.ok(hard.signals.includes('named-hard:codeforces-div2e'));
    assert.equal(classify(req('ask', 'USACO Platinum: how do I approach Cow Land?')).tier, 'reasoner');
  });

  it('can be turned off for held-out evaluation', () => {
    const r = req('ask', 'how do I solve Median of Two Sorted Arrays in python?');
    assert.notEqual(classify(r, { knownProblems: false }).tier, 'reasoner');
    assert.ok(!classify(r, { knownProblems: false }).signals.some((s) => s.startsWith('named-')));
  });
});
