import { parseTopicQuery } from '../../query.js';
import { errorReply, textReply, type Reply } from '../../reply.js';
import { pagedReply, searchEvents } from '../../timeline.js';
import { keyEvents } from '../../rank/key-events.js';
import type { Subcommand } from '../types.js';
import { requireTopic } from './options.js';
import { webName, withTimelineLink } from '../../web-link.js';

/** Most key events one reply lists. */
export const MAX_TOP = 50;

/**
 * /dateline timeline topic:<t> [top:<n>] [from:<date>] [to:<date>]: the topic's events in date order, page by
 * page; with top, only its n most important events (still in date order).
 */
const timelineListing: Subcommand = {
  spec: {
    name: 'timeline',
    description: 'Every event of a topic in date order',
    options: [
      { name: 'topic', description: 'The topic', required: true, autocomplete: true },
      { name: 'from', description: 'First date (2012, 2015-08, 2015-08-13)' },
      { name: 'to', description: 'Last date' },
      { name: 'top', description: `Only the N most important events (1-${MAX_TOP})` },
      { name: 'picture', description: 'Attach the timeline as a picture', choices: ['on', 'off'] },
    ],
  },
  run: (input, context) => {
    const found = requireTopic(input, context);
    if ('reply' in found) return found.reply;
    const { topic } = found;
    const from = input.options.from?.trim();
    const to = input.options.to?.trim();
    let period;
    if (from || to) {
      const years = context.store.events.yearsWithEvents(context.tenant, topic.id);
      const parsed = parseTopicQuery(`${from || years[0] || '1000'}..${to || years.at(-1) || '2999'}`);
      if (!parsed.ok) return errorReply('/dateline timeline: I can\'t read those dates', parsed.message);
      if (parsed.query.kind !== 'search' || !parsed.query.period) {
        return errorReply('/dateline timeline: I can\'t read those dates', 'from and to take dates such as 2012, 2015-08 or 2015-08-13.');
      }
      period = parsed.query.period;
    }
    const topText = input.options.top?.trim();
    if (topText) {
      const top = Number(topText);
      if (!Number.isInteger(top) || top < 1 || top > MAX_TOP) {
        return errorReply('/dateline timeline: top takes a number', `top takes a whole number from 1 to ${MAX_TOP}, e.g. top:10.`);
      }
      const { reply } = keyEvents(context.store, { tenant: context.tenant, topic, top, within: period?.span, periodLabel: period?.label });
      if (reply.items.length === 0) return textReply(`${topic.title}: timeline`, 'No events in that period.');
      return withTimelineLink(reply, context.config.publicUrl, webName(topic), { span: period?.span });
    }
    const command = ['/dateline timeline', `topic:${topic.name}`, from && `from:${from}`, to && `to:${to}`, input.options.picture && `picture:${input.options.picture}`].filter(Boolean).join(' ');
    const result = searchEvents(context.store, { tenant: context.tenant, topic, period, keywords: [] }, { page: context.page, pageSize: context.pageSize, command });
    if ('unsearchable' in result || result.total === 0) return textReply(`${topic.title}: timeline`, 'No events in that period.');
    return withTimelineLink(pagedReply(`${topic.title}: timeline${period ? `, ${period.label}` : ''}`, result, command), context.config.publicUrl, webName(topic), { span: period?.span });
  },
};

/** The listing, with its timeline attached as a picture when picture:on asks for one. */
export const timelineSubcommand: Subcommand = {
  spec: timelineListing.spec,
  run: async (input, context) => {
    const picture = input.options.picture?.trim().toLowerCase();
    if (picture !== undefined && picture !== 'on' && picture !== 'off') {
      return errorReply('/dateline timeline: picture takes on or off', 'For example /dateline timeline topic:assange top:10 picture:on.');
    }
    const reply: Reply = await timelineListing.run(input, context);
    return picture === 'on' && !reply.error && reply.items.length > 0 ? { ...reply, picture: true } : reply;
  },
};
