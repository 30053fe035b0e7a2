// Conformance of `midtrain serve` as the official OpenAI SDK for Node (openai 4.x) sees it.
// Driven by tests/MidTrain.IntegrationTests/Serve/OpenAiSdkConformanceTests.cs against a real `midtrain serve --model tiny`.
// Environment: MIDTRAIN_BASE_URL (…/v1), MIDTRAIN_API_KEY, MIDTRAIN_MODEL (chat model id), MIDTRAIN_EMBEDDING_MODEL
// (embedding model id, or empty when none is served), MIDTRAIN_MAX_TOKENS_LIMIT, MIDTRAIN_QUEUE_PROBE (1: the server runs
// with --parallel 1 --max-queue 1, so a burst must see 429s).
// Prints one JSON line per check ({"check", "ok", "detail"}); exits 1 when any check failed.
import OpenAI from 'openai';

const baseURL = process.env.MIDTRAIN_BASE_URL;
const apiKey = process.env.MIDTRAIN_API_KEY;
const model = process.env.MIDTRAIN_MODEL ?? 'tiny';
const embeddingModel = process.env.MIDTRAIN_EMBEDDING_MODEL ?? '';
const maxTokensLimit = Number(process.env.MIDTRAIN_MAX_TOKENS_LIMIT ?? '4096');
const queueProbe = process.env.MIDTRAIN_QUEUE_PROBE === '1';
if (!baseURL || !apiKey) {
  console.error('MIDTRAIN_BASE_URL and MIDTRAIN_API_KEY are required');
  process.exit(2);
}

// No SDK retries: every status the server sends must reach the checks as sent.
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 120_000 });
const results = [];

function assert(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

async function check(name, body) {
  try {
    const detail = await body();
    results.push({ check: name, ok: true, detail: detail ?? '' });
  } catch (error) {
    results.push({ check: name, ok: false, detail: String(error?.stack ?? error) });
  }
}

const user = (content) => [{ role: 'user', content }];

/** Expects the call to fail with an OpenAI.APIError of the given class and status; returns the error. */
async function expectError(call, errorClass, status) {
  let caught;
  try {
    await call();
  } catch (error) {
    caught = error;
  }
  assert(caught !== undefined, `expected HTTP ${status}, but the call succeeded`);
  assert(caught instanceof OpenAI.APIError, `expected an APIError, got ${caught}`);
  assert(caught.status === status, `expected status ${status}, got ${caught.status}: ${caught.message}`);
  assert(caught instanceof errorClass, `expected ${errorClass.name}, got ${caught.constructor.name}`);
  assert(caught.error && typeof caught.error === 'object', `no error object in the body (${caught.message})`);
  assert(typeof caught.error.message === 'string' && caught.error.message.length > 0, 'error.message is empty');
  assert('param' in caught.error && 'code' in caught.error, `error object lacks param/code: ${JSON.stringify(caught.error)}`);
  return caught;
}

async function expectInvalid(name, request, param, code) {
  await check(`error: ${name} -> 400 param=${param}`, async () => {
    const error = await expectError(() => client.chat.completions.create({ model, ...request }), OpenAI.BadRequestError, 400);
    assert(error.type === 'invalid_request_error', `type is ${error.type}`);
    assert(error.param === param, `param is ${error.param}, expected ${param}`);
    if (code !== undefined) {
      assert(error.code === code, `code is ${error.code}, expected ${code}`);
    }
    return error.message;
  });
}

// ---- chat ----
let plain;
await check('chat: non-streaming completion', async () => {
  plain = await client.chat.completions.create({ model, messages: user('Say hello.'), max_tokens: 12, seed: 7, temperature: 0.9 });
  assert(plain.object === 'chat.completion', `object is ${plain.object}`);
  assert(plain.model === model, `model is ${plain.model}`);
  assert(plain.choices.length === 1, `${plain.choices.length} choices`);
  const choice = plain.choices[0];
  assert(choice.index === 0 && choice.message.role === 'assistant', 'choice 0 is not an assistant message');
  assert(typeof choice.message.content === 'string', 'content is not a string');
  assert(['stop', 'length'].includes(choice.finish_reason), `finish_reason ${choice.finish_reason}`);
  assert(plain.usage.completion_tokens >= 1 && plain.usage.completion_tokens <= 12, `completion_tokens ${plain.usage.completion_tokens}`);
  assert(plain.usage.prompt_tokens > 0 && plain.usage.total_tokens === plain.usage.prompt_tokens + plain.usage.completion_tokens, 'usage does not add up');
  return JSON.stringify(choice.message.content);
});

await check('chat: max_completion_tokens and a system + developer message', async () => {
  const r = await client.chat.completions.create({
    model,
    messages: [{ role: 'system', content: 'Be brief.' }, { role: 'developer', content: 'Answer in English.' }, { role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    max_completion_tokens: 5,
    seed: 3,
  });
  assert(r.usage.completion_tokens >= 1 && r.usage.completion_tokens <= 5, `completion_tokens ${r.usage.completion_tokens}`);
});

await check('chat: unknown harmless parameters are ignored', async () => {
  const r = await client.chat.completions.create({
    model, messages: user('x'), max_tokens: 3, user: 'someone', metadata: { run: 'conformance' }, store: false, parallel_tool_calls: false, some_future_option: 1,
  });
  assert(r.choices.length === 1, 'no choice');
});

// ---- streaming ----
await check('streaming: chunks, one finish_reason, usage, same text as non-streaming', async () => {
  const stream = await client.chat.completions.create({
    model, messages: user('Say hello.'), max_tokens: 12, seed: 7, temperature: 0.9, stream: true, stream_options: { include_usage: true },
  });
  let text = '';
  let finishes = 0;
  let usage;
  let chunks = 0;
  let role;
  for await (const chunk of stream) {
    chunks++;
    assert(chunk.object === 'chat.completion.chunk', `object is ${chunk.object}`);
    if (chunk.usage) {
      usage = chunk.usage;
      assert(chunk.choices.length === 0, 'the usage chunk has choices');
      continue;
    }
    const delta = chunk.choices[0].delta;
    role ??= delta.role;
    text += delta.content ?? '';
    if (chunk.choices[0].finish_reason) {
      finishes++;
    }
  }
  assert(role === 'assistant', `first role ${role}`);
  assert(finishes === 1, `${finishes} finish reasons`);
  assert(usage && usage.completion_tokens === plain.usage.completion_tokens, `usage ${JSON.stringify(usage)}`);
  assert(text === plain.choices[0].message.content, `streamed ${JSON.stringify(text)} != ${JSON.stringify(plain.choices[0].message.content)}`);
  return `${chunks} chunks`;
});

// ---- structured output ----
await check('json_schema: output parses and matches the schema', async () => {
  const schema = {
    type: 'object',
    properties: { score: { type: 'integer', minimum: 1, maximum: 5 }, why: { type: 'string', maxLength: 8 } },
    required: ['score', 'why'],
    additionalProperties: false,
  };
  const r = await client.chat.completions.create({
    model, messages: user('Grade this.'), max_tokens: 80, seed: 8,
    response_format: { type: 'json_schema', json_schema: { name: 'grade', schema, strict: true } },
  });
  const value = JSON.parse(r.choices[0].message.content);
  assert(Number.isInteger(value.score) && value.score >= 1 && value.score <= 5, `score ${value.score}`);
  assert(typeof value.why === 'string' && value.why.length <= 8, `why ${JSON.stringify(value.why)}`);
  assert(Object.keys(value).every((k) => k === 'score' || k === 'why'), `extra keys in ${r.choices[0].message.content}`);
  return r.choices[0].message.content;
});

await check('json_schema the server cannot enforce: 400 naming the schema, and the server stays up', async () => {
  const error = await expectError(() => client.chat.completions.create({
    model, messages: user('x'), max_tokens: 4,
    response_format: { type: 'json_schema', json_schema: { name: 'long', schema: { type: 'string', minLength: 3000 } } },
  }), OpenAI.BadRequestError, 400);
  assert(error.param === 'response_format.json_schema.schema', `param ${error.param}`);
  const after = await client.chat.completions.create({ model, messages: user('still there?'), max_tokens: 2 });
  assert(after.choices.length === 1, 'no answer after the refused schema');
  return error.message;
});

await check('json_object: output is a JSON object', async () => {
  const r = await client.chat.completions.create({ model, messages: user('JSON please.'), max_tokens: 60, seed: 2, response_format: { type: 'json_object' } });
  const content = r.choices[0].message.content;
  if (r.choices[0].finish_reason === 'stop') {
    const value = JSON.parse(content);
    assert(value !== null && typeof value === 'object' && !Array.isArray(value), `not an object: ${content}`);
  } else {
    assert(content.trimStart().startsWith('{'), `not the start of an object: ${content}`);
  }
  return content;
});

// ---- log-probabilities ----
await check('logprobs: one entry per token with top_logprobs', async () => {
  const r = await client.chat.completions.create({ model, messages: user('lp'), max_tokens: 5, seed: 1, logprobs: true, top_logprobs: 2 });
  const content = r.choices[0].logprobs?.content;
  assert(Array.isArray(content), 'no logprobs.content');
  assert(content.length === r.usage.completion_tokens, `${content.length} entries for ${r.usage.completion_tokens} tokens`);
  for (const entry of content) {
    assert(typeof entry.token === 'string' && entry.logprob <= 0 && Array.isArray(entry.bytes), `bad entry ${JSON.stringify(entry)}`);
    assert(entry.top_logprobs.length === 2, `${entry.top_logprobs.length} alternatives`);
    assert(entry.top_logprobs[0].logprob >= entry.top_logprobs[1].logprob, 'alternatives are not most likely first');
  }
  const none = await client.chat.completions.create({ model, messages: user('lp'), max_tokens: 2, seed: 1 });
  assert(none.choices[0].logprobs === null, 'logprobs sent although not requested');
});

await check('logprobs: streamed too (entries over all chunks, one per token)', async () => {
  const stream = await client.chat.completions.create({
    model, messages: user('lp'), max_tokens: 5, seed: 1, logprobs: true, top_logprobs: 1, stream: true, stream_options: { include_usage: true },
  });
  const entries = [];
  let usage;
  for await (const chunk of stream) {
    usage = chunk.usage ?? usage;
    entries.push(...(chunk.choices[0]?.logprobs?.content ?? []));
  }
  assert(usage && entries.length === usage.completion_tokens, `${entries.length} entries for ${usage?.completion_tokens} tokens`);
  assert(entries.every((e) => e.logprob <= 0 && e.top_logprobs.length === 1), 'bad entries');
});

// ---- stop sequences ----
await check('stop: output ends before the stop sequence', async () => {
  const free = await client.chat.completions.create({ model, messages: user('stop test'), max_tokens: 40, seed: 11, temperature: 1 });
  const text = free.choices[0].message.content;
  assert(text.length >= 6, `too short to pick a stop sequence: ${JSON.stringify(text)}`);
  const stop = text.slice(Math.floor(text.length / 2), Math.floor(text.length / 2) + 2);
  const cut = await client.chat.completions.create({ model, messages: user('stop test'), max_tokens: 40, seed: 11, temperature: 1, stop: [stop] });
  assert(cut.choices[0].message.content === text.slice(0, text.indexOf(stop)), `with stop ${JSON.stringify(stop)}: ${JSON.stringify(cut.choices[0].message.content)}`);
  assert(cut.choices[0].finish_reason === 'stop', `finish_reason ${cut.choices[0].finish_reason}`);
});

// ---- errors: status and error object as the SDK surfaces them ----
await expectInvalid('n: 2', { messages: user('x'), n: 2 }, 'n');
await expectInvalid('tools', { messages: user('x'), tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: {} } } }] }, 'tools');
await expectInvalid('tool_choice', { messages: user('x'), tool_choice: 'required' }, 'tool_choice');
await expectInvalid('empty messages', { messages: [] }, 'messages', 'empty_array');
await expectInvalid('negative max_tokens', { messages: user('x'), max_tokens: -1 }, 'max_tokens', 'integer_below_min_value');
await expectInvalid('zero max_tokens', { messages: user('x'), max_tokens: 0 }, 'max_tokens', 'integer_below_min_value');
await expectInvalid('zero max_completion_tokens', { messages: user('x'), max_completion_tokens: 0 }, 'max_completion_tokens', 'integer_below_min_value');
await expectInvalid('max_tokens above the limit', { messages: user('x'), max_tokens: maxTokensLimit + 1 }, 'max_tokens', 'integer_above_max_value');
await expectInvalid('unknown role', { messages: [{ role: 'wizard', content: 'x' }] }, 'messages[0].role', 'invalid_value');
await expectInvalid('tool message', { messages: [{ role: 'user', content: 'x' }, { role: 'tool', content: '1', tool_call_id: 'a' }] }, 'messages[1].role');
await expectInvalid('image content', { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/x.png' } }] }] }, 'messages[0].content[0].type');
await expectInvalid('temperature out of range', { messages: user('x'), temperature: 5 }, 'temperature', 'decimal_above_max_value');
await expectInvalid('temperature of the wrong type', { messages: user('x'), temperature: 'hot' }, 'temperature', 'invalid_type');
await expectInvalid('top_logprobs without logprobs', { messages: user('x'), top_logprobs: 2 }, 'top_logprobs');
await expectInvalid('logit_bias', { messages: user('x'), logit_bias: { 50: 5 } }, 'logit_bias');
await expectInvalid('unknown response_format type', { messages: user('x'), response_format: { type: 'yaml' } }, 'response_format.type', 'invalid_value');
await expectInvalid('stream_options without stream', { messages: user('x'), stream_options: { include_usage: true } }, 'stream_options');

await check('error: unknown model -> 404 model_not_found', async () => {
  const error = await expectError(() => client.chat.completions.create({ model: 'no-such-model', messages: user('x') }), OpenAI.NotFoundError, 404);
  assert(error.code === 'model_not_found', `code ${error.code}`);
  assert(error.param === 'model', `param ${error.param}`);
  return error.message;
});

await check('legacy /v1/completions: 501 with an error body', async () => {
  const error = await expectError(() => client.completions.create({ model, prompt: 'x', max_tokens: 2 }), OpenAI.InternalServerError, 501);
  assert(error.message.includes('/v1/chat/completions'), `message does not point at chat completions: ${error.message}`);
  return error.message;
});

await check('unknown route: 404 with an error body', async () => {
  const error = await expectError(() => client.get('/no/such/route'), OpenAI.NotFoundError, 404);
  return error.message;
});

// ---- embeddings ----
if (embeddingModel) {
  await check('embeddings: base64 (the SDK default) and float agree, unit length', async () => {
    const packed = await client.embeddings.create({ model: embeddingModel, input: ['the cat sat', 'on the mat'] });
    const floats = await client.embeddings.create({ model: embeddingModel, input: ['the cat sat', 'on the mat'], encoding_format: 'float' });
    assert(packed.object === 'list' && packed.data.length === 2, `data ${packed.data.length}`);
    assert(packed.data[1].index === 1, 'indices');
    assert(packed.usage.prompt_tokens > 0 && packed.usage.total_tokens === packed.usage.prompt_tokens, `usage ${JSON.stringify(packed.usage)}`);
    for (let i = 0; i < 2; i++) {
      const a = Array.from(packed.data[i].embedding);
      const b = floats.data[i].embedding;
      assert(a.length === b.length && a.length > 0, 'dimensions differ');
      assert(a.every((x, j) => Math.abs(x - b[j]) < 1e-6), 'base64 and float disagree');
      const norm = Math.sqrt(b.reduce((s, x) => s + x * x, 0));
      assert(Math.abs(norm - 1) < 1e-3, `norm ${norm}`);
    }
    const same = await client.embeddings.create({ model: embeddingModel, input: 'the cat sat', encoding_format: 'float' });
    assert(same.data[0].embedding.every((x, j) => Math.abs(x - floats.data[0].embedding[j]) < 1e-5), 'same input, different vector');
    return `${floats.data[0].embedding.length} dimensions`;
  });
  await check('embeddings: empty input -> 400 param=input', async () => {
    const error = await expectError(() => client.embeddings.create({ model: embeddingModel, input: [] }), OpenAI.BadRequestError, 400);
    assert(error.param === 'input', `param ${error.param}`);
  });
  await check('embeddings: unknown model -> 404', async () => {
    await expectError(() => client.embeddings.create({ model: 'no-such-model', input: 'x' }), OpenAI.NotFoundError, 404);
  });
} else {
  await check('embeddings: 404 with a body saying none is served', async () => {
    const error = await expectError(() => client.embeddings.create({ model, input: 'x' }), OpenAI.NotFoundError, 404);
    assert(error.message.includes('--embedding-model'), error.message);
  });
}

// ---- authentication ----
await check('auth: wrong key -> 401 invalid_api_key', async () => {
  const wrong = new OpenAI({ baseURL, apiKey: 'sk-wrong', maxRetries: 0 });
  const error = await expectError(() => wrong.chat.completions.create({ model, messages: user('x'), max_tokens: 2 }), OpenAI.AuthenticationError, 401);
  assert(error.code === 'invalid_api_key', `code ${error.code}`);
  assert(!error.message.includes(apiKey), 'the error message echoes the real key');
  const models = await expectError(() => wrong.models.list(), OpenAI.AuthenticationError, 401);
  return models.message;
});

await check('auth: no Authorization header -> 401 with an error object; /health stays open', async () => {
  const root = baseURL.replace(/\/v1\/?$/, '');
  const response = await fetch(`${baseURL.replace(/\/$/, '')}/chat/completions`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model, messages: user('x') }),
  });
  assert(response.status === 401, `status ${response.status}`);
  assert(/^Bearer/.test(response.headers.get('www-authenticate') ?? ''), 'no WWW-Authenticate: Bearer');
  const body = await response.json();
  assert(body.error && body.error.type === 'invalid_request_error' && body.error.code === 'invalid_api_key', JSON.stringify(body));
  const health = await fetch(`${root}/health`);
  assert(health.status === 200, `/health ${health.status}`);
  const metrics = await fetch(`${root}/metrics`);
  assert(metrics.status === 401, `/metrics without a key: ${metrics.status}`);
});

await check('auth: right key lists the model', async () => {
  const list = await client.models.list();
  const ids = list.data.map((m) => m.id);
  assert(ids.includes(model), `models ${ids}`);
});

// ---- queue limit ----
if (queueProbe) {
  await check('queue full: 429 rate_limit_exceeded with Retry-After', async () => {
    const burst = await Promise.allSettled(Array.from({ length: 8 }, (_, i) =>
      client.chat.completions.create({ model, messages: user(`burst ${i}`), max_tokens: 200, seed: i })));
    const limited = burst.filter((r) => r.status === 'rejected' && r.reason instanceof OpenAI.RateLimitError).map((r) => r.reason);
    const other = burst.filter((r) => r.status === 'rejected' && !(r.reason instanceof OpenAI.RateLimitError));
    assert(other.length === 0, `unexpected errors: ${other.map((r) => r.reason.message)}`);
    assert(limited.length > 0, 'no 429 for 8 concurrent requests with --parallel 1 --max-queue 1');
    for (const error of limited) {
      assert(error.code === 'rate_limit_exceeded', `code ${error.code}`);
      assert(Number(error.headers['retry-after']) >= 1, `Retry-After ${error.headers['retry-after']}`);
    }
    const served = burst.filter((r) => r.status === 'fulfilled').length;
    assert(served >= 1, 'nothing was served');
    return `${served} served, ${limited.length} got 429`;
  });
}

for (const r of results) {
  console.log(JSON.stringify(r));
}
process.exit(results.every((r) => r.ok) ? 0 : 1);
