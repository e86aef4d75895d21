import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { migrations } from '../src/store/migrations.js';
import { OPERATOR, Store } from '../src/store/index.js';
import { tempApp } from './helpers/app.js';

// Tenancy in the store: a database made before tenancy keeps everything, and no public function reached with one
// tenant reads or changes another's topics, feeds, subscriptions or queued posts.

const NOW = new Date('2026-03-01T12:00:00Z');
const SETTINGS = { mode: 'instant' as const, localTime: '09:00', timezone: 'UTC', onThisDay: true, filter: null };

test('a database made by the previous release keeps all its data: topics become the operator\'s, subscriptions their channel\'s tenant\'s', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dateline-migrate-'));
  const path = join(dir, 'old.db');
  try {
    // The previous release: every migration before tenancy (ids below 13), applied as it applied them.
    const old = new Database(path);
    old.pragma('foreign_keys = ON');
    old.exec('CREATE TABLE schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
    for (const migration of [...migrations].filter((m) => m.id < 13).sort((a, b) => a.id - b.id)) {
      old.exec(migration.sql);
      old.prepare('INSERT INTO schema_migrations VALUES (?, ?, ?)').run(migration.id, migration.name, NOW.toISOString());
    }
    const at = NOW.toISOString();
    old.prepare(`INSERT INTO topics (id, name, title, keywords, created_at) VALUES (7, 'harbour', 'The harbour', '["harbour"]', ?)`).run(at);
    old.prepare(`INSERT INTO events (topic_id, date, precision, date_start, date_end, summary, origin, created_at, updated_at)
      VALUES (7, '2025-06-01', 'day', '2025-06-01', '2025-06-01', 'The harbour wall was rebuilt.', 'manual', ?, ?)`).run(at, at);
    old.prepare(`INSERT INTO feeds (topic_id, url, created_at) VALUES (7, 'https://news.example/harbour.xml', ?)`).run(at);
    for (const channel of ['console:desk', 'discord:111', 'slack:C222']) {
      old.prepare('INSERT INTO subscriptions (channel_ref, topic_id, created_at) VALUES (?, 7, ?)').run(channel, at);
    }
    old.prepare(`INSERT INTO outbox (key, channel_ref, kind, subject, payload, next_attempt_at, created_at) VALUES ('k1', 'discord:111', 'alert', 'harbour', '{}', ?, ?)`).run(at, at);
    old.close();

    const store = Store.open(path);
    try {
      const topic = store.topics.get('harbour')!;
      assert.deepEqual([topic.id, topic.tenant, topic.title, topic.keywords], [7, OPERATOR, 'The harbour', ['harbour']]);
      assert.equal(store.events.page(OPERATOR, { topicId: 7, limit: 0 }).total, 1);
      assert.deepEqual(store.feeds.list(7).map((f) => [f.url, f.tenant]), [['https://news.example/harbour.xml', OPERATOR]]);
      assert.deepEqual(store.subscriptions.all().map((s) => [s.channelRef, s.tenant]),
        [['console:desk', OPERATOR], ['discord:111', null], ['slack:C222', null]], 'platform channels wait for their platform to say whose they are');
      assert.equal(store.outbox.counts().queued, 1);
      // The platforms claim their channels: Discord per server's channels, a single-token Slack app all of Slack's.
      assert.equal(store.subscriptions.claimChannels('discord:9', ['discord:111']), 1);
      assert.equal(store.subscriptions.claimPlatform('slack:T1', 'slack:'), 1);
      assert.deepEqual(store.subscriptions.ofTenant('discord:9').map((s) => s.channelRef), ['discord:111']);
      // The rebuilt table still cascades: removing the topic takes its feeds, events and subscriptions.
      assert.equal((store.db.pragma('foreign_key_check') as unknown[]).length, 0);
      store.db.prepare('DELETE FROM topics WHERE id = 7').run();
      assert.equal(store.subscriptions.all().length, 0);
      assert.equal(store.feeds.all().length, 0);
    } finally {
      store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('no public store function reached with tenant B reads or changes tenant A\'s topics, feeds, subscriptions or posts', () => {
  const app = tempApp();
  const { store } = app;
  const A = 'discord:1';
  const B = 'discord:2';
  try {
    const acme = store.topics.save({ name: 'acme', title: 'Acme Orbital', keywords: ['acme'] }, NOW, A);
    const bolt = store.topics.save({ name: 'bolt', title: 'Bolt', keywords: ['bolt'] }, NOW, B);
    const assange = store.topics.get('assange')!;
    store.feeds.add({ topicId: acme.id, url: 'https://a.example/feed', intervalSeconds: 600, origin: 'command' }, NOW, A);
    store.feeds.add({ topicId: bolt.id, url: 'https://b.example/feed', intervalSeconds: 600, origin: 'command' }, NOW, B);
    store.subscriptions.save('discord:10', acme.id, SETTINGS, 'ua', NOW, A);
    store.subscriptions.save('discord:10', assange.id, SETTINGS, 'ua', NOW, A);
    store.subscriptions.save('discord:20', bolt.id, SETTINGS, 'ub', NOW, B);
    store.outbox.enqueue({ key: 'discord:10|alert|acme|story:1', channelRef: 'discord:10', kind: 'alert', subject: 'acme', payload: '{}' }, NOW);
    const snapshot = () => JSON.stringify({
      topics: store.topics.ownedBy(A), feeds: store.feeds.list(undefined, A), subs: store.subscriptions.ofTenant(A), queued: store.outbox.recent(10, 'discord:10'),
    });
    const before = snapshot();
    const seesA = (value: unknown) => /acme|a\.example|discord:10/i.test(JSON.stringify(value ?? null));

    // Every function that takes a tenant, called as B: nothing of A comes back, nothing of A changes.
    const asB: Record<string, () => unknown> = {
      'topics.get': () => store.topics.get('acme', B),
      'topics.list': () => store.topics.list(B),
      'topics.ownedBy': () => store.topics.ownedBy(B),
      'topics.setPublishToken': () => store.topics.setPublishToken(acme.id, 'b-chose-this-token-for-acme', B),
      'topics.save': () => store.topics.save({ name: 'acme', title: 'B\'s own acme', keywords: ['b'] }, NOW, B).tenant,
      'feeds.list': () => [store.feeds.list(undefined, B), store.feeds.list(acme.id, B)],
      'feeds.add': () => assert.throws(() => store.feeds.add({ topicId: acme.id, url: 'https://evil.example/feed', intervalSeconds: 600, origin: 'command' }, NOW, B)),
      'feeds.remove': () => store.feeds.remove(acme.id, 'https://a.example/feed', B),
      'feeds.countOf': () => store.feeds.countOf(B),
      'subscriptions.get': () => store.subscriptions.get('discord:20', acme.id),
      'subscriptions.ofTenant': () => store.subscriptions.ofTenant(B),
      'subscriptions.save': () => [
        assert.throws(() => store.subscriptions.save('discord:20', acme.id, SETTINGS, 'ub', NOW, B)),
        assert.throws(() => store.subscriptions.save('discord:10', assange.id, { ...SETTINGS, mode: 'off' }, 'ub', NOW, B)),
        assert.throws(() => store.subscriptions.save('discord:10', bolt.id, SETTINGS, 'ub', NOW, B)),
      ],
      'subscriptions.delete': () => store.subscriptions.delete('discord:10', acme.id, B),
      'subscriptions.tenantOfChannel': () => store.subscriptions.tenantOfChannel('discord:20'),
      'subscriptions.claimChannels': () => store.subscriptions.claimChannels(B, ['discord:10']),
      'subscriptions.claimPlatform': () => store.subscriptions.claimPlatform(B, 'discord:'),
      'tenants.seen': () => store.tenants.seen(B, 'Server B', NOW),
      'tenants.markLeft': () => store.tenants.markLeft(B, NOW),
      'tenants.removeTopic': () => store.tenants.removeTopic(B, acme.id, 'acme'),
      'tenants.removeTenant': () => store.tenants.removeTenant(B),
    };
    for (const [name, call] of Object.entries(asB)) {
      assert.ok(!seesA(call()), `${name} as B returned A's data`);
      assert.equal(snapshot(), before, `${name} as B changed A's data`);
    }
    assert.equal(store.topics.get('acme', A)!.title, 'Acme Orbital');
    assert.equal(store.topics.published('acme', 'b-chose-this-token-for-acme'), undefined);

    // The rest serve every tenant (polling, scheduling, sending, the operator's status and CLI) or take ids that only
    // tenant-scoped look-ups hand out; chat commands reach none of them with another tenant's ids.
    const machinery: Record<string, string[]> = {
      topics: ['every', 'byId', 'version', 'published'],
      feeds: ['syncConfig', 'get', 'find', 'all', 'due', 'nextDueAt', 'recordSuccess', 'recordFailure', 'hasItem', 'addItem'],
      subscriptions: ['forChannelRef', 'all', 'instantFor', 'pause', 'markDigest'],
      tenants: ['usage', 'leftBefore', 'removalImpact', 'copyTimeline'],
    };
    // Events, stories, articles, the outbox and the calendar are keyed by a topic id or a channel: commands reach
    // them only with a topic from the tenant-scoped look-ups above, or with the caller's own channel. A part added
    // to the store must be placed on one side or the other here.
    const parts = Object.entries(store).filter(([, value]) => /Store$/.test((value as object | null)?.constructor?.name ?? '')).map(([key]) => key);
    assert.deepEqual(parts.sort(), ['articles', 'calendar', 'events', 'feeds', 'outbox', 'slackInstallations', 'stories', 'subscriptions', 'tenants', 'topics'],
      'a new part of the store is classified here');
    for (const part of ['topics', 'feeds', 'subscriptions', 'tenants'] as const) {
      const methods = Object.getOwnPropertyNames(Object.getPrototypeOf(store[part])).filter((name) => name !== 'constructor').sort();
      const covered = [...Object.keys(asB).filter((key) => key.startsWith(`${part}.`)).map((key) => key.slice(part.length + 1)), ...machinery[part]!].sort();
      assert.deepEqual(methods, covered, `every public function of store.${part} is either tried as B above or listed as machinery`);
    }
  } finally {
    app.remove();
  }
});
