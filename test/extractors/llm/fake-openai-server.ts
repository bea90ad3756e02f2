// A small OpenAI-compatible server on 127.0.0.1 for the tests: POST /v1/chat/completions
// answered by a script (a scripted answer, an HTTP error with headers, malformed bytes, or
// no answer at all), every request recorded and counted. The real `openai` client talks to
// it over HTTP (baseURL = server.url).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { estimateMessagesTokens, estimateTokens } from '../../../extractors/llm/tokens.ts';

export interface ChatMessageIn {
  role: string;
  content: string;
}

export interface ChatRequest {
  /** 0-based index over all requests this server received. */
  index: number;
  at: number;
  body: {
    model: string;
    messages: ChatMessageIn[];
    response_format?: { type: string; json_schema?: { name: string; strict?: boolean; schema: unknown } };
    [k: string]: unknown;
  };
  headers: IncomingMessage['headers'];
  /** The indicator group asked about (from the user message), or null. */
  group: string | null;
  /** The fenced report text the request carries. */
  documentText: string;
}

export type Reply =
  /** A chat completion whose message content is `content` (a string: sent as is, malformed or not). */
  | { kind: 'answer'; content: string | null; refusal?: string | null; finishReason?: string; usage?: { prompt_tokens: number; completion_tokens: number } }
  /** Any status and JSON body, with headers (429 with Retry-After, 500, 400). */
  | { kind: 'status'; status: number; body: unknown; headers?: Record<string, string> }
  /** Never answers: the client's timeout must end it. */
  | { kind: 'hang' };

export type Script = (request: ChatRequest) => Reply | Promise<Reply>;

export const answer = (value: unknown): Reply => ({ kind: 'answer', content: typeof value === 'string' ? value : JSON.stringify(value) });
export const rateLimited = (retryAfterSeconds: number): Reply => ({
  kind: 'status',
  status: 429,
  headers: { 'retry-after': String(retryAfterSeconds) },
  body: { error: { message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded' } },
});
export const serverError = (): Reply => ({
  kind: 'status',
  status: 500,
  body: { error: { message: 'The server had an error while processing your request.', type: 'server_error' } },
});
export const jsonSchemaUnsupported = (): Reply => ({
  kind: 'status',
  status: 400,
  body: {
    error: {
      message: "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.",
      type: 'invalid_request_error',
      param: 'response_format',
      code: null,
    },
  },
});
export const refusal = (text = "I'm sorry, I can't help with that request."): Reply => ({ kind: 'answer', content: null, refusal: text });

const FENCED = /<<<BAOCAO_DATA\n([\s\S]*?)\nBAOCAO_DATA>>>/;

export class FakeOpenAIServer {
  readonly requests: ChatRequest[] = [];
  script: Script;
  private constructor(
    private readonly server: Server,
    readonly url: string,
    script: Script,
  ) {
    this.script = script;
  }

  static async start(script: Script = () => answer({}), options: { port?: number } = {}): Promise<FakeOpenAIServer> {
    let self: FakeOpenAIServer | undefined;
    const server = createServer((req, res) => {
      void self!.handle(req, res).catch((error) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: String(error) } }));
      });
    });
    await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    self = new FakeOpenAIServer(server, `http://127.0.0.1:${port}/v1`, script);
    return self;
  }

  /** Requests received so far (every HTTP request, client retries included). */
  get count(): number {
    return this.requests.length;
  }

  requestsFor(group: string): ChatRequest[] {
    return this.requests.filter((r) => r.group === group);
  }

  reset(script?: Script): void {
    this.requests.length = 0;
    if (script) this.script = script;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }));
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as ChatRequest['body'];
    const user = body.messages.find((m) => m.role === 'user')?.content ?? '';
    const request: ChatRequest = {
      index: this.requests.length,
      at: Date.now(),
      body,
      headers: req.headers,
      group: /Indicator group: (\w+)/.exec(user)?.[1] ?? null,
      documentText: FENCED.exec(user)?.[1] ?? '',
    };
    this.requests.push(request);
    const reply = await this.script(request);
    switch (reply.kind) {
      case 'hang':
        // Keep the socket open without answering; closing the server ends it.
        return;
      case 'status':
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
        res.end(JSON.stringify(reply.body));
        return;
      case 'answer': {
        const schemaTokens = body.response_format?.json_schema ? estimateTokens(JSON.stringify(body.response_format.json_schema.schema)) : 0;
        const usage = reply.usage ?? {
          prompt_tokens: estimateMessagesTokens(body.messages) + schemaTokens,
          completion_tokens: estimateTokens(reply.content ?? reply.refusal ?? ''),
        };
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            id: `chatcmpl-fake-${request.index}`,
            object: 'chat.completion',
            created: Math.floor(Date.now() / 1000),
            model: body.model,
            choices: [
              {
                index: 0,
                message: { role: 'assistant', content: reply.content, refusal: reply.refusal ?? null },
                finish_reason: reply.finishReason ?? 'stop',
                logprobs: null,
              },
            ],
            usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
          }),
        );
      }
    }
  }
}
