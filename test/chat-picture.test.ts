import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { tempApp } from './fakes/app.js';
import { slashData } from './fakes/discord.js';
import { CHANNEL } from './fakes/slack.js';
import { discordFixture, slackFixture } from './helpers/bots.js';
import { runCli } from './helpers/cli.js';

// /dateline timeline … picture:on attaches the timeline as a PNG on every platform.

const CHAT_INPUT = 2;
const PNG_SIGNATURE = '\x89PNG\r\n\x1a\n';

describe('Discord: the picture is a multipart attachment shown inside the embed', () => {
  const discord = discordFixture();

  test('/dateline timeline topic:assange top:5 picture:on', async () => {
    const id = discord.fake.interact(slashData('dateline', { topic: 'assange', top: '5', picture: 'on' }, 'timeline'), CHAT_INPUT);
    const request = await discord.fake.log.waitFor((r) => r.method === 'POST' && r.path.includes(`/interactions/${id}/`), 8000, 'the callback');
    assert.match(String(request.headers['content-type']), /^multipart\/form-data/);
    const raw = request.raw;
    assert.match(raw, /name="files\[0\]"; filename="timeline\.png"/);
    assert.match(raw, /Content-Type: image\/png/i);
    const json = JSON.parse(/name="payload_json"\r\n(?:Content-Type: application\/json\r\n)?\r\n(.*)\r\n/.exec(raw)![1]!) as { type: number; data: { embeds: { image?: { url: string }; fields: unknown[] }[] } };
    assert.equal(json.type, 4);
    assert.equal(json.data.embeds[0]!.image?.url, 'attachment://timeline.png');
    assert.equal(json.data.embeds[0]!.fields.length, 5, 'the events are still listed as text');
  });

  test('without picture:on nothing is attached', async () => {
    const id = discord.fake.interact(slashData('dateline', { topic: 'assange', top: '5' }, 'timeline'), CHAT_INPUT);
    const body = await discord.fake.callback(id);
    assert.equal(body.type, 4);
    assert.equal((body.data!.embeds![0] as { image?: unknown }).image, undefined);
  });
});

describe('Slack: the picture is uploaded with files.uploadV2 into the channel', () => {
  const slack = slackFixture();

  test('/dateline timeline topic:assange top:3 picture:on: the answer, then the upload calls', async () => {
    const sink = slack.fake.responseUrl();
    await slack.fake.envelope('slash_commands', slack.fake.slashCommand('/dateline', 'timeline topic:assange top:3 picture:on', sink.url));
    const answer = await sink.posted();
    assert.equal(answer.response_type, 'in_channel');
    const start = await slack.fake.log.waitFor((r) => r.path === '/api/files.getUploadURLExternal', 8000, 'files.getUploadURLExternal');
    assert.equal((start.body as Record<string, string>).filename, 'timeline.png');
    const upload = await slack.fake.log.waitFor((r) => r.path.startsWith('/upload/'), 4000, 'the upload');
    assert.ok(upload.raw.includes('PNG') && upload.raw.includes('IHDR'), 'the bytes of a PNG');
    const complete = await slack.fake.log.waitFor((r) => r.path === '/api/files.completeUploadExternal', 4000, 'files.completeUploadExternal');
    const fields = complete.body as Record<string, string>;
    assert.equal(fields.channel_id, CHANNEL);
    assert.match(fields.files!, /3 key events/);
  });

  test('a refused upload is explained to the asker alone', async () => {
    slack.fake.failNext((r) => r.path === '/api/files.getUploadURLExternal', 200, { ok: false, error: 'missing_scope' });
    const sink = slack.fake.responseUrl();
    await slack.fake.envelope('slash_commands', slack.fake.slashCommand('/dateline', 'timeline topic:assange top:3 picture:on', sink.url));
    const explained = await slack.fake.log.waitFor((r) => r.path.startsWith('/response/') && /files:write/.test(r.raw), 8000, 'the explanation');
    assert.equal((explained.body as Record<string, string>).response_type, 'ephemeral');
  });
});

test('the console prints the picture\'s path', async (t) => {
  const temp = tempApp();
  t.after(() => temp.cleanup());
  const result = await runCli(['ask', '/dateline timeline topic:assange top:3 picture:on', '--db', `${temp.dir}/cli.db`]);
  assert.equal(result.code, 0, result.stderr);
  const path = /^ {2}Picture: (.+\.png)$/m.exec(result.stdout)?.[1];
  assert.ok(path, result.stdout);
  assert.equal(readFileSync(path, 'latin1').slice(0, 8), PNG_SIGNATURE);
});
