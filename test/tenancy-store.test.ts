import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OPERATOR } from '../src/store/index.js';
import { tempApp } from './helpers/app.js';
import { upgradedStore } from './helpers/old-database.js';

// Tenancy in the store: a database made before tenancy keeps everything, and no public function reached with one
// tenant reads or changes another's topics, feeds, subscriptions or queued posts.

const NOW = new Date('2026-03-01T12:00:00Z');
const SETTINGS = { mode: 'instant' as const, localTime: '09:00', timezone: 'UTC', onThisDay: true, filter: null };

test('a database made by the previous release keeps all its data: topics become the operator\'s, subscriptions their channel\'s tenant\'s', () => {
  // The previous release: every migration before tenancy (ids below 13).
  upgradedStore((id) => id < 13, NOW, (old) => {
    const at = NOW.toISOString();
    old.prepare(`INSERT INTO topics (id, name, title, keywords, created_at) VALUES (7, 'harbour', 'The harbour', '["harbour"]', ?)`).run(at);
    old.prepare(`INSERT INTO events (topic_id, date, precision, date_start, date_end, summary, origin, created_at, updated_at)
      VALUES (7, '2025-06-01', 'day', '2025-06-01', '2025-06-01', 'The harbour wall was rebuilt.', 'manual', ?, ?)`).run(at, at);
    old.prepare(`INSERT INTO feeds (topic_id, url, created_at) VALUES (7, 'https://news.example/harbour.xml', ?)`).run(at);
    for (const channel of ['console:desk', 'discord:111', 'slack:C222']) {
      old.prepare('INSERT INTO subscriptions (channel_ref, topic_id, created_at) VALUES (?, 7, ?)').run(channel, at);
    }
    old.prepare(`INSERT INTO outbox (key, channel_ref, kind, subject, payload, next_attempt_at, created_at) VALUES ('k1', 'discord:111', 'alert', 'harbour', '{}', ?, ?)`).run(at, at);
    old.prepare(`INSERT INTO outbox (key, channel_ref, kind, subject, payload, next_attempt_at, created_at) VALUES ('k2', 'console:desk', 'alert', 'harbour', '{}', ?, ?)`).run(at, at);
    old.prepare(`INSERT INTO outbox_skips (key, decided_at) VALUES ('discord:111|digest|harbour|2026-02-28', ?)`).run(at);
  }, (store) => {
    const topic = store.topics.get('harbour')!;
    assert.deepEqual([topic.id, topic.tenant, topic.title, topic.keywords], [7, OPERATOR, 'The harbour', ['harbour']]);
    assert.equal(store.events.page(OPERATOR, { topicId: 7, limit: 0 }).total, 1);
    assert.deepEqual(store.feeds.list(7).map((f) => [f.url, f.tenant]), [['https://news.example/harbour.xml', OPERATOR]]);
    assert.deepEqual(store.subscriptions.all().map((s) => [s.channelRef, s.tenant]),
      [['console:desk', OPERATOR], ['discord:111', null], ['slack:C222', null]], 'platform channels wait for their platform to say whose they are');
    assert.equal(store.outbox.countsAllTenants().queued, 2);
    assert.equal(store.outbox.byKey(null, 'k1')?.channelRef, 'discord:111', 'a post waits, like its channel, for a platform to claim it');
    assert.equal(store.outbox.byKey(OPERATOR, 'k2')?.channelRef, 'console:desk', 'console posts are the operator\'s');
    // The platforms claim their channels: Discord per server's channels, a single-token Slack app all of Slack's.
    assert.equal(store.subscriptions.claimChannels('discord:9', ['discord:111']), 1);
    assert.equal(store.subscriptions.claimPlatform('slack:T1', 'slack:'), 1);
    assert.deepEqual(store.subscriptions.ofTenant('discord:9').map((s) => s.channelRef), ['discord:111']);
    assert.equal(store.outbox.byKey('discord:9', 'k1')?.status, 'queued', 'the channel\'s posts go with its subscriptions');
    assert.ok(store.outbox.has('discord:9', 'discord:111|digest|harbour|2026-02-28'), 'and so do the posts it decided against');
    // The rebuilt table still cascades: removing the topic takes its feeds, events and subscriptions.
    assert.equal((store.db.pragma('foreign_key_check') as unknown[]).length, 0);
    store.db.prepare('DELETE FROM topics WHERE id = 7').run();
    assert.equal(store.subscriptions.all().length, 0);
    assert.equal(store.feeds.all().length, 0);
  });
});

test('a database made by the release before outbox tenants gives each post its channel\'s tenant', () => {
  // That release: every migration but 16 (so 20 came before it).
  upgradedStore((id) => id !== 16, NOW, (old) => {
    const at = NOW.toISOString();
    old.prepare(`INSERT INTO topics (id, tenant, name, title, keywords, created_at, updated_at) VALUES (8, 'discord:1', 'acme', 'Acme', '["acme"]', ?, ?)`).run(at, at);
    old.prepare(`INSERT INTO subscriptions (tenant, channel_ref, topic_id, created_at) VALUES ('discord:1', 'discord:10', 8, ?)`).run(at);
    const row = old.prepare(`INSERT INTO outbox (key, channel_ref, kind, subject, payload, next_attempt_at, created_at) VALUES (?, ?, 'alert', 'acme', '{}', ?, ?)`);
    row.run('discord:10|alert|acme|story:1', 'discord:10', at, at);
    row.run('discord:99|alert|acme|story:1', 'discord:99', at, at);
    old.prepare(`INSERT INTO outbox_skips (key, decided_at) VALUES ('discord:10|digest|acme|2026-03-01', ?)`).run(at);
  }, (store) => {
    assert.equal(store.outbox.byKey('discord:1', 'discord:10|alert|acme|story:1')?.status, 'queued');
    assert.ok(store.outbox.has('discord:1', 'discord:10|digest|acme|2026-03-01'));
    assert.equal(store.outbox.byKey('discord:2', 'discord:10|alert|acme|story:1'), undefined);
    assert.equal(store.outbox.byKey(null, 'discord:99|alert|acme|story:1')?.channelRef, 'discord:99', 'a channel without subscriptions has no tenant yet');
    assert.equal(store.outbox.countsAllTenants().queued, 2, 'no post is lost');
  });
});

test('no public store function reached with tenant B reads or changes tenant A\'s topics, feeds, subscriptions, events, stories or posts', () => {
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

    // A's timeline, story and posts: an article filed under acme, an event it reports, a story holding it, its alert
    // (sent), an edit of the alert (sent), a second edit waiting, and a digest decided against.
    const published = '2026-03-01T10:00:00Z';
    const article = store.articles.insert({ key: 'acme-1', url: 'https://a.example/acme-1', title: 'Acme rocket reaches orbit', published, firstSeen: NOW.toISOString() });
    const bArticle = store.articles.insert({ key: 'bolt-1', url: 'https://b.example/bolt-1', title: 'Bolt opens a depot', published, firstSeen: NOW.toISOString() });
    store.articles.fileUnderTopic(A, article, acme.id);
    const day = { value: '2026-03-01', precision: 'day' as const };
    const event = store.events.insert(A, { topicId: acme.id, date: day, summary: 'Acme rocket reaches orbit', origin: 'manual' }, NOW);
    store.events.addSource(A, event, article, 'The Acme rocket reached orbit today.', 0, day);
    const story = store.stories.create(A, acme.id, 'Acme rocket reaches orbit', NOW);
    store.stories.addArticle(A, story, article, NOW);
    const alert = 'discord:10|alert|acme|story:1';
    const edit = (n: number) => `discord:10|edit|acme|story:1:edit:${n}`;
    const digest = 'discord:10|digest|acme|2026-03-01';
    const post = (key: string, refKey?: string) => ({ key, channelRef: 'discord:10', kind: refKey ? 'edit' : 'alert', subject: 'acme', payload: '{"title":"Acme"}', refKey });
    store.outbox.enqueue(A, post(alert), NOW);
    store.outbox.enqueue(A, post(edit(1), alert), NOW);
    store.outbox.markDelivered([store.outbox.byKey(A, alert)!.id, store.outbox.byKey(A, edit(1))!.id], 'm1', NOW);
    store.outbox.enqueue(A, post(edit(2), alert), NOW);
    store.outbox.remember(A, digest, NOW);

    const entries = (map: Map<unknown, unknown>) => [...map];
    const snapshot = () => JSON.stringify({
      topics: store.topics.ownedBy(A), feeds: store.feeds.list(undefined, A), subs: store.subscriptions.ofTenant(A),
      events: store.events.all(A, acme.id), sources: entries(store.events.sources(A, [event])), filed: store.articles.topicIdsOf(A, article),
      stories: [store.stories.get(A, story), entries(store.stories.articles(A, [story]))],
      posts: store.outbox.recentAllTenants(50).filter((row) => row.tenant === A), decided: store.outbox.has(A, digest),
    });
    const before = snapshot();
    const seesA = (value: unknown) => /acme|a\.example|discord:10/i.test(JSON.stringify(value ?? null));
    const since = new Date(NOW.getTime() - 86_400_000);
    const until = new Date(NOW.getTime() + 86_400_000);

    // Every function that takes a tenant and changes something, called as B: nothing of A comes back, nothing of A changes.
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
      'events.insert': () => assert.throws(() => store.events.insert(B, { topicId: acme.id, date: day, summary: 'B was here', origin: 'manual' }, NOW)),
      'events.setDate': () => store.events.setDate(B, event, { value: '1999', precision: 'year' }, NOW),
      'events.addSource': () => store.events.addSource(B, event, bArticle, 'B was here', 0),
      'events.saveScores': () => store.events.saveScores(B, [{ id: event, importance: 99, summary: 'B was here' }]),
      'stories.create': () => assert.throws(() => store.stories.create(B, acme.id, 'B was here', NOW)),
      'stories.addArticle': () => store.stories.addArticle(B, story, bArticle, NOW),
      'articles.fileUnderTopic': () => store.articles.fileUnderTopic(B, bArticle, acme.id),
      'outbox.enqueue': () => [
        store.outbox.enqueue(B, { ...post(alert), payload: '{"title":"B"}' }, NOW),
        store.outbox.enqueue(B, { ...post('discord:10|alert|acme|story:99'), payload: '{"title":"B"}' }, NOW),
      ],
      'outbox.setPayload': () => store.outbox.setPayload(B, alert, '{"title":"B"}'),
      'outbox.refreshPayload': () => store.outbox.refreshPayload(B, edit(2), '{"title":"B"}'),
      'outbox.remember': () => store.outbox.remember(B, digest, NOW),
    };
    for (const [name, call] of Object.entries(asB)) {
      assert.ok(!seesA(call()), `${name} as B returned A's data`);
      assert.equal(snapshot(), before, `${name} as B changed A's data`);
    }
    assert.equal(store.topics.get('acme', A)!.title, 'Acme Orbital');
    assert.equal(store.topics.published('acme', 'b-chose-this-token-for-acme'), undefined);
    assert.equal(store.outbox.byKey(B, 'discord:10|alert|acme|story:99'), undefined, 'B cannot queue a post to A\'s channel');

    // Every function that reads by tenant: A gets its data (so the check can fail), B gets nothing.
    const read: Record<string, (tenant: string) => unknown> = {
      'events.get': (t) => store.events.get(t, event),
      'events.overlappingDates': (t) => store.events.overlappingDates(t, acme.id, { value: '2026', precision: 'year' }),
      'events.sameDateEvents': (t) => store.events.sameDateEvents(t, acme.id, day),
      'events.nearDateEvents': (t) => store.events.nearDateEvents(t, acme.id, { value: '2026-03', precision: 'month' }),
      'events.sourceSentences': (t) => store.events.sourceSentences(t, event),
      'events.mentions': (t) => store.events.mentions(t, acme.id),
      'events.publicationCounts': (t) => entries(store.events.publicationCounts(t, acme.id)),
      'events.publicationSpan': (t) => store.events.publicationSpan(t, acme.id),
      'events.sources': (t) => entries(store.events.sources(t, [event])),
      'events.yearsWithEvents': (t) => store.events.yearsWithEvents(t, acme.id),
      'events.page': (t) => [store.events.page(t, { topicId: acme.id, limit: 10 }).total, store.events.page(t, { topicId: acme.id, match: 'acme*', limit: 10 }).events],
      'events.all': (t) => store.events.all(t, acme.id),
      'calendar.countsBy': (t) => store.calendar.countsBy(t, acme.id, 'day'),
      'stories.get': (t) => store.stories.get(t, story),
      'stories.activeBetween': (t) => store.stories.activeBetween(t, acme.id, since, until),
      'stories.clusterCandidates': (t) => store.stories.clusterCandidates(t, acme.id, since),
      'stories.newsEvents': (t) => store.stories.newsEvents(t, article, acme.id),
      'stories.leadDays': (t) => store.stories.leadDays(t, article, acme.id),
      'stories.latestLeadDay': (t) => store.stories.latestLeadDay(t, story, acme.id),
      'stories.articles': (t) => entries(store.stories.articles(t, [story])),
      'articles.topicIdsOf': (t) => store.articles.topicIdsOf(t, article),
      'outbox.byKey': (t) => store.outbox.byKey(t, alert),
      'outbox.unstarted': (t) => store.outbox.unstarted(t, alert, 'edit'),
      'outbox.updates': (t) => store.outbox.updates(t, alert, 'edit'),
      'outbox.lastUpdate': (t) => store.outbox.lastUpdate(t, alert, 'edit'),
      'outbox.has': (t) => store.outbox.has(t, alert),
    };
    const nothing = (value: unknown): boolean => value === undefined || value === false || value === 0
      || (Array.isArray(value) && value.every((part) => nothing(part)));
    for (const [name, call] of Object.entries(read)) {
      assert.ok(!nothing(call(A)), `${name} as A finds A's data`);
      assert.ok(nothing(call(B)), `${name} as B found A's data: ${JSON.stringify(call(B))}`);
    }
    assert.equal(snapshot(), before);

    // The rest serve every tenant (polling, scheduling, the delivery loop, the operator's status and CLI, the keyword
    // index's upkeep), take ids that only the functions above or the delivery loop hand out, or keep the outlets'
    // article text, stored once.
    const machinery: Record<string, string[]> = {
      topics: ['every', 'byId', 'version', 'published'],
      feeds: ['syncConfig', 'get', 'find', 'all', 'due', 'nextDueAt', 'recordSuccess', 'recordFailure', 'hasItem', 'addItem'],
      subscriptions: ['forChannelRef', 'all', 'instantFor', 'pause', 'markDigest'],
      tenants: ['usage', 'leftBefore', 'removalImpact', 'copyTimeline'],
      events: ['indexSummaries'],
      calendar: [],
      stories: [],
      articles: ['findByKey', 'findByContentHash', 'insert'],
      outbox: ['dueAllTenants', 'beginSend', 'markDelivered', 'retryAt', 'fail', 'assignBatch', 'batch', 'logOutcome', 'healthAllTenants', 'recentAllTenants', 'countsAllTenants'],
    };
    // Slack installations are the platform's credentials per workspace, reached only by Bolt with the team id it verified.
    const parts = Object.entries(store).filter(([, value]) => /Store$/.test((value as object | null)?.constructor?.name ?? '')).map(([key]) => key);
    assert.deepEqual(parts.sort(), [...Object.keys(machinery), 'slackInstallations'].sort(), 'a new part of the store is classified here');
    for (const part of Object.keys(machinery) as (keyof typeof machinery & keyof typeof store)[]) {
      const methods = Object.getOwnPropertyNames(Object.getPrototypeOf(store[part])).filter((name) => name !== 'constructor').sort();
      const tried = [...Object.keys(asB), ...Object.keys(read)].filter((key) => key.startsWith(`${part}.`)).map((key) => key.slice(part.length + 1));
      assert.deepEqual(methods, [...tried, ...machinery[part]!].sort(), `every public function of store.${part} is either tried as B above or listed as machinery`);
    }
  } finally {
    app.remove();
  }
});
