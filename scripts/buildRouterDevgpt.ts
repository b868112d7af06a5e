// Rebuilds the devgpt routing source: the first prompt developers typed into ChatGPT in conversations they shared on
// GitHub (issues, pull requests, commits, code files, discussions) and Hacker News, from DevGPT (Xiao et al., "DevGPT:
// Studying Developer-ChatGPT Conversations", MSR 2024 mining challenge, NAIST-SE/DevGPT). Read from local snapshots
// (the search tool's `fetch` puts them under /work/.mirror/OWNER+NAME/repo; override with FRUGAL_MIRRORS=dir):
// - NAIST-SE/DevGPT keeps its *_sharings.json snapshots as Git LFS pointers (the text is not in the git objects), but
//   commits ChatGPT_Link_Sharing.csv per snapshot: each shared link with where it was mentioned (source kind, URL,
//   author). That gives every row its provenance.
// - jayywiz/SE_Mining-Challenge24 commits jsonFiles/filteredJSON<k>.json: DevGPT ChatgptSharing objects (URL, Title,
//   Model, Conversations[{Prompt, Answer}]) of the 2023-07-27 snapshot, 100 a file, HTMLContent and Mention dropped,
//   UTF-16 as PowerShell writes it. Some of those blobs are absent from the snapshot; the rest hold 1,074 shares.
//   npx tsx scripts/buildRouterDevgpt.ts           (writes the cache, the ids file and its SOURCES.json entry)
//   npx tsx scripts/buildRouterDevgpt.ts --dump    (prints the sampled prompts still to label, for labelling)
// Neither repository states a licence for the conversation text (the prompts are the ChatGPT users' own words), so, as
// for github-questions, the repository keeps only ids, URLs, labels and a SHA-256 of each prompt
// (test/data/external/devgpt.ids.jsonl); the text goes to the local cache .cache/router-questions/devgpt.jsonl (or the
// first directory of FRUGAL_QUESTIONS_CACHE_OUT), which is not committed. Without it the source is skipped.
// Sampling: the shares sorted by FNV-1a hash of the share id, taken in that order into per-source quotas (at most two
// a mentioning repository (Hacker News: a thread), no repeated prompt), skipping empty prompts, prompts over 6,000 characters and prompts not
// in English; the labeller then skips by hand what is not a programming request. Labels are given by hand below, one
// per share id, with the rule strings of github-questions, by reading the prompt, never from the router's output.
import { join } from 'node:path';
import { parseDelimited } from './buildRouterSoQuestions';
import { RULE_TIERS, ruleTexts, type Tier } from './routerQuestionRules';
import { gitBuf, hash, writeIdsSource } from './snapshots';

const root = join(__dirname, '..');
const outDir = join(root, 'test', 'data', 'external');
const cacheDir = process.env.FRUGAL_QUESTIONS_CACHE_OUT ?? join(root, '.cache', 'router-questions');
const NAME = 'devgpt';
const DEVGPT = 'NAIST-SE/DevGPT';
const TEXT_REPO = 'jayywiz/SE_Mining-Challenge24';
const MAX_CHARS = 6000;

/** Rows per kind of place the share was mentioned, at most (commits and Hacker News threads run out first). */
const QUOTA: Record<string, number> = {
  issue: 42,
  'pull request': 36,
  commit: 25,
  'code file': 37,
  discussion: 10,
  'hacker news': 10,
};
/** A share mentioned in several places counts under the first of these it has. */
const KIND_ORDER = ['discussion', 'commit', 'pull request', 'issue', 'hacker news', 'code file'];
const PER_REPO = 2;

type Task = 'ask' | 'generate' | 'fix' | 'explain' | 'tests' | 'refactor' | 'document';
type Label = { skip: string } | { rule: string; task?: Task; languageId?: string; acceptable?: Tier[] };

// LABELS_BEGIN
const LABELS: Record<string, Label> = {
  'be8b296a-4ae6-483a-bf80-24ef945e511a': { rule: 'concept' },
  '9bb9c3d1-c6b1-4a64-88c2-85ae24db20fc': { rule: 'concept-only' },
  'd9284035-0820-4a5c-9e54-a7c411264785': { rule: 'concept' },
  'cc7ab8cf-840f-40e3-bcdd-201549a7dbfb': { rule: 'generate-spec', task: 'generate', languageId: 'javascript' },
  '0e274de9-1fb8-440b-888c-eae48da8e731': { skip: 'not programming (freight logistics)' },
  '0514eecc-9214-49db-9598-093dbbb5a588': { rule: 'concept' },
  '52ec1b57-ec1b-4b4c-b31d-70d6baee1a09': { skip: 'not programming (history)' },
  'dedf126a-f026-4265-8090-581aefe6bbaa': { rule: 'concept', languageId: 'go' },
  'd9b0fdc4-036a-4412-8248-62e4cc63ffc9': { rule: 'concept-only' },
  '0caded44-c5e0-403a-89f4-574ceae1a749': { rule: 'error-fix-cheap', task: 'fix', languageId: 'kotlin' },
  'ad77e5fc-1fdb-4ba0-b7d1-38cef1d1bd6b': { rule: 'concept' },
  '2bfd7c50-284c-48f6-b6d3-816d21ab7c55': { skip: 'not programming (news article)' },
  '0e612eb8-d13d-4887-962b-e3da3f486ce6': { skip: 'not programming (hardware parts)' },
  '24eacd69-b0f3-42c0-905d-77e9559b477b': { rule: 'concept' },
  '03794646-0c13-4a5f-baf4-e12dfc6a0cc7': { skip: 'not programming (freight logistics)' },
  '9f1be574-9ab0-44cb-93e8-8f56342d2b01': { rule: 'generate-spec', task: 'refactor', languageId: 'shellscript' },
  '66169853-d00a-4b05-abce-8f82c6d8c868': { skip: 'not programming' },
  '791089c3-a652-4394-bc48-e540a623f98d': { skip: 'not programming (IT policy document)' },
  '8376e070-4699-4e88-9786-5405ab58f7dc': { rule: 'concept' },
  '78f1d49b-2b20-4b92-814d-7149b6c39f22': { rule: 'concept' },
  'f41e62a3-9c13-4fca-8749-0b4325731b64': { rule: 'generate-spec', task: 'refactor', languageId: 'javascript' },
  'ccefa576-b0af-49bf-8981-72bf78b45d69': { rule: 'generate-spec', task: 'generate', languageId: 'python' },
  '4cad3f90-207b-4a54-8264-b3de88c23a92': { rule: 'concept-only' },
  'd07a7a4c-cebc-4f4b-b619-d9b39db230ba': { skip: 'not programming (story)' },
  'fbf98147-3987-4d75-b7c5-52b67a1048a6': { rule: 'generate-spec', task: 'refactor', languageId: 'python' },
  '73f29bc2-bbfe-43f1-a3a7-a3ce82a299c3': { skip: 'not programming (film dialogue)' },
  '7538b618-c08d-45b7-a4ed-bb168e9c1eb0': { rule: 'concept', task: 'document', languageId: 'shellscript' },
  'd6966012-0d96-4511-b96e-086b8001837f': { rule: 'concept' },
  '0b26f548-9912-44fc-816c-fe06d157b4d7': { rule: 'concept' },
  '8bd33825-e8c6-447f-b86e-5827453f3448': { rule: 'concept' },
  'fc28639c-8646-4d3d-8f80-9d370373282c': { skip: 'not programming (essay)' },
  '27ee3cb7-c381-470a-8c8e-1c4df0641e98': { rule: 'design-light' },
  'b61ad56e-05cc-4c61-93fb-0ed0221f6b13': { rule: 'generate-spec', task: 'generate', languageId: 'python' },
  'f35a1b48-461c-4dd6-bd44-f19d0fdbe45c': { rule: 'subtle-deterministic' },
  '70008423-eb0a-468d-a35e-f1197cd341a0': { skip: 'not programming (market analysis)' },
  '8f2bed4d-baa1-497f-b17a-512ab78ee3c7': { rule: 'algorithm', languageId: 'go' },
  '766c237d-2ef0-4e0b-9ef4-9e54d5292e08': { skip: 'not a programming request (an LLM extraction prompt)' },
  '87c7df76-c693-4446-b8ce-817ac5435880': { skip: 'not programming (word game)' },
  '887b7507-e63e-4153-b27f-3e1f81a07e3c': { skip: 'not programming (translation persona)' },
  '87cda538-1f5f-4d28-96ac-6285e3583ab7': { skip: 'not programming (lesson persona)' },
  '1643854b-ee67-4b92-8f6a-57d85566ed77': { rule: 'concept' },
  '0f34e961-bea3-4d1b-8b4f-c9b9e37ffe6c': { rule: 'design-light' },
  '18b56881-85a8-4fce-9fe2-17e3c3834638': { rule: 'concept-only' },
  '2c4b0dba-429c-4c33-8e21-07f2ff837f54': { rule: 'concept' },
  '02820dd7-fb7b-4db0-90f9-3d3c11f571c4': { rule: 'generate-spec', task: 'generate', languageId: 'python' },
  'c2ce8b0a-5fa3-4871-ae5a-7fb46a16ce6a': { rule: 'concept' },
  'faf02ed9-b126-4a25-992c-625d1e0ec86a': { skip: 'not programming' },
  'e1ad569f-4d4d-4057-8564-0d79a8fa4426': { rule: 'design-light' },
  '2141682a-9089-4e5e-bfc8-790dd16f68f0': { rule: 'concept-only' },
  '41bb2374-1c31-4d47-bf22-ba94b8fd8df3': { rule: 'concept' },
  '9a7f804d-29f9-4219-90c0-c85ce1b07cd2': { rule: 'generate-spec', task: 'generate', languageId: 'shellscript' },
  '5add2125-221e-4035-8cf3-04d711420b00': { rule: 'concept', languageId: 'css' },
  'bce6ee2f-604a-413a-b14a-7145b8a0d77e': { rule: 'concept-only' },
  '11592347-ce8c-40b0-aaa8-022ea774561d': { rule: 'subtle-deterministic', task: 'fix', languageId: 'swift' },
  '305dc3d9-dbb3-4d9c-bf3d-c1a0f98a2ebc': { rule: 'generate-spec', task: 'generate', languageId: 'elixir' },
  'bb9db3f2-25c7-4c96-b1e3-631bbe4494c3': { rule: 'generate-spec', task: 'generate', languageId: 'typescript' },
  'a9e4fb74-5366-4c4c-9998-d6caeb8b5acc': { rule: 'concept' },
  '6f407e0b-7a8a-447c-a41f-9740d33c305f': { skip: 'not programming (arithmetic puzzle)' },
  'eaaf4d70-ae82-472f-a136-2ae047d52137': { skip: 'not programming (travel)' },
  'ec117736-3e41-46ff-bd0f-aedb193e9918': { skip: 'not programming (language puzzle)' },
  'f868ed70-e3bd-4809-9226-2526c7a5d6cd': { rule: 'concept' },
  '0437ab73-5f26-4a04-8536-626a73d56166': { skip: 'not programming (translation)' },
  'b46e3f3e-9c29-47d0-a83e-d8abe7bbd00d': { rule: 'generate-spec', task: 'refactor', languageId: 'html' },
  '4fe883a7-5b0f-46a5-a168-3e21a61e6521': { rule: 'concept' },
  '3d2bf516-5169-40c4-bc78-0c427eaf3aff': { rule: 'concept', languageId: 'ruby' },
  '72d490a9-2b2a-4120-9bb0-3a59d417a41e': { rule: 'concept' },
  '1e32601b-3ca7-400c-a1db-1fcbe3d652e7': { rule: 'concept-only' },
  '62aa46ca-9f23-4eb6-8f31-e45ce9add14b': { rule: 'generate-spec', task: 'generate', languageId: 'yaml' },
  '3461da01-6e49-4324-9ece-cc2be1134f04': { rule: 'concept-only' },
  '7027f7ef-a30a-4ffe-9f6b-7a7959657ce6': { rule: 'concept' },
  '47222295-450c-42fa-9fa7-4e71a68a1254': { rule: 'generate-spec', task: 'generate', languageId: 'javascript' },
  'e1f4926f-14c2-49d2-937e-3af9e65fc96c': { rule: 'concept' },
  'eabdea9e-e0df-4d50-a66d-55cc1f25e660': { skip: 'not programming (persona)' },
  'b99fc143-1870-4f94-b604-2fd4c56e9c49': { rule: 'subtle-deterministic', languageId: 'cpp' },
  'c25dfef8-14a4-4a66-b74f-6ada6be69ae2': { skip: 'not programming (poem)' },
  'e3923a53-91b0-4e29-baff-6a4548bedbde': { rule: 'concept' },
  '7089929a-32d3-4729-b1f6-40962f5c53c9': { skip: 'not programming (humanities)' },
  '31026c31-0583-4e16-ac87-ef34e1b94e62': { rule: 'generate-spec', task: 'generate' },
  '53b843d3-f2e0-46bd-a1dc-eeb44d4bd66d': { rule: 'concept' },
  '8d98842f-d802-4d26-b406-2f4a880a32c3': { rule: 'concept-only' },
  '147d7b5e-07d5-4107-9f5b-9040385efba3': { skip: 'not programming (translation)' },
  '704e616c-fe62-4b8e-9ab6-075678689e4b': { rule: 'generate-spec', task: 'generate', languageId: 'css' },
  '8f5c4faa-e583-4825-bbef-9a1b66504696': { rule: 'concept' },
  '76d0393b-2e6c-48d1-a878-fbf91dc8b6e2': { rule: 'generate-spec', task: 'generate', languageId: 'python' },
  'd0ce9b4e-2063-439f-a7ba-cb754b263026': { rule: 'concept-only' },
  'c9b839a8-d582-459a-8a66-8228d8e12e11': { rule: 'concept' },
  '77d5c38a-4e11-40c3-b827-6e1cb9eae291': { rule: 'generate-spec', task: 'generate', languageId: 'javascript' },
  'aec2922e-dbcc-4722-932d-9356984cdf26': { rule: 'concept-only' },
  '704e3274-e669-49b1-a108-2a10a1da2ca3': { rule: 'concept', task: 'document' },
  '0b7b9fec-30b4-40dd-b887-fb7328f303f2': { rule: 'concept-only' },
  'bb9fe10b-dbb6-4f65-83ab-9b22b92f5edb': { rule: 'concept-only' },
  '972081f0-cd06-4041-8f95-f66e78d5b420': { rule: 'concept' },
  '336be4fa-dd38-4d58-a40b-09334742e129': { rule: 'design-light' },
  'f372451b-1439-42ee-b5cb-a004e74030d0': { skip: 'not programming (ChatGPT feature question)' },
  '336b057b-3049-4246-a9d7-77231cc89785': { rule: 'generate-spec', task: 'generate', languageId: 'java' },
  '33867c63-5def-4c0a-9ad0-19317f737515': { rule: 'generate-spec', task: 'generate', languageId: 'python' },
  '56cc6f3c-6581-41f9-afa7-4021c9ef1b07': { rule: 'concept', task: 'explain', languageId: 'python' },
  'b4d2687f-0017-44bd-8dde-0a09bb846f4b': { skip: 'not programming (education theory)' },
  'c947b738-ee7d-419c-af90-bc84e90987da': { rule: 'concept' },
  '7f2d011a-a8da-4fa4-9c6d-e09102fdd49f': { rule: 'generate-spec', task: 'generate', languageId: 'shellscript' },
  '7ad3843f-e932-431a-b100-3fd59a8803f6': { skip: 'not a programming request (an LLM agent game prompt)' },
  '6c80950f-44a9-4fe5-aa86-84e66c815b07': { skip: 'not a programming request (an LLM few-shot prompt)' },
  'f7dd8f5d-fd99-4f18-8e56-ba4e21701a2b': { skip: 'not programming (translating language names)' },
  'c89a2b32-e45a-4134-9088-e28ba068f816': { skip: 'not programming (find a browser extension)' },
  '1c4bc8d5-a85d-45ca-82a1-12c2337828fc': { rule: 'concept', task: 'explain', languageId: 'python' },
  '0c93321b-b553-430f-a06f-a6c82f56e4ee': { rule: 'concept', languageId: 'typescript' },
  'f8f8e29e-3806-4d33-9d10-29ef7116e704': { rule: 'concept' },
  'a3634550-9752-479e-937a-b3db80c88449': { rule: 'error-fix-cheap', task: 'fix', languageId: 'python' },
  '97eebe66-3856-4ec7-957e-bb94bdeac347': { rule: 'concept' },
  '92d3c71d-be76-4821-8b98-9c73e6312ebf': { rule: 'concept' },
  'e635cf92-4fe8-43a2-b454-293317d89873': { rule: 'concept-only' },
  '17cb00bd-7a36-49d3-87c3-da00883850f4': { rule: 'concept' },
  'c2d66456-044e-4c7c-9ac8-f75e03647f6c': { rule: 'generate-spec', task: 'refactor', languageId: 'javascript' },
  '4555f0ea-1e7b-49f5-a18e-f7daba6ffb5f': { rule: 'generate-spec' },
  'd72e2304-dff0-4872-8ecf-387c57ef4f5e': { rule: 'security', languageId: 'csharp' },
  '1e0f86ff-2094-441c-994a-d797076edb22': { rule: 'concept' },
  'bc8b4986-1c22-4acb-9bfa-b435ce759336': { rule: 'concept' },
  '262e8d7d-657b-4a30-9f91-37dc85a8ec77': { skip: 'not programming (text to speech output)' },
  'a1bbd00d-c9d7-4846-a9af-12c6a475cd20': { rule: 'security' },
  '3a4e9c46-3d2f-4822-971f-dde938aa1685': { skip: 'not programming (Icelandic inflection data)' },
  'bb0d35d9-0239-492e-9ec2-49505aae202b': { skip: 'not programming (tutor persona)' },
  '1270fc0a-fb93-4638-822d-3d1619488027': { rule: 'concept-only' },
  'a1290070-0bfd-4539-82d1-30ab52ca7a34': { rule: 'design-light' },
  '3006a37a-2045-4591-b1e9-bb5c7fd7f2f6': { rule: 'error-fix-cheap', task: 'fix', languageId: 'typescriptreact' },
  '954082b4-d72d-4b5f-a0d1-4a2107705ddb': { rule: 'concept-only' },
  '99d2ebdc-613c-4a84-8281-bfc2fe82bc14': { rule: 'tests', task: 'tests', languageId: 'javascript' },
  'd2809bdd-7f19-4a03-9621-da1908e8e639': { rule: 'concept' },
  'b44935b7-e419-4dc1-b036-3b23abbbc399': { rule: 'generate-spec', task: 'refactor', languageId: 'shellscript' },
  'a41f5514-8ca7-48cf-b348-b0a995498971': { rule: 'concept' },
  '902cd378-3ebc-4e35-99ed-e63c7150c6ad': { rule: 'concept', languageId: 'python' },
  '92b7a453-70c1-4136-a3f4-bbaca159d34c': { rule: 'concept' },
  '77168701-1f4e-41f1-9867-dc747f5f5493': { rule: 'generate-spec', task: 'generate', languageId: 'javascript' },
  'cbb73f9e-e57f-4ace-8c1b-4d7fcc5e78b7': { rule: 'subtle-deterministic', languageId: 'csharp' },
  'c4f7579e-1e94-46e6-90cd-710999562a09': { rule: 'concept', task: 'document' },
  '3187fa95-2732-4fe8-95c0-539e259fc835': { rule: 'subtle-deterministic', languageId: 'solidity' },
  '9df39ba5-6779-4abf-9372-95535a97c4ff': { rule: 'generate-spec', task: 'generate' },
  'c89e041e-ea23-42f9-972f-8543f4407db7': { skip: 'no request (a role-play preamble)' },
  '67ff0200-dad4-48f2-884e-ccada57974f6': { skip: 'not programming (politics persona)' },
  'ab97b22f-d1e0-4fea-9cd7-2ad70223c88d': { rule: 'generate-spec' },
  '132f9bdd-f09c-4ffa-ae80-28c04d5fc484': { skip: 'not English (German instruction)' },
  '0f8a3cf0-8199-4d7e-81c4-b49c4b4f25e5': { rule: 'generate-spec', task: 'generate', languageId: 'javascript' },
  'd9eec2fb-35d1-4135-ae96-17738c69ee63': { rule: 'generate-spec', task: 'generate', languageId: 'shellscript' },
  '7a56efac-27c4-4bac-a3cd-e11588e66dfd': { rule: 'generate-spec', task: 'generate', languageId: 'javascript' },
  '3f347f56-d35f-41b2-bbf5-2d66fcd79475': { rule: 'design-light' },
  '76af53fb-7cc5-4f5c-acd5-7fd1c2ad26cf': { rule: 'generate-spec', task: 'generate', languageId: 'shellscript' },
  'd8e1b2a0-8413-4635-83e3-8ef3f7b65432': { rule: 'generate-spec', task: 'generate', languageId: 'python' },
  'be79a950-1231-4e55-aae0-2a90d8962d1d': { skip: 'not programming (project naming)' },
  '931e6a20-daca-44d6-b3f5-845ee488eb10': { skip: 'not programming (freight logistics)' },
  'd2c54cfc-fea5-48c1-8c52-d6449e133b21': { skip: 'not programming (freight logistics)' },
  '87571d06-2765-461d-83db-7957ab603663': { rule: 'concept' },
  'cd4e1edd-bd1c-4825-aac5-87a3e43b75d1': { rule: 'generate-spec', task: 'generate', languageId: 'ql' },
  '55056c2e-309e-4e02-bd42-18395c2e942d': { rule: 'generate-spec', task: 'generate', languageId: 'python' },
  'ddea7017-d056-424e-932d-6565870dde63': { rule: 'concept' },
  '2baa33aa-e79e-487a-8d0d-19bf706652a1': { skip: 'not programming (sailing)' },
  '4f75d8fa-7df6-4ccb-b2e4-c63f090ffc9c': { rule: 'concept', languageId: 'python' },
  '476fb915-6037-47dd-8c06-095fd2121988': { skip: 'not programming (fiction)' },
  '7dca0c72-bf2d-49c4-8ce7-f7dfb88b10b8': { rule: 'concept-only' },
  'd5d467f7-eaf8-4f8d-8b49-293c1aea6cc0': { rule: 'concept' },
  '2ee12586-5ca0-4272-9318-635191c0eb20': { rule: 'design-light' },
  '1aa69188-5ba0-4e1c-b983-2514918c7efe': { skip: 'not programming (arithmetic)' },
  'bc88b29b-7953-4861-88d0-9d3c65a43acf': { rule: 'concept' },
  '4fe63d18-f0bc-4e1c-b95c-e6db75b7fed0': { rule: 'generate-spec', task: 'generate', languageId: 'python' },
  'e2f71f0e-06d5-45ca-8aa1-6070cd6fbe8f': { rule: 'concept' },
  'e3ced12d-2934-4861-a009-e035bf6b52e3': { skip: 'not programming (history)' },
  'f8855a35-7076-43e6-bf9e-19de8b4328da': { rule: 'concept' },
  '599435fe-ac30-40db-b361-350ab782b73b': { skip: 'not a programming request (a bedtime-story jailbreak)' },
  'c30f92f3-461f-4441-9de3-f9affa239404': { rule: 'design-light', languageId: 'csharp' },
  '401d72e6-ce08-4c22-9cbf-edf237b275ad': { skip: 'not programming (poem)' },
  '50c8e7f0-eec8-42a7-9289-188e8b1251fe': { rule: 'generate-spec', task: 'generate', languageId: 'python' },
  'b4ab526c-0037-4fcc-b96e-7919e3e6e579': { rule: 'concept' },
  '94563ef8-29de-4a93-8693-69af585b5013': { rule: 'concept', task: 'document', languageId: 'python' },
  'd9663fef-18a4-48ca-9494-6ec11347075c': { rule: 'error-fix-cheap', task: 'fix', languageId: 'sql' },
  'bd3abd5c-85d7-4a80-be52-90207efb3eac': { rule: 'concurrency-known' },
  'f194daa6-1c52-4934-8b45-3907ab938954': { skip: 'not programming (translation)' },
  '562b3f00-7e7c-4a86-ba06-3f2602839353': { skip: 'not programming (translation)' },
  '1ee48447-8296-4a4f-9353-2d464d0f9188': { skip: 'not a programming request (an LLM agent game prompt)' },
  'c8094fa1-a703-4389-9929-dd02055abae7': { rule: 'concept-only' },
  '02ce3405-8cf0-4f57-9970-9e3a8443d165': { rule: 'concept-only' },
  'd301e419-afea-4c70-838e-ba1399c0440f': { skip: 'not programming (postal addresses)' },
  '0ed13a58-79b7-4f2d-b1fb-fe8434ec217a': { skip: 'not programming (freight logistics)' },
  'c9b4c188-f0d3-46fc-968d-145144f924b7': { rule: 'concept' },
  'edaf22cf-2529-4be6-96b3-35b4d4d36966': { skip: 'not programming (therapy persona)' },
  '6e00a1fa-f08c-4221-a48a-4076ae6e2423': { skip: 'not programming' },
  '65da6d7d-ea0c-482e-9155-e21f9f0c703e': { skip: 'not programming' },
  '8150302e-900a-4513-8e40-c7cac744983e': { skip: 'not programming (licence-key jailbreak)' },
  '2a82e086-024e-4b63-968d-7c8834c9642c': { rule: 'concept' },
  '6082f396-63c9-4d32-ab92-dbb505aecbac': { skip: 'not programming (translation)' },
  '714269d7-1801-4ced-8581-c640ffd7126a': { rule: 'concept-only' },
  '259b2ba2-46e2-4d57-a509-ec07c2ce4e4a': { skip: 'not a programming request (an LLM agent game prompt)' },
  '3623f961-f8b7-41a7-9cf2-82c7ebd871ea': { skip: 'not programming (freight logistics)' },
  '4ea501ec-0f92-4a4f-8494-34401c51402d': { skip: 'not a programming request (a prompt-crafting persona)' },
  'b083b98d-6904-4c85-94fc-abdc76a22038': { skip: 'not programming (law)' },
  '842361c7-7ee5-49a3-9388-4af7c55bbddc': { rule: 'generate-spec', task: 'generate', languageId: 'c' },
  '0d922193-b9b6-4d51-85e8-d31c0594a766': { rule: 'concept', languageId: 'rust' },
  '261034ff-f5d5-404c-b354-c9d58e3af509': { skip: 'not programming (writing style game)' },
  '084a9c22-efea-4ad8-93e3-f2c67ca6e66e': { rule: 'concept' },
  'e6f25816-9949-460b-ac7e-50945be64d64': { rule: 'concept-only' },
  'a59c3f53-2fef-4c04-8f03-79441991cb32': { skip: 'not programming (freight logistics)' },
  '5dbe0a78-a22b-41bb-be33-38d3b9dbc1f2': { skip: 'not programming (fiction)' },
  'c7ed951e-99b2-4009-ae00-76e11a626fa6': { skip: 'not programming (arithmetic)' },
  'c5cc8cb6-ebb5-45eb-9476-ef85a601cd0b': { rule: 'concept' },
  'bf388ef3-a0d6-42ed-a483-496290c7a406': { rule: 'perf', task: 'refactor', languageId: 'javascript' },
  '2ecb11c6-6e84-44ee-a388-47592e1cdf26': { rule: 'generate-spec' },
  '3745dbcd-5be5-4af9-ae34-36845b2f3bc1': { skip: 'not programming (arithmetic)' },
  '7dd61596-c83a-4c24-98f2-b39b3e63e656': { skip: 'not programming (politics data)' },
  '929e68a3-9c67-44c8-8fbc-b555c15b7c7e': { skip: 'not programming (puzzle)' },
  '94ef3004-f944-4fc6-bbe5-597d54cc737c': { skip: 'not programming (fiction)' },
  '133799ec-507d-4d81-88fc-bf23ea1aa0b5': { skip: 'not programming (arithmetic)' },
  'fa132511-e512-46d7-a1de-ea82f56f9966': { rule: 'generate-spec', languageId: 'typescript' },
  '79af9ebb-91aa-4bbf-be5f-eea18882d52d': { skip: 'no request (a role-play preamble)' },
  '5902e517-ba2b-4cfa-b15d-7178a706e361': { skip: 'not programming (company history)' },
  '8731673c-4b66-4645-a1d8-17af2a3a5a19': { rule: 'concept' },
  '2b0fd29d-9d28-4fe7-a039-ee3084803192': { rule: 'concept' },
  '9c9bdec2-3c94-47b1-9233-32c3da3fa31d': { rule: 'concept' },
  '07630b06-2d96-4ef8-be7b-d32208922f39': { rule: 'generate-spec', task: 'generate' },
  '776c0d11-1a6c-4005-8ff7-9ea63f765b74': { rule: 'concept' },
  'e9555822-4ffb-4845-8e40-0bc6cbbc658d': { rule: 'concept' },
  '0c7588ee-b13b-41e3-b169-c1e587fcbb72': { rule: 'algorithm', languageId: 'typescript' },
  'd072619d-6c1e-4f43-9549-711713cf33d9': { skip: 'not programming (translation)' },
  '39715fb6-f3f8-4a71-9db5-6fe23fbcacd7': { skip: 'not programming (fiction)' },
  '7c46a3bd-efa8-49e9-8018-554e1ebf18f8': { skip: 'not programming (fiction)' },
  '0282ace9-252b-4af5-84f4-c0ed7f802f4f': { skip: 'not programming (grammar)' },
  '529d2616-9045-42c1-90ee-dc1159127630': { rule: 'concept', languageId: 'cpp' },
  '0e2d652e-09a6-4cba-a766-dcf2c6262117': { skip: 'not programming (company history)' },
  '065c4563-3e52-4520-a8f2-c9b494023f4e': { rule: 'concept', task: 'document' },
  '367fd09d-79cb-4683-a179-e253a8b468f3': { rule: 'concept', task: 'explain' },
};
// LABELS_END

interface Mention {
  kind: string;
  url: string;
  author: string;
  snapshot: string;
}
interface Share {
  id: string;
  url: string;
  title: string;
  model: string;
  prompts: number;
  prompt: string;
  path: string;
  mentions: Mention[];
}

/** Every shared link DevGPT lists, with the places it was mentioned (all snapshots). */
function mentions(commit: string): Map<string, Mention[]> {
  const out = new Map<string, Mention[]>();
  const files = gitBuf(DEVGPT, 'ls-tree', '-r', '--name-only', commit)
    .toString()
    .split('\n')
    .filter((p) => p.endsWith('/ChatGPT_Link_Sharing.csv'));
  for (const p of files)
    for (const r of parseDelimited(gitBuf(DEVGPT, 'show', `${commit}:${p}`).toString('utf8'), ',')) {
      const list = out.get(r.URL) ?? [];
      if (!list.some((m) => m.url === r.MentionedURL && m.kind === r.MentionedSource))
        list.push({
          kind: r.MentionedSource,
          url: r.MentionedURL,
          author: r.MentionedAuthor,
          snapshot: p.split('/')[0],
        });
      out.set(r.URL, list);
    }
  return out;
}

/** The shares whose conversation text jayywiz/SE_Mining-Challenge24 kept (blobs absent from the snapshot skipped). */
function shares(commit: string, where: Map<string, Mention[]>): Share[] {
  const out = new Map<string, Share>();
  const listing = gitBuf(TEXT_REPO, 'ls-tree', '-r', '-l', commit, 'jsonFiles').toString().split('\n');
  for (const line of listing) {
    const m = /^\d+ blob ([0-9a-f]+)\s+(\d+)\t(.+)$/.exec(line);
    if (!m) continue;
    let raw: Buffer;
    try {
      raw = gitBuf(TEXT_REPO, 'cat-file', 'blob', m[1]);
    } catch {
      continue;
    }
    const text = raw[0] === 0xff && raw[1] === 0xfe ? raw.subarray(2).toString('utf16le') : raw.toString('utf8');
    const objs = JSON.parse(text.replace(/^\uFEFF/, '')) as Array<{
      URL: string;
      Status: number;
      Title?: string;
      Model?: string;
      NumberOfPrompts?: number;
      Conversations?: Array<{ Prompt?: string }>;
    }>;
    for (const o of objs) {
      if (o.Status !== 200 || out.has(o.URL)) continue;
      const id = /\/share\/([0-9a-f-]{36})$/.exec(o.URL)?.[1];
      if (!id) continue;
      out.set(o.URL, {
        id,
        url: o.URL,
        title: o.Title ?? '',
        model: o.Model ?? '',
        prompts: o.NumberOfPrompts ?? o.Conversations?.length ?? 0,
        prompt: (o.Conversations?.[0]?.Prompt ?? '').trim(),
        path: m[3],
        mentions: where.get(o.URL) ?? [],
      });
    }
  }
  return [...out.values()];
}

const EN = new Set(
  'the a an to of and is are in on it this that for with how what why can could should i my me you your we not do does be have from if or but when which there use using want need get make'.split(
    ' ',
  ),
);
const OTHER = new Set(
  'de la el los las que y en un una es por para con del se lo como pero más não um uma são com der die das und ist nicht ich ein eine mit für auf le les des du est pas je une avec pour dans il di che per non sono het een van ik niet'.split(
    ' ',
  ),
);

/** Why a prompt is left out before anyone reads it, or undefined. */
export function autoSkip(prompt: string): string | undefined {
  if (!prompt) return 'empty';
  if (prompt.length > MAX_CHARS) return 'over 6,000 characters';
  const letters = prompt.match(/\p{L}/gu)?.length ?? 0;
  const latin = prompt.match(/\p{Script=Latin}/gu)?.length ?? 0;
  if (letters && (letters - latin) / letters > 0.05) return 'not English';
  const words = prompt.toLowerCase().match(/[\p{L}']+/gu) ?? [];
  const en = words.filter((w) => EN.has(w)).length;
  const other = words.filter((w) => OTHER.has(w)).length;
  if (other > en) return 'not English';
  return undefined;
}

function kindOf(s: Share): string {
  return KIND_ORDER.find((k) => s.mentions.some((m) => m.kind === k)) ?? 'unknown';
}
function mentionOf(s: Share): Mention | undefined {
  const kind = kindOf(s);
  return s.mentions.find((m) => m.kind === kind);
}
function repoOf(m: Mention | undefined): string {
  if (!m) return '';
  if (m.kind === 'hacker news') return m.url;
  return /^https:\/\/github\.com\/([^/]+\/[^/#?]+)/.exec(m.url)?.[1] ?? new URL(m.url).host;
}

/** The sample in hash order: labelled rows, and (for --dump) the shares still to label. */
function sample(all: Share[]): { rows: Share[]; unlabelled: Share[] } {
  const byKind: Record<string, number> = {};
  const perRepo = new Map<string, number>();
  const seen = new Set<string>();
  const rows: Share[] = [];
  const unlabelled: Share[] = [];
  for (const s of [...all].sort((a, b) => hash(a.id) - hash(b.id) || (a.id < b.id ? -1 : 1))) {
    const kind = kindOf(s);
    if ((byKind[kind] ?? 0) >= (QUOTA[kind] ?? 0)) continue;
    if (autoSkip(s.prompt)) continue;
    const key = s.prompt.toLowerCase().replace(/\s+/g, ' ').slice(0, 300);
    if (seen.has(key)) continue;
    const repo = repoOf(mentionOf(s));
    if ((perRepo.get(repo) ?? 0) >= PER_REPO) continue;
    const label = LABELS[s.id];
    if (label && 'skip' in label) continue;
    seen.add(key);
    perRepo.set(repo, (perRepo.get(repo) ?? 0) + 1);
    byKind[kind] = (byKind[kind] ?? 0) + 1;
    (label ? rows : unlabelled).push(s);
  }
  return { rows, unlabelled };
}

function main(): void {
  const devgptCommit = gitBuf(DEVGPT, 'rev-parse', 'HEAD').toString().trim();
  const textCommit = gitBuf(TEXT_REPO, 'rev-parse', 'HEAD').toString().trim();
  const all = shares(textCommit, mentions(devgptCommit));
  const { rows: picked, unlabelled } = sample(all);
  if (process.argv.includes('--dump')) {
    for (const s of unlabelled) {
      const m = mentionOf(s);
      const p = s.prompt.length > 1800 ? `${s.prompt.slice(0, 1400)}\n[...]\n${s.prompt.slice(-400)}` : s.prompt;
      console.log(`=== ${s.id} [${kindOf(s)} ${repoOf(m)}] ${s.prompt.length} chars, ${s.title}\n${p}\n`);
    }
    const kinds: Record<string, number> = {};
    for (const s of picked) kinds[kindOf(s)] = (kinds[kindOf(s)] ?? 0) + 1;
    console.error(`${unlabelled.length} to label, ${picked.length} labelled ${JSON.stringify(kinds)}`);
    return;
  }
  if (unlabelled.length) throw new Error(`${unlabelled.length} sampled shares have no label (run with --dump)`);
  const unused = Object.keys(LABELS).filter((id) => !all.some((s) => s.id === id));
  if (unused.length) throw new Error(`labels for shares not in the snapshot: ${unused.join(', ')}`);
  const rules = ruleTexts(outDir);
  const rows: Array<{ instruction: string; selection: string }> = [];
  const counts: Record<string, number> = {};
  for (const s of picked) {
    const label = LABELS[s.id] as Exclude<Label, { skip: string }>;
    const tiers = RULE_TIERS[label.rule];
    const ruleText = rules.get(label.rule);
    if (!tiers || !ruleText) throw new Error(`share ${s.id}: unknown rule ${label.rule}`);
    const acceptable = label.acceptable ?? tiers.acceptable;
    if (!acceptable.includes(tiers.expect)) throw new Error(`share ${s.id}: ${tiers.expect} not in ${acceptable}`);
    counts[tiers.expect] = (counts[tiers.expect] ?? 0) + 1;
    const m = mentionOf(s)!;
    const row = {
      id: `devgpt-${s.id}`,
      task: label.task ?? 'ask',
      languageId: label.languageId ?? 'plaintext',
      instruction: s.prompt,
      selection: '',
      expect: tiers.expect,
      acceptable,
      source: {
        repo: TEXT_REPO,
        path: s.path,
        commit: textCommit,
        url: s.url,
        kind: `first prompt of a ChatGPT conversation shared in a ${m.kind}`,
        mentionedIn: m.url,
        ...(m.author ? { author: m.author } : {}),
        dataset: `${DEVGPT}@${devgptCommit} (${m.snapshot}/ChatGPT_Link_Sharing.csv)`,
      },
      labelRule: ruleText,
      meta: { rule: label.rule, mentionedKind: m.kind, repo: repoOf(m), model: s.model, prompts: s.prompts },
    };
    rows.push(row);
  }
  const kinds: Record<string, number> = {};
  for (const s of picked) kinds[kindOf(s)] = (kinds[kindOf(s)] ?? 0) + 1;
  writeIdsSource(NAME, { outDir, cacheDir }, rows, (n) => ({
    file: `${NAME}.ids.jsonl`,
    rows: n,
    repo: `${DEVGPT} (dataset, mentions); ${TEXT_REPO} (conversation text of the 2023-07-27 snapshot)`,
    commit: `${DEVGPT}@${devgptCommit}; ${TEXT_REPO}@${textCommit}`,
    licence:
      'none stated (NAIST-SE/DevGPT has no LICENSE file and its README grants none; the prompts are the ChatGPT users\u2019 own words): text not stored; ids, share URLs and labels only',
    note: `DevGPT (Xiao, Treude, Hata, Matsumoto: "DevGPT: Studying Developer-ChatGPT Conversations", MSR 2024 mining challenge; github.com/NAIST-SE/DevGPT, doi:10.5281/zenodo.10086809): the first prompt of ChatGPT conversations developers shared on GitHub and Hacker News, as the instruction under the task its wording asks for (${Object.entries(
      kinds,
    )
      .map(([k, n]) => `${n} ${k}`)
      .join(
        ', ',
      )}). The conversation text comes from ${TEXT_REPO} (DevGPT share objects of the 2023-07-27 snapshot, re-saved by its author) and each share's mention from DevGPT's ChatGPT_Link_Sharing.csv. Sampled by FNV-1a hash of the share id into per-source quotas, at most ${PER_REPO} a mentioning repository; empty, non-English and over-6,000-character prompts skipped, and ${Object.values(LABELS).filter((l) => 'skip' in l).length} more read and skipped by hand (not a programming request, or not English). The prompt text is kept in the local cache (.cache/router-questions/devgpt.jsonl, rebuilt by scripts/buildRouterDevgpt.ts from the two snapshots); this file keeps each row's share URL, mention, task, labels, rule and a SHA-256 of the text.`,
    labelRule:
      'Per row (meta.rule), by hand, with the rule strings of github-questions: conceptual/how-to/configuration or what an error means -> cheap; a stated error with the code at hand and a clear-cut fix -> coder; code to a stated spec, tests, standard algorithms -> coder; subtle deterministic semantics and performance with real sizes -> coder (reasoner defensible); concurrency, design trade-offs with real constraints, security analysis, hard algorithms under limits -> reasoner (coder defensible).',
    textStored: false,
  }));
  console.log(`${NAME}: ${rows.length} rows`, counts, kinds);
}

if (require.main === module) main();
