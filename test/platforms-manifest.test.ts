import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { PACKAGE_ROOT } from '../src/config/index.js';
import { tempApp } from './fakes/app.js';

// The Slack manifest must declare exactly the commands the core answers, with the scopes the bot uses.

test('config/slack-manifest.yml lists every command of the shipped configuration', () => {
  const manifest = readFileSync(join(PACKAGE_ROOT, 'config/slack-manifest.yml'), 'utf8');
  const declared = [...manifest.matchAll(/^\s*- command: \/([\w-]+)\s*$/gm)].map((m) => m[1]).sort();
  const temp = tempApp();
  try {
    assert.deepEqual(declared, temp.app.registry().list().map((c) => c.spec.name).sort());
  } finally {
    temp.cleanup();
  }
  // channels:history and groups:history: a send in doubt is checked in conversations.history before any resend.
  for (const scope of ['commands', 'chat:write', 'chat:write.public', 'users:read', 'channels:history', 'groups:history']) assert.match(manifest, new RegExp(`^\\s*- ${scope}$`, 'm'));
  assert.match(manifest, /socket_mode_enabled: true/);
  assert.match(manifest, /interactivity:\s*\n\s*is_enabled: true/);
});
