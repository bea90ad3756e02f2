// A stand-in for a model server, answering as the corpus labels say (corpus-answers.ts), so that
// `baocao eval --corpus` can be run through the model path end to end:
//   node cli/run-ts.js test/extractors/llm/corpus-model-server.ts [--port 47900] &
//   OPENAI_API_KEY=scripted OPENAI_BASE_URL=http://127.0.0.1:47900/v1 OPENAI_MODEL=scripted npx baocao eval --corpus
import { CORPUS_DIR } from '../../../fixtures/corpus/render.ts';
import { loadCorpus } from '../../../fixtures/corpus/schema.ts';
import { corpusBodies, corpusReadings, corpusResponder } from './corpus-answers.ts';
import { FakeOpenAIServer } from './fake-openai-server.ts';

const at = process.argv.indexOf('--port');
const port = at >= 0 ? Number(process.argv[at + 1]) : 47900;
const reports = (await loadCorpus(CORPUS_DIR)).map((r) => r.report);
const server = await FakeOpenAIServer.start(corpusResponder(corpusReadings(reports), corpusBodies(reports)), { port });
console.log(`scripted corpus model on ${server.url} (${reports.length} reports)`);
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
